//! The SMTP server `crm serve` can run for a support address (`CRM_SMTP_LISTEN`), built on
//! `mailin-embedded` (blocking, a thread per connection from a small pool). Each message is
//! handed over a channel to whoever files it (the service desk, on the async runtime); the
//! sender hears the outcome as the SMTP answer: 250 once stored, 550 when refused, 421 (try
//! later) when it could not be stored now, so the sending server keeps it and retries.

use crate::parse::MAX_RAW_BYTES;
use mailin_embedded::response::{NO_SERVICE, OK};
use mailin_embedded::{Action, Handler, Response, Server, SslConfig};
use std::net::{SocketAddr, TcpListener};
use tokio::sync::{mpsc, oneshot};

/// A received message waiting to be filed.
pub struct Delivery {
    pub raw: Vec<u8>,
    /// The envelope's recipients (`RCPT TO`), lower case.
    pub recipients: Vec<String>,
    /// Where the filer says how it went.
    pub answer: oneshot::Sender<Answer>,
}

/// What the filer made of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Stored,
    /// Refused for good, with why (not for any address here, not a message).
    Refused(String),
    /// Not stored now (the database is away): the sender should try again.
    TryLater,
}

#[derive(Clone)]
struct Session {
    deliveries: mpsc::Sender<Delivery>,
    recipients: Vec<String>,
    raw: Vec<u8>,
    too_large: bool,
}

impl Handler for Session {
    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.recipients = to.iter().map(|to| to.trim().trim_start_matches('<').trim_end_matches('>').to_lowercase()).collect();
        self.raw.clear();
        self.too_large = false;
        OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if self.raw.len() + buf.len() > MAX_RAW_BYTES {
            self.too_large = true;
        } else {
            self.raw.extend_from_slice(buf);
        }
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        if self.too_large {
            return closing(552, "the message is larger than this server takes".into());
        }
        let (answer, heard) = oneshot::channel();
        let delivery = Delivery { raw: std::mem::take(&mut self.raw), recipients: std::mem::take(&mut self.recipients), answer };
        // A pool thread, not the async runtime's: it may wait for the filer.
        if self.deliveries.blocking_send(delivery).is_err() {
            return NO_SERVICE;
        }
        match heard.blocking_recv() {
            Ok(Answer::Stored) => OK,
            Ok(Answer::Refused(why)) => closing(550, why),
            // 421: try later, and the connection closes.
            Ok(Answer::TryLater) | Err(_) => NO_SERVICE,
        }
    }
}

/// A refusal at the end of the data that also ends the session: `mailin` stays in its data
/// state after an error there, so the client's next command (RSET, QUIT) would go unanswered.
fn closing(code: u16, why: String) -> Response {
    let mut response = Response::custom(code, why);
    response.action = Action::Close;
    response
}

/// Listens on `address` (`127.0.0.1:0` picks a port) as `hostname`; returns the address it
/// listens on and the received messages, in order.
pub fn listen(address: &str, hostname: &str) -> std::io::Result<(SocketAddr, mpsc::Receiver<Delivery>)> {
    let listener = TcpListener::bind(address)?;
    let bound = listener.local_addr()?;
    let (deliveries, received) = mpsc::channel(16);
    let session = Session { deliveries, recipients: Vec::new(), raw: Vec::new(), too_large: false };
    let mut server = Server::new(session);
    server
        .with_name(hostname)
        .with_ssl(SslConfig::None)
        .map_err(|err| std::io::Error::other(err.to_string()))?
        .with_num_threads(4)
        .with_tcp_listener(listener);
    std::thread::Builder::new().name("smtp-listener".into()).spawn(move || {
        if let Err(err) = server.serve() {
            tracing::error!(error = %err, "the SMTP listener stopped");
        }
    })?;
    Ok((bound, received))
}
