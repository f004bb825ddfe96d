//! Live updates: a GraphQL subscription over `/graphql/ws`, spoken in the graphql-transport-ws
//! protocol (`connection_init` with the access token, `connection_ack`, `subscribe`, `next`,
//! `error`, `complete`, `ping`/`pong`).
//!
//! A subscription stays open while its [`Live`] handle lives: when the connection drops (the
//! network, a server restart, a laptop waking up) it reconnects after a growing pause (1 s to
//! 30 s), with a fresh access token each time, and says so through its state, so the screen
//! can show that it is catching up. Dropping the handle closes the socket for good.
//!
//! A subscription to the event log ([`follow`]) resumes where it left off: its variables are
//! built afresh at each connection, with the last position the screen heard, so the server
//! sends everything missed while away (sleep, network loss, a server restart) before what
//! happens next.

use std::cell::RefCell;
use std::rc::Rc;

use graphql_client::{GraphQLQuery, Response};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, WebSocket};

use super::client::{encode, live_token};
use super::error::ApiError;

/// The subprotocol the server speaks.
const PROTOCOL: &str = "graphql-transport-ws";
/// The longest pause between two attempts to reconnect, in milliseconds.
const MAX_PAUSE_MS: u32 = 30_000;

/// Where a subscription's connection stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LiveState {
    /// Opening (the first time).
    Connecting,
    /// Connected and subscribed: events arrive as they happen.
    Live,
    /// The connection dropped; trying again.
    Reconnecting,
    /// The server refused the subscription (not allowed, signed out): no more tries.
    Refused,
}

type OnData = Rc<dyn Fn(Result<serde_json::Value, ApiError>)>;
type OnState = Rc<dyn Fn(LiveState)>;
/// The operation to send at each connection (its variables as they stand then).
type Operation = Rc<dyn Fn() -> Result<String, ApiError>>;

struct Connection {
    socket: WebSocket,
    // Kept alive as long as the socket: the browser calls them.
    _on_open: Closure<dyn FnMut()>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_close: Closure<dyn FnMut()>,
}

struct Shared {
    /// Dropped by its owner: stop reconnecting.
    ended: bool,
    /// Consecutive failed attempts, for the pause before the next.
    failures: u32,
    connection: Option<Connection>,
}

/// An open subscription; dropping it closes it.
pub struct Live {
    shared: Rc<RefCell<Shared>>,
}

impl Drop for Live {
    fn drop(&mut self) {
        let mut shared = self.shared.borrow_mut();
        shared.ended = true;
        if let Some(connection) = shared.connection.take() {
            // The handlers go first: the browser must not call them once they are dropped.
            connection.socket.set_onopen(None);
            connection.socket.set_onmessage(None);
            connection.socket.set_onclose(None);
            let _ = connection.socket.close();
        }
    }
}

/// Subscribes to `Q` with `variables`: each event's `data` (or error) goes to `on_data`, each
/// change of the connection to `on_state`. The data comes as JSON, for the screen to read
/// into the types of `Q`, or of a query that selects the same fragment (so that what the
/// screen shows after an event and after reading the record again is one type).
#[allow(clippy::result_large_err)] // the operation's closure returns the app's one error type
pub fn subscribe<Q: GraphQLQuery + 'static>(
    variables: Q::Variables,
    on_data: impl Fn(Result<serde_json::Value, ApiError>) + 'static,
    on_state: impl Fn(LiveState) + 'static,
) -> Live {
    match encode::<Q>(variables) {
        Ok(operation) => open(Rc::new(move || Ok(operation.clone())), Rc::new(on_data), Rc::new(on_state)),
        Err(err) => {
            on_data(Err(err));
            Live { shared: Rc::new(RefCell::new(Shared { ended: true, failures: 0, connection: None })) }
        }
    }
}

/// As [`subscribe`], with the variables `variables` gives at each connection (the last
/// position heard, for a subscription that resumes).
#[allow(clippy::result_large_err)] // as subscribe
pub fn follow<Q: GraphQLQuery + 'static>(
    variables: impl Fn() -> Q::Variables + 'static,
    on_data: impl Fn(Result<serde_json::Value, ApiError>) + 'static,
    on_state: impl Fn(LiveState) + 'static,
) -> Live {
    open(Rc::new(move || encode::<Q>(variables())), Rc::new(on_data), Rc::new(on_state))
}

fn open(operation: Operation, on_data: OnData, on_state: OnState) -> Live {
    let shared = Rc::new(RefCell::new(Shared { ended: false, failures: 0, connection: None }));
    on_state(LiveState::Connecting);
    connect(shared.clone(), operation, on_data, on_state);
    Live { shared }
}

/// Opens the socket (after the pause its failures call for) with a fresh token.
fn connect(shared: Rc<RefCell<Shared>>, operation: Operation, on_data: OnData, on_state: OnState) {
    leptos::task::spawn_local(async move {
        let failures = shared.borrow().failures;
        if failures > 0 {
            let pause = 1_000_u32.saturating_mul(1 << failures.min(5)).min(MAX_PAUSE_MS);
            gloo_timers::future::TimeoutFuture::new(pause).await;
        }
        if shared.borrow().ended {
            return;
        }
        let token = match live_token().await {
            Ok(token) => token,
            Err(err) => {
                on_state(LiveState::Refused);
                on_data(Err(err));
                return;
            }
        };
        let Some(url) = socket_url() else { return };
        let Ok(socket) = WebSocket::new_with_str(&url, PROTOCOL) else {
            shared.borrow_mut().failures += 1;
            return connect(shared, operation, on_data, on_state);
        };
        let init = serde_json::json!({"type": "connection_init", "payload": {"authorization": format!("Bearer {token}")}}).to_string();
        let opened = socket.clone();
        let on_open = Closure::<dyn FnMut()>::new(move || {
            let _ = opened.send_with_str(&init);
        });
        let on_message = {
            let (socket, shared, operation, on_data, on_state) =
                (socket.clone(), shared.clone(), operation.clone(), on_data.clone(), on_state.clone());
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let Some(text) = event.data().as_string() else { return };
                let Ok(message) = serde_json::from_str::<serde_json::Value>(&text) else { return };
                match message["type"].as_str() {
                    Some("connection_ack") => {
                        shared.borrow_mut().failures = 0;
                        match operation() {
                            Ok(operation) => {
                                let subscribe = format!(r#"{{"id":"1","type":"subscribe","payload":{operation}}}"#);
                                let _ = socket.send_with_str(&subscribe);
                                on_state(LiveState::Live);
                            }
                            Err(err) => on_data(Err(err)),
                        }
                    }
                    Some("next") => on_data(event_data(message["payload"].clone())),
                    Some("error") => {
                        let errors: Vec<graphql_client::Error> = serde_json::from_value(message["payload"].clone()).unwrap_or_default();
                        on_state(LiveState::Refused);
                        on_data(Err(ApiError::from_graphql(&errors)));
                    }
                    Some("ping") => {
                        let _ = socket.send_with_str(r#"{"type":"pong"}"#);
                    }
                    _ => {}
                }
            })
        };
        let on_close = {
            let (shared, operation, on_data, on_state) = (shared.clone(), operation.clone(), on_data.clone(), on_state.clone());
            Closure::<dyn FnMut()>::new(move || {
                let (closed, retry) = {
                    let mut state = shared.borrow_mut();
                    state.failures += 1;
                    (state.connection.take(), !state.ended)
                };
                // This handler is one of the closed connection's: dropped once it has returned.
                leptos::task::spawn_local(async move { drop(closed) });
                if retry {
                    on_state(LiveState::Reconnecting);
                    connect(shared.clone(), operation.clone(), on_data.clone(), on_state.clone());
                }
            })
        };
        socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        shared.borrow_mut().connection = Some(Connection { socket, _on_open: on_open, _on_message: on_message, _on_close: on_close });
    });
}

/// One event's data, or the error the server gave instead (an UNAUTHENTICATED after the
/// session ended).
#[allow(clippy::result_large_err)]
fn event_data(payload: serde_json::Value) -> Result<serde_json::Value, ApiError> {
    let parsed: Response<serde_json::Value> =
        serde_json::from_value(payload).map_err(|err| ApiError::Network(format!("unexpected event: {err}")))?;
    match (parsed.data, parsed.errors) {
        (_, Some(errors)) if !errors.is_empty() => Err(ApiError::from_graphql(&errors)),
        (Some(data), _) if !data.is_null() => Ok(data),
        _ => Err(ApiError::Network("an event without data".into())),
    }
}

/// `ws(s)://<this origin>/graphql/ws`.
fn socket_url() -> Option<String> {
    let location = web_sys::window()?.location();
    let scheme = if location.protocol().ok()? == "https:" { "wss" } else { "ws" };
    Some(format!("{scheme}://{}/graphql/ws", location.host().ok()?))
}
