//! End-to-end harness: drives the real `crm` binary the way operators and clients do.
//!
//! - [`crm_binary`] finds the executable (`CRM_BIN`, else `$CARGO_TARGET_DIR` or the
//!   workspace's `target/`, release or debug, whichever is newer).
//! - [`seed_demo`] runs `crm seed --demo` into a database URL.
//! - [`Server`] runs `crm serve` on a free loopback port, waits for `/readyz`, and kills the
//!   process when dropped.
//! - [`Client`] posts GraphQL operations and signs in.
//! - [`Instance`] is all of it on a fresh SQLite file: what each end-to-end test starts from.
//! - [`load`] runs closed-loop load for the `bench` binary.
//! - [`browser`] drives headless Chromium over WebDriver for the browser tests.
//! - [`axe`] checks the pages of the browser tests for accessibility with axe-core.
//! - [`erp`] is a stand-in ERP receiving the order webhooks.

pub mod axe;
pub mod browser;
mod client;
pub mod erp;
pub mod load;
mod server;

pub use client::{error_code, has_errors, Client, Tokens};
pub use server::{app_dir, crm_binary, free_port, seed_demo, workspace_dir, Server, SqliteDb};

/// The accounts `crm seed --demo` creates, all with [`demo::PASSWORD`].
pub mod demo {
    pub const PASSWORD: &str = "demo-password";
    pub const ADMIN: &str = "admin@demo.test";
    pub const MANAGER: &str = "manager@demo.test";
    pub const SALES_REP: &str = "sales@demo.test";
    pub const MARKETER: &str = "marketing@demo.test";
    pub const AGENT: &str = "agent@demo.test";
    pub const SERVICE_MANAGER: &str = "service.manager@demo.test";
    pub const ANALYST: &str = "analyst@demo.test";
    pub const PARTNER: &str = "partner@partner.demo.test";
    pub const CUSTOMER: &str = "customer@customer.demo.test";
}

/// A server on its own freshly seeded SQLite database. Dropping it stops the server, then
/// removes the database.
pub struct Instance {
    // Field order is drop order: the process goes before its files.
    pub server: Server,
    pub db: SqliteDb,
    pub client: Client,
}

impl Instance {
    /// Seeds `customers` demo customers (generator seed 42) into a new SQLite file and serves it.
    pub async fn seeded(customers: usize, env: &[(&str, &str)]) -> anyhow::Result<Self> {
        let db = SqliteDb::new()?;
        seed_demo(&db.url(), customers, 42).await?;
        let server = Server::start(&db.url(), env).await?;
        let client = Client::new(server.base_url())?;
        Ok(Self { server, db, client })
    }

    /// Signs in a demo account with the demo password; returns the access token.
    pub async fn login(&self, email: &str) -> anyhow::Result<String> {
        self.client.login(email, demo::PASSWORD).await
    }
}
