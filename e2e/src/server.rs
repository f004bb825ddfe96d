//! Running the real `crm` binary: find it, seed a database with it, serve with it.
//!
//! The server is a child process on a free loopback port; its output goes to a log file
//! that start-up errors quote, and dropping the [`Server`] kills the process.

use anyhow::{bail, Context};
use std::fs::File;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime};
use tempfile::TempDir;

/// How long a server may take to migrate and answer `/readyz`.
const READY_TIMEOUT: Duration = Duration::from_secs(60);

/// The `crm` executable: `CRM_BIN`, else the newest of `release/crm` and `debug/crm` under
/// `$CARGO_TARGET_DIR`, else under the workspace's `target/`.
pub fn crm_binary() -> anyhow::Result<PathBuf> {
    if let Some(path) = std::env::var_os("CRM_BIN").filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        anyhow::ensure!(path.is_file(), "CRM_BIN={} is not a file", path.display());
        return Ok(path);
    }
    let workspace = workspace_dir();
    let mut target_dirs = Vec::new();
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR").filter(|d| !d.is_empty()) {
        target_dirs.push(workspace.join(dir)); // join keeps an absolute path as it is
    }
    target_dirs.push(workspace.join("target"));
    for dir in &target_dirs {
        let newest = ["release", "debug"]
            .iter()
            .map(|profile| dir.join(profile).join("crm"))
            .filter_map(|path| Some((modified(&path)?, path)))
            .max_by_key(|(time, _)| *time);
        if let Some((_, path)) = newest {
            return Ok(path);
        }
    }
    let searched: Vec<String> = target_dirs.iter().map(|d| d.display().to_string()).collect();
    bail!(
        "the crm binary was not found (searched {}): build it with `cargo build -p crm` (or `--release`), or set CRM_BIN",
        searched.join(", ")
    )
}

/// The workspace root (the parent of this crate).
pub fn workspace_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap_or(Path::new("."))
}

/// `frontend/dist` of the workspace when `cargo xtask app` has built it (it has an
/// `index.html`). [`Server`] serves the app from there (`CRM_APP_DIR`), so the tests use the
/// freshly built app whatever copy the binary embedded.
pub fn app_dir() -> Option<PathBuf> {
    let dir = workspace_dir().join("frontend").join("dist");
    dir.join("index.html").is_file().then_some(dir)
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).ok().filter(|m| m.is_file())?.modified().ok()
}

/// A free loopback port: bind port 0, read what the OS chose, release it.
pub fn free_port() -> anyhow::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("binding a probe socket")?;
    Ok(listener.local_addr()?.port())
}

/// A fresh SQLite database file in its own temporary directory (removed on drop).
pub struct SqliteDb {
    dir: TempDir,
}

impl SqliteDb {
    pub fn new() -> anyhow::Result<Self> {
        Ok(Self { dir: tempfile::Builder::new().prefix("crm-e2e-").tempdir()? })
    }

    /// `sqlite:///…/crm.db?mode=rwc`
    pub fn url(&self) -> String {
        format!("sqlite://{}?mode=rwc", self.dir.path().join("crm.db").display())
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}

/// Runs `crm seed --demo --customers N --seed S` into `database_url`; returns how long it took.
pub async fn seed_demo(database_url: &str, customers: usize, seed: u64) -> anyhow::Result<Duration> {
    let bin = crm_binary()?;
    let started = Instant::now();
    let output = tokio::process::Command::new(&bin)
        .args(["seed", "--demo", "--customers", &customers.to_string(), "--seed", &seed.to_string()])
        .args(["--database-url", database_url])
        .env("CRM_LOG", "warn")
        .stdin(Stdio::null())
        .output()
        .await
        .with_context(|| format!("running {}", bin.display()))?;
    if !output.status.success() {
        bail!("`crm seed --demo` failed ({}): {}", output.status, String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(started.elapsed())
}

/// A running `crm serve`; killed on drop.
pub struct Server {
    child: Child,
    base_url: String,
    logs: TempDir,
}

impl Server {
    /// Starts `crm serve` on a free port with extra environment variables and waits until
    /// `/readyz` answers 200. Retries on another port if the chosen one was taken meanwhile.
    ///
    /// When the workspace's app is built ([`app_dir`]), the server serves it (`CRM_APP_DIR`)
    /// unless `env` names another `CRM_APP_DIR`.
    pub async fn start(database_url: &str, env: &[(&str, &str)]) -> anyhow::Result<Self> {
        let mut last_error = None;
        for _ in 0..3 {
            let mut server = Self::spawn(database_url, env)?;
            match server.wait_ready().await {
                Ok(()) => return Ok(server),
                Err(err) if server.exited() && server.log().contains("binding") => last_error = Some(err),
                Err(err) => return Err(err),
            }
        }
        Err(last_error.unwrap_or_else(|| anyhow::anyhow!("crm serve did not start")))
    }

    fn spawn(database_url: &str, env: &[(&str, &str)]) -> anyhow::Result<Self> {
        let bin = crm_binary()?;
        let port = free_port()?;
        let logs = tempfile::Builder::new().prefix("crm-e2e-log-").tempdir()?;
        let log = File::create(logs.path().join("server.log"))?;
        let mut command = Command::new(&bin);
        command
            .args(["serve", "--bind", &format!("127.0.0.1:{port}"), "--database-url", database_url])
            .env_remove("DATABASE_URL")
            .env_remove("CRM_BIND")
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log);
        if let Some(dir) = app_dir() {
            command.env("CRM_APP_DIR", dir);
        }
        for (key, value) in env {
            command.env(key, value);
        }
        let child = command.spawn().with_context(|| format!("starting {}", bin.display()))?;
        Ok(Self { child, base_url: format!("http://127.0.0.1:{port}"), logs })
    }

    async fn wait_ready(&mut self) -> anyhow::Result<()> {
        let http = reqwest::Client::builder().timeout(Duration::from_secs(2)).build()?;
        let deadline = Instant::now() + READY_TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait()? {
                bail!("crm serve exited ({status}) before it was ready; its log:\n{}", self.log_tail(40));
            }
            if let Ok(response) = http.get(self.url("/readyz")).send().await {
                if response.status() == reqwest::StatusCode::OK {
                    return Ok(());
                }
            }
            if Instant::now() > deadline {
                bail!("crm serve not ready after {READY_TIMEOUT:?}; its log:\n{}", self.log_tail(40));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    fn exited(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(Some(_)))
    }

    /// `http://127.0.0.1:PORT`
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The absolute URL of `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// Everything the server printed so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.logs.path().join("server.log")).unwrap_or_default()
    }

    /// The last `lines` lines the server printed.
    pub fn log_tail(&self, lines: usize) -> String {
        let log = self.log();
        let all: Vec<&str> = log.lines().collect();
        all[all.len().saturating_sub(lines)..].join("\n")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Killing an already finished child fails harmlessly; wait reaps it either way.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
