//! Test harness: spawn the app on a fresh database, create users, speak GraphQL.

use crm::config::{Config, Environment};
use crm::startup::Application;
use crm_core::access::require_admin;
use crm_core::clock::SystemClock;
use crm_core::context::AppContext;
use crm_core::db::Db;
use crm_core::principal::Caller;
use crm_identity::domain::{StaffRole, UserKind};
use crm_identity::inputs::CreateUserInput;
use crm_identity::users;
use futures::{SinkExt, StreamExt};
use sea_orm::{ConnectionTrait, Database};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::OnceCell;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

pub const PASSWORD: &str = "correct horse battery";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub address: String,
    /// The database the server runs on.
    pub url: String,
    pub db: Db,
    pub client: reqwest::Client,
    /// The SMTP listener's address, when the configuration turned it on.
    pub smtp: Option<std::net::SocketAddr>,
    _dir: Option<tempfile::TempDir>,
}

/// Runs a scenario once on SQLite and once on PostgreSQL (when `CRM_TEST_POSTGRES_URL` is
/// set; otherwise the PostgreSQL variant passes after saying it was skipped).
#[macro_export]
macro_rules! db_test {
    ($name:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::helpers::spawn($crate::helpers::Backend::Sqlite, |_| {}).await).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if $crate::helpers::postgres_url().is_none() {
                    println!("CRM_TEST_POSTGRES_URL not set: PostgreSQL variant skipped");
                    return;
                }
                super::$name($crate::helpers::spawn($crate::helpers::Backend::Postgres, |_| {}).await).await;
            }
        }
    };
}

pub fn postgres_url() -> Option<String> {
    std::env::var("CRM_TEST_POSTGRES_URL").ok().filter(|u| !u.is_empty())
}

/// Starts the app on a fresh database; `tweak` adjusts the configuration first.
pub async fn spawn(backend: Backend, tweak: impl FnOnce(&mut Config)) -> TestApp {
    let (url, dir) = match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().unwrap();
            (format!("sqlite://{}?mode=rwc", dir.path().join("crm.db").display()), Some(dir))
        }
        Backend::Postgres => (fresh_postgres_database().await, None),
    };
    let mut config = Config::new(url.clone(), Environment::Development);
    config.bind = "127.0.0.1:0".into();
    config.jwt_secret = Some("test-secret-test-secret-test-secret-!!".into());
    config.rate_limit_per_minute = 0;
    tweak(&mut config);
    let app = Application::build_with_clock(config, Arc::new(SystemClock)).await.unwrap();
    let address = format!("http://127.0.0.1:{}", app.port());
    let db = app.db();
    let smtp = app.smtp_address();
    tokio::spawn(app.run_until_stopped());
    TestApp { address, url, db, client: reqwest::Client::new(), smtp, _dir: dir }
}

/// Another server process's worth of application on the database of `app` (PostgreSQL: what
/// several `crm serve` behind a load balancer share).
pub async fn second_instance(app: &TestApp) -> TestApp {
    let url = app.url.clone();
    spawn(Backend::Postgres, move |config| config.database_url = url).await
}

/// Each test gets its own PostgreSQL database, copied from a template that already has the
/// migrations (creating from a template is much faster than migrating).
async fn fresh_postgres_database() -> String {
    static TEMPLATE: OnceCell<String> = OnceCell::const_new();
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let server = postgres_url().unwrap();
    let pid = std::process::id();
    let template = TEMPLATE
        .get_or_init(|| async {
            let admin = Database::connect(&server).await.unwrap();
            drop_stale_databases(&admin).await;
            let name = format!("crm_test_{pid}_template");
            admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.unwrap();
            let db = Db::connect(&with_database(&server, &name)).await.unwrap();
            use migration::MigratorTrait;
            migration::Migrator::up(&db.write, None).await.unwrap();
            db.close().await;
            name
        })
        .await;
    let name = format!("crm_test_{pid}_{}", COUNTER.fetch_add(1, Ordering::SeqCst));
    let admin = Database::connect(&server).await.unwrap();
    admin.execute_unprepared(&format!("CREATE DATABASE {name} TEMPLATE {template}")).await.unwrap();
    admin.close().await.unwrap();
    with_database(&server, &name)
}

/// Drops databases left by earlier test processes that are no longer running.
async fn drop_stale_databases(admin: &sea_orm::DatabaseConnection) {
    use sea_orm::{FromQueryResult, Statement};
    #[derive(FromQueryResult)]
    struct Row {
        datname: String,
    }
    let rows = Row::find_by_statement(Statement::from_string(
        admin.get_database_backend(),
        "SELECT datname FROM pg_database WHERE datname LIKE 'crm_test_%'",
    ))
    .all(admin)
    .await
    .unwrap();
    for row in rows {
        let pid = row.datname.split('_').nth(2).and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|p| !std::path::Path::new(&format!("/proc/{p}")).exists()) {
            let _ = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", row.datname)).await;
        }
    }
}

fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let base = match base.rfind('/') {
        Some(i) if base[..i].contains("://") && i > base.find("://").unwrap() + 2 => &base[..i],
        _ => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// A user made through the service (as an admin would), with its tokens.
pub struct TestUser {
    pub id: String,
    pub token: String,
    pub refresh: String,
}

impl TestApp {
    pub fn ctx(&self) -> AppContext {
        AppContext { db: self.db.clone(), clock: Arc::new(SystemClock) }
    }

    pub async fn create_user(
        &self,
        email: &str,
        kind: UserKind,
        role: Option<StaffRole>,
        partner: Option<&str>,
        customer: Option<&str>,
    ) -> String {
        let caller = Caller::system("tests");
        let admin = require_admin(&caller.principal).unwrap();
        let input = CreateUserInput {
            email: email.into(),
            display_name: email.split('@').next().unwrap().into(),
            password: PASSWORD.into(),
            kind,
            role,
            partner_id: partner.map(Into::into),
            customer_id: customer.map(Into::into),
            sales_team_id: None,
        };
        users::create_user(&self.ctx(), &caller, &admin, input).await.unwrap().id.to_string()
    }

    pub async fn staff(&self, email: &str, role: StaffRole) -> TestUser {
        let id = self.create_user(email, UserKind::Staff, Some(role), None, None).await;
        self.login_as(id, email).await
    }

    pub async fn partner_user(&self, email: &str, partner_id: &str) -> TestUser {
        let id = self.create_user(email, UserKind::Partner, None, Some(partner_id), None).await;
        self.login_as(id, email).await
    }

    pub async fn customer_user(&self, email: &str, customer_id: &str) -> TestUser {
        let id = self.create_user(email, UserKind::Customer, None, None, Some(customer_id)).await;
        self.login_as(id, email).await
    }

    async fn login_as(&self, id: String, email: &str) -> TestUser {
        let res = self.login(email, PASSWORD).await;
        let payload = &res["data"]["login"];
        assert!(payload.is_object(), "login failed: {res}");
        TestUser { id, token: payload["accessToken"].as_str().unwrap().into(), refresh: payload["refreshToken"].as_str().unwrap().into() }
    }

    pub async fn login(&self, email: &str, password: &str) -> Value {
        self.gql(None, "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken refreshToken expiresAt user { id email } } }", json!({"e": email, "p": password})).await
    }

    /// POSTs a GraphQL operation; returns the JSON body.
    pub async fn gql(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let res = self.post_json(token, &json!({ "query": query, "variables": variables })).await;
        assert_eq!(res.status(), 200, "unexpected HTTP status");
        res.json().await.unwrap()
    }

    pub async fn post_json(&self, token: Option<&str>, body: &Value) -> reqwest::Response {
        let mut req = self.client.post(format!("{}/graphql", self.address)).json(body);
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        req.send().await.unwrap()
    }

    /// Creates a partner organisation as admin; returns its id.
    pub async fn partner_org(&self, admin: &TestUser, name: &str) -> String {
        let res = self
            .gql(
                Some(&admin.token),
                "mutation($i: CreatePartnerOrganizationInput!) { createPartnerOrganization(input: $i) { partnerOrganization { id } } }",
                json!({"i": {"name": name, "kind": "RESELLER", "country": "IT"}}),
            )
            .await;
        ok(&res)["createPartnerOrganization"]["partnerOrganization"]["id"].as_str().unwrap().into()
    }

    /// Creates a customer with `input` (merged over a valid COMPANY default); returns it.
    pub async fn customer(&self, user: &TestUser, input: Value) -> Value {
        let res = self.try_customer(user, input).await;
        ok(&res)["createCustomer"]["customer"].clone()
    }

    pub async fn try_customer(&self, user: &TestUser, input: Value) -> Value {
        let mut full =
            json!({"kind": "COMPANY", "name": "Acme S.r.l.", "address": {"country": "IT", "region": "Lombardia", "city": "Milano"}});
        merge(&mut full, input);
        self.gql(
            Some(&user.token),
            &format!("mutation($i: CreateCustomerInput!) {{ createCustomer(input: $i) {{ customer {{ {CUSTOMER_FIELDS} }} }} }}"),
            json!({"i": full}),
        )
        .await
    }
}

pub const CUSTOMER_FIELDS: &str = "id name kind lifecycle version archived tags industry \
    address { city region country { code name } } owner { id email } partner { id name } creditLimit { amount currency } \
    contacts { id firstName lastName primary version emails { address } phones { number } consents { channel status source recordedAt } }";

fn merge(base: &mut Value, patch: Value) {
    if let (Some(b), Value::Object(p)) = (base.as_object_mut(), patch) {
        for (k, v) in p {
            b.insert(k, v);
        }
    }
}

/// The `data` of a response that must have no errors.
pub fn ok(res: &Value) -> &Value {
    assert!(res.get("errors").is_none_or(|e| e.as_array().is_none_or(Vec::is_empty)), "unexpected errors: {res}");
    &res["data"]
}

/// The code of the first error, failing the test when there is none.
pub fn code(res: &Value) -> &str {
    res["errors"][0]["extensions"]["code"].as_str().unwrap_or_else(|| panic!("expected an error with a code: {res}"))
}

/// A graphql-transport-ws client on /graphql/ws, initialised with `token`.
pub struct Socket(tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>);

impl Socket {
    pub async fn open(app: &TestApp, token: &str) -> (Self, Value) {
        let mut request = format!("{}/graphql/ws", app.address.replace("http://", "ws://")).into_client_request().unwrap();
        request.headers_mut().insert("sec-websocket-protocol", "graphql-transport-ws".parse().unwrap());
        let (stream, _) = tokio_tungstenite::connect_async(request).await.unwrap();
        let mut socket = Self(stream);
        socket.send(json!({"type": "connection_init", "payload": {"authorization": format!("Bearer {token}")}})).await;
        let ack = socket.next(Duration::from_secs(5)).await.unwrap_or(Value::Null);
        (socket, ack)
    }

    pub async fn send(&mut self, message: Value) {
        self.0.send(Message::text(message.to_string())).await.unwrap();
    }

    /// The next protocol message within `wait` (None: nothing, or the socket closed).
    pub async fn next(&mut self, wait: Duration) -> Option<Value> {
        loop {
            match tokio::time::timeout(wait, self.0.next()).await {
                Ok(Some(Ok(Message::Text(text)))) => return Some(serde_json::from_str(&text).unwrap()),
                Ok(Some(Ok(Message::Ping(_) | Message::Pong(_)))) => continue,
                _ => return None,
            }
        }
    }
}

/// A clock the test moves by hand.
pub struct HandClock(pub std::sync::Mutex<chrono::DateTime<chrono::Utc>>);

impl crm_core::clock::Clock for HandClock {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        *self.0.lock().unwrap()
    }
}
