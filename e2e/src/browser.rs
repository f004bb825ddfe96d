//! Browser end-to-end harness: headless Chromium driven over WebDriver (`chromedriver`)
//! with `fantoccini`.
//!
//! - [`BrowserEnv::detect`] finds `chromedriver` (`CRM_CHROMEDRIVER`, else `PATH`), Chromium
//!   (`CRM_CHROMIUM`, else `/usr/bin/chromium`, else `PATH`) and the built app
//!   (`frontend/dist/index.html`). When something is missing the test is skipped with a loud
//!   line on stderr, or fails when `CRM_E2E_BROWSER=require` (as CI sets it).
//! - [`BrowserEnv::run`] starts chromedriver on a free port, opens a fresh headless browser
//!   (its own profile, the asked locale) on a server, runs the test body with a [`Page`], and
//!   on failure (an `Err` or a panic) saves `e2e/screenshots/<test>.png` and the page's HTML
//!   beside it, printing where. What the page logged to its console is printed, and an error
//!   there (a failed load, a CSP violation, a panic of the app) fails the test. Chromedriver
//!   is killed when the run ends.
//! - [`Page`] has the waits and actions the tests need: wait for a selector or a text, fill an
//!   input, click, read the path, run script.

use anyhow::{bail, ensure, Context};
use fantoccini::elements::Element;
use fantoccini::error::CmdError;
use fantoccini::{Client, ClientBuilder, Locator};
use futures::FutureExt;
use serde_json::{json, Value};
use std::fs::File;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

use crate::server::{app_dir, free_port, workspace_dir};

/// How long a wait for something on the page lasts before the test fails.
pub const WAIT: Duration = Duration::from_secs(20);
/// How often a wait looks again.
const POLL: Duration = Duration::from_millis(100);
/// How long chromedriver may take to answer `/status`.
const DRIVER_TIMEOUT: Duration = Duration::from_secs(30);

/// `CRM_E2E_BROWSER=require`: a missing browser or app fails the test instead of skipping it.
pub fn browser_required() -> bool {
    std::env::var("CRM_E2E_BROWSER").is_ok_and(|value| value.trim().eq_ignore_ascii_case("require"))
}

/// Skips (prints a loud line, returns `Ok(None)`) or fails (`CRM_E2E_BROWSER=require`) for a
/// missing prerequisite of a test that CI runs with its tools (browser, axe-core, graphql-js).
pub fn missing<T>(what: &str) -> anyhow::Result<Option<T>> {
    if browser_required() {
        bail!("CRM_E2E_BROWSER=require but {what}");
    }
    eprintln!("\n==================== SKIPPED test: {what} ====================\n");
    Ok(None)
}

/// The executable `name` in one of the directories of `PATH`.
fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(name)).find(|candidate| candidate.is_file())
}

/// A path from an environment variable, if set and non-empty.
fn env_path(key: &str) -> Option<PathBuf> {
    std::env::var_os(key).filter(|value| !value.is_empty()).map(PathBuf::from)
}

/// Where the browser, its driver and the built app are.
#[derive(Debug, Clone)]
pub struct BrowserEnv {
    pub chromedriver: PathBuf,
    pub chromium: PathBuf,
    /// `frontend/dist` (the server is started with `CRM_APP_DIR` pointing here).
    pub app_dir: PathBuf,
}

impl BrowserEnv {
    /// Everything a browser test needs, or `Ok(None)` after printing why the test is skipped;
    /// an `Err` instead of a skip when `CRM_E2E_BROWSER=require`.
    pub fn detect() -> anyhow::Result<Option<Self>> {
        let chromedriver = match env_path("CRM_CHROMEDRIVER") {
            Some(path) if path.is_file() => path,
            Some(path) => return missing(&format!("CRM_CHROMEDRIVER={} is not a file", path.display())),
            None => match on_path("chromedriver") {
                Some(path) => path,
                None => return missing("chromedriver is not on PATH: install chromium and chromium-driver (or set CRM_CHROMEDRIVER)"),
            },
        };
        let chromium = match env_path("CRM_CHROMIUM") {
            Some(path) if path.is_file() => path,
            Some(path) => return missing(&format!("CRM_CHROMIUM={} is not a file", path.display())),
            None => match Some(PathBuf::from("/usr/bin/chromium")).filter(|p| p.is_file()).or_else(|| on_path("chromium")) {
                Some(path) => path,
                None => return missing("chromium was not found: install chromium and chromium-driver (or set CRM_CHROMIUM)"),
            },
        };
        let Some(app_dir) = app_dir() else {
            let expected = workspace_dir().join("frontend/dist/index.html");
            return missing(&format!("the browser app is not built ({} is missing): run `cargo xtask app`", expected.display()));
        };
        Ok(Some(Self { chromedriver, chromium, app_dir }))
    }

    /// Opens a fresh headless browser with `locale` (`en-US`, `it-IT`) on the server at
    /// `base_url` and runs `body` on it, returning what it returns. When `body` fails or
    /// panics, or the page logs an error, a screenshot and the page's HTML are saved under
    /// `e2e/screenshots/<test>.*` before the failure is passed on.
    pub async fn run<T, F, Fut>(&self, test: &str, base_url: &str, locale: &str, body: F) -> anyhow::Result<T>
    where
        F: FnOnce(Page) -> Fut,
        Fut: Future<Output = anyhow::Result<T>>,
    {
        let driver = ChromeDriver::start(&self.chromedriver).await?;
        let profile = tempfile::Builder::new().prefix("crm-e2e-chromium-").tempdir()?;
        let client = driver.open(&self.chromium, profile.path(), locale).await?;
        let page = Page { client: client.clone(), base_url: base_url.trim_end_matches('/').to_owned(), driver_url: driver.url() };

        let outcome = AssertUnwindSafe(body(page.clone())).catch_unwind().await;
        // What the page logged: printed (shown with a failing test's output), and an error
        // (`SEVERE`: a failed load, a CSP violation, a panic of the app) fails the test.
        let mut errors = Vec::new();
        match driver.console(&client).await {
            Ok(entries) => {
                for (level, message) in entries {
                    eprintln!("browser console {level}: {message}");
                    if level == "SEVERE" {
                        errors.push(message);
                    }
                }
            }
            Err(err) => eprintln!("could not read the browser console: {err:#}"),
        }
        let outcome = match outcome {
            Ok(Ok(_)) if !errors.is_empty() => Ok(Err(anyhow::anyhow!("the page logged errors:\n{}", errors.join("\n")))),
            other => other,
        };
        if !matches!(outcome, Ok(Ok(_))) {
            page.save_failure(test).await;
        }
        // End the browser session before the driver goes (dropping `driver` kills it).
        let _ = client.close().await;
        drop(driver);
        drop(profile);
        match outcome {
            Ok(result) => result.with_context(|| format!("browser test {test} failed (see e2e/screenshots/{test}.png)")),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
}

/// A running chromedriver on a loopback port; killed on drop.
pub struct ChromeDriver {
    child: Child,
    port: u16,
    logs: TempDir,
}

impl ChromeDriver {
    /// Starts `chromedriver --port=N` on a free port and waits until `/status` says ready.
    pub async fn start(binary: &Path) -> anyhow::Result<Self> {
        let mut last_error = None;
        for _ in 0..3 {
            let mut driver = Self::spawn(binary)?;
            match driver.wait_ready().await {
                Ok(()) => return Ok(driver),
                Err(err) if driver.exited() => last_error = Some(err), // the port was taken meanwhile
                Err(err) => return Err(err),
            }
        }
        Err(last_error.unwrap_or_else(|| anyhow::anyhow!("chromedriver did not start")))
    }

    fn spawn(binary: &Path) -> anyhow::Result<Self> {
        let port = free_port()?;
        let logs = tempfile::Builder::new().prefix("crm-e2e-chromedriver-").tempdir()?;
        let log = File::create(logs.path().join("chromedriver.log"))?;
        let child = Command::new(binary)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .with_context(|| format!("starting {}", binary.display()))?;
        Ok(Self { child, port, logs })
    }

    /// `http://127.0.0.1:PORT`
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.logs.path().join("chromedriver.log")).unwrap_or_default()
    }

    fn exited(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(Some(_)))
    }

    async fn wait_ready(&mut self) -> anyhow::Result<()> {
        let http = reqwest::Client::builder().timeout(Duration::from_secs(2)).build()?;
        let deadline = Instant::now() + DRIVER_TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait()? {
                bail!("chromedriver exited ({status}) before it was ready; its log:\n{}", self.log());
            }
            if let Ok(response) = http.get(format!("{}/status", self.url())).send().await {
                if let Ok(status) = response.json::<Value>().await {
                    if status["value"]["ready"] == json!(true) {
                        return Ok(());
                    }
                }
            }
            if Instant::now() > deadline {
                bail!("chromedriver not ready after {DRIVER_TIMEOUT:?}; its log:\n{}", self.log());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// A new browser session: headless Chromium at `chromium` with its profile in
    /// `profile_dir`, speaking `locale` (`--lang` and `Accept-Language`).
    pub async fn open(&self, chromium: &Path, profile_dir: &Path, locale: &str) -> anyhow::Result<Client> {
        let args = [
            "--headless=new".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-quic".to_owned(),
            format!("--user-data-dir={}", profile_dir.display()),
            "--window-size=1280,900".to_owned(),
            format!("--lang={locale}"),
        ];
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".to_owned(),
            json!({
                "binary": chromium.display().to_string(),
                "args": args,
                "prefs": { "intl.accept_languages": locale },
            }),
        );
        capabilities.insert("goog:loggingPrefs".to_owned(), json!({ "browser": "ALL" }));
        // WebDriver is plain HTTP on loopback: no TLS stack needed.
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&self.url())
            .await
            .with_context(|| format!("opening a Chromium session through chromedriver; its log:\n{}", self.log()))
    }
}

impl ChromeDriver {
    /// The browser console's entries since the last call (chromedriver's log endpoint):
    /// `(level, message)`, level being `SEVERE`, `WARNING`, `INFO` or `DEBUG`.
    pub async fn console(&self, client: &Client) -> anyhow::Result<Vec<(String, String)>> {
        let session = client.session_id().await?.context("no WebDriver session")?;
        let http = reqwest::Client::builder().timeout(Duration::from_secs(10)).build()?;
        let answer: Value =
            http.post(format!("{}/session/{session}/se/log", self.url())).json(&json!({ "type": "browser" })).send().await?.json().await?;
        let entries = answer["value"].as_array().with_context(|| format!("chromedriver answered no log: {answer}"))?;
        Ok(entries
            .iter()
            .map(|entry| (entry["level"].as_str().unwrap_or_default().to_owned(), entry["message"].as_str().unwrap_or_default().to_owned()))
            .collect())
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The browser's tab, on one server. Cheap to clone (one WebDriver session).
#[derive(Clone)]
pub struct Page {
    client: Client,
    base_url: String,
    /// The chromedriver serving this session, for its Chromium-only commands.
    driver_url: String,
}

/// A stale element (the app re-rendered it between finding and using it) is worth a retry.
fn is_stale(err: &CmdError) -> bool {
    err.is_stale_element_reference()
}

impl Page {
    /// The underlying WebDriver client, for what no helper covers.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Throttles the tab's network to a slow mobile connection from now on: `latency` added
    /// to every request, `bytes_per_second` down (and half of it up).
    pub async fn throttle(&self, latency: Duration, bytes_per_second: u64) -> anyhow::Result<()> {
        let session = self.client.session_id().await?.context("no WebDriver session")?;
        let conditions = json!({ "network_conditions": {
            "offline": false,
            "latency": latency.as_millis() as u64,
            "download_throughput": bytes_per_second,
            "upload_throughput": bytes_per_second / 2,
        } });
        let http = reqwest::Client::builder().timeout(Duration::from_secs(10)).build()?;
        let answer =
            http.post(format!("{}/session/{session}/chromium/network_conditions", self.driver_url)).json(&conditions).send().await?;
        ensure!(answer.status().is_success(), "chromedriver refused the network conditions: {}", answer.text().await?);
        Ok(())
    }

    /// The wasm files the page fetched over the network so far, in order (the Resource Timing
    /// entries of `.wasm` URLs; a file fetched twice appears twice).
    pub async fn wasm_fetches(&self) -> anyhow::Result<Vec<String>> {
        let script = "return performance.getEntriesByType('resource').map((e) => e.name).filter((name) => name.endsWith('.wasm'));";
        let names = self.eval(script).await?;
        Ok(names.as_array().context("resource entries")?.iter().filter_map(|name| name.as_str().map(str::to_owned)).collect())
    }

    /// The absolute URL of `path` on the server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// Loads `path` (a full navigation: the app starts afresh).
    pub async fn goto(&self, path: &str) -> anyhow::Result<()> {
        self.client.goto(&self.url(path)).await.with_context(|| format!("opening {path}"))
    }

    /// Reloads the page (a full navigation).
    pub async fn reload(&self) -> anyhow::Result<()> {
        self.client.refresh().await.context("reloading the page")
    }

    /// Goes one step back in the tab's history, as the browser's back button does.
    pub async fn back(&self) -> anyhow::Result<()> {
        self.client.back().await.context("going back")
    }

    /// Goes one step forward in the tab's history.
    pub async fn forward(&self) -> anyhow::Result<()> {
        self.client.forward().await.context("going forward")
    }

    /// The current URL's path and query (`/customers?country=IT`), as a link to share.
    pub async fn link(&self) -> anyhow::Result<String> {
        let url = self.client.current_url().await?;
        Ok(match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        })
    }

    /// The path of the current URL (`/customers/…`).
    pub async fn path(&self) -> anyhow::Result<String> {
        Ok(self.client.current_url().await?.path().to_owned())
    }

    /// Waits until `css` matches an element; returns the first.
    pub async fn wait_for(&self, css: &str) -> anyhow::Result<Element> {
        self.wait_for_within(css, WAIT).await
    }

    /// [`Page::wait_for`] with its own timeout.
    pub async fn wait_for_within(&self, css: &str, timeout: Duration) -> anyhow::Result<Element> {
        match self.client.wait().at_most(timeout).every(POLL).for_element(Locator::Css(css)).await {
            Ok(element) => Ok(element),
            Err(err) => {
                let path = self.path().await.unwrap_or_default();
                Err(anyhow::Error::new(err).context(format!("waited {timeout:?} for `{css}` on {path}")))
            }
        }
    }

    /// Waits until no element matches `css`.
    pub async fn wait_gone(&self, css: &str) -> anyhow::Result<()> {
        let deadline = Instant::now() + WAIT;
        loop {
            if self.client.find_all(Locator::Css(css)).await?.is_empty() {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!("`{css}` still on {} after {WAIT:?}", self.path().await.unwrap_or_default());
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Waits until an element matching `css` has a text containing `text`; returns it.
    pub async fn wait_for_text(&self, css: &str, text: &str) -> anyhow::Result<Element> {
        self.wait_for_text_matching(css, &format!("containing {text:?}"), |seen| seen.contains(text)).await
    }

    /// Waits until an element matching `css` has exactly `text` (trimmed); returns it.
    pub async fn wait_for_exact_text(&self, css: &str, text: &str) -> anyhow::Result<Element> {
        self.wait_for_text_matching(css, &format!("equal to {text:?}"), |seen| seen.trim() == text).await
    }

    /// Waits until an element matching `css` has a text for which `matches` holds; `wanted`
    /// describes the condition for the error message. Returns the element.
    pub async fn wait_for_text_matching(&self, css: &str, wanted: &str, matches: impl Fn(&str) -> bool) -> anyhow::Result<Element> {
        let deadline = Instant::now() + WAIT;
        loop {
            let mut seen = Vec::new();
            for element in self.client.find_all(Locator::Css(css)).await? {
                match element.text().await {
                    Ok(text) if matches(&text) => return Ok(element),
                    Ok(text) => seen.push(text),
                    Err(err) if is_stale(&err) => {}
                    Err(err) => return Err(err.into()),
                }
            }
            if Instant::now() > deadline {
                bail!(
                    "waited {WAIT:?} for `{css}` with a text {wanted} on {}; the matching elements said {seen:?}",
                    self.path().await.unwrap_or_default()
                );
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Waits until the current path is `path`.
    pub async fn wait_for_path(&self, path: &str) -> anyhow::Result<()> {
        let deadline = Instant::now() + WAIT;
        loop {
            let current = self.path().await?;
            if current == path {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!("waited {WAIT:?} for the path {path}; still on {current}");
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// The text of the first element matching `css` (waiting for it).
    pub async fn text(&self, css: &str) -> anyhow::Result<String> {
        for _ in 0..5 {
            match self.wait_for(css).await?.text().await {
                Err(err) if is_stale(&err) => continue,
                other => return Ok(other?),
            }
        }
        bail!("`{css}` kept being re-rendered")
    }

    /// Clicks the first element matching `css`, once it is there and has stopped moving.
    ///
    /// WebDriver clicks at the point where the element was when it measured it: if the page
    /// reflows in between (a list above re-rendering with its search results), the click lands
    /// on whatever is there now, and is lost without an error.
    pub async fn click(&self, css: &str) -> anyhow::Result<()> {
        for _ in 0..5 {
            let element = self.wait_for(css).await?;
            let clicked = async {
                self.wait_until_still(&element).await?;
                element.click().await
            };
            match clicked.await {
                Err(err) if is_stale(&err) => continue,
                other => return other.with_context(|| format!("clicking `{css}`")),
            }
        }
        bail!("`{css}` kept being re-rendered")
    }

    /// Waits until `element`'s box is the same over two animation frames (at most [`WAIT`]).
    async fn wait_until_still(&self, element: &Element) -> Result<(), CmdError> {
        const SAME_BOX_OVER_TWO_FRAMES: &str = "const [element, done] = arguments;
            const box = () => JSON.stringify(element.getBoundingClientRect());
            const before = box();
            requestAnimationFrame(() => requestAnimationFrame(() => done(box() === before)));";
        let deadline = Instant::now() + WAIT;
        let element = serde_json::to_value(element).map_err(CmdError::Json)?;
        while Instant::now() < deadline {
            if self.client.execute_async(SAME_BOX_OVER_TWO_FRAMES, vec![element.clone()]).await? == Value::Bool(true) {
                break;
            }
        }
        Ok(())
    }

    /// Replaces the value of the input matching `css` by typing `value` into it.
    pub async fn fill(&self, css: &str, value: &str) -> anyhow::Result<()> {
        for _ in 0..5 {
            let input = self.wait_for(css).await?;
            let typed = async {
                input.clear().await?;
                if value.is_empty() {
                    // Clearing fires no `input` event; deleting a typed character does.
                    input.send_keys(" \u{E003}").await
                } else {
                    input.send_keys(value).await
                }
            };
            match typed.await {
                Err(err) if is_stale(&err) => continue,
                other => return other.with_context(|| format!("typing into `{css}`")),
            }
        }
        bail!("`{css}` kept being re-rendered")
    }

    /// The `value` property of the input matching `css`.
    pub async fn value(&self, css: &str) -> anyhow::Result<String> {
        Ok(self.wait_for(css).await?.prop("value").await?.unwrap_or_default())
    }

    /// Waits until the input matching `css` has the value `value`.
    pub async fn wait_for_value(&self, css: &str, value: &str) -> anyhow::Result<()> {
        let deadline = Instant::now() + WAIT;
        loop {
            let current = match self.value(css).await {
                Ok(current) => current,
                Err(err) if err.downcast_ref::<CmdError>().is_some_and(is_stale) => continue,
                Err(err) => return Err(err),
            };
            if current == value {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!("waited {WAIT:?} for `{css}` to hold {value:?}; it holds {current:?}");
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Chooses the option with `value` in the select matching `css`.
    pub async fn select(&self, css: &str, value: &str) -> anyhow::Result<()> {
        self.wait_for(css).await?.select_by_value(value).await.with_context(|| format!("choosing {value:?} in `{css}`"))
    }

    /// All elements matching `css` now (no waiting).
    pub async fn find_all(&self, css: &str) -> anyhow::Result<Vec<Element>> {
        Ok(self.client.find_all(Locator::Css(css)).await?)
    }

    /// Runs `script` (a function body; `return` gives the value) in the page.
    pub async fn eval(&self, script: &str) -> anyhow::Result<Value> {
        self.client.execute(script, Vec::new()).await.with_context(|| format!("running script: {script}"))
    }

    /// Saves a screenshot and the page's HTML as `e2e/screenshots/<test>.{png,html}` and
    /// prints where; failures to do so are printed, never raised (a test is failing already).
    pub async fn save_failure(&self, test: &str) {
        let dir = screenshot_dir();
        if let Err(err) = std::fs::create_dir_all(&dir) {
            eprintln!("could not create {}: {err}", dir.display());
            return;
        }
        let png = dir.join(format!("{test}.png"));
        match self.client.screenshot().await {
            Ok(bytes) => match std::fs::write(&png, bytes) {
                Ok(()) => eprintln!("screenshot of the failed browser test: {}", png.display()),
                Err(err) => eprintln!("could not write {}: {err}", png.display()),
            },
            Err(err) => eprintln!("could not take a screenshot: {err}"),
        }
        let html = dir.join(format!("{test}.html"));
        match self.client.source().await {
            Ok(source) => {
                let url = self.client.current_url().await.map(|url| url.to_string()).unwrap_or_default();
                match std::fs::write(&html, format!("<!-- {url} -->\n{source}")) {
                    Ok(()) => eprintln!("HTML of the failed browser test ({url}): {}", html.display()),
                    Err(err) => eprintln!("could not write {}: {err}", html.display()),
                }
            }
            Err(err) => eprintln!("could not read the page's HTML: {err}"),
        }
    }
}

/// `e2e/screenshots` (git-ignored).
pub fn screenshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("screenshots")
}
