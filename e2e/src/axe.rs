//! Accessibility checks in the browser tests with axe-core.
//!
//! - [`Axe::detect`] reads `e2e/axe/node_modules/axe-core/axe.min.js` (installed with
//!   `npm ci --prefix e2e/axe`, pinned by `e2e/axe/package-lock.json`). When it is missing the
//!   test is skipped with a loud line, or fails when `CRM_E2E_BROWSER=require`, as for the
//!   other browser prerequisites.
//! - [`Axe::audit`] injects it into the current page (through WebDriver, so the app's
//!   Content-Security-Policy does not apply) and runs the WCAG 2.0/2.1 A and AA rules on the
//!   whole document.
//! - [`Axe::check`] prints every violation of a screen (serious and critical ones as errors,
//!   moderate and minor ones as warnings), each with the failing elements' selectors and HTML,
//!   and returns the serious and critical ones for the test to fail on.

use anyhow::Context;
use serde::Deserialize;
use serde_json::Value;
use std::fmt;
use std::path::PathBuf;

use crate::browser::{missing, Page};
use crate::server::workspace_dir;

/// The rules run: WCAG 2.0 and 2.1, levels A and AA.
const TAGS: &str = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']";

/// The axe-core script, read once per test.
#[derive(Clone)]
pub struct Axe {
    source: String,
}

/// One rule that failed on the page, with the elements that failed it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Violation {
    /// The rule (`color-contrast`, `label`, …).
    pub id: String,
    /// `minor`, `moderate`, `serious` or `critical`.
    pub impact: Option<String>,
    /// What the rule asks for.
    pub help: String,
    pub help_url: String,
    pub nodes: Vec<ViolationNode>,
}

/// An element failing a rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ViolationNode {
    /// CSS selectors to the element (nested lists for shadow DOM and frames).
    pub target: Value,
    /// The element's opening tag, as axe shows it.
    pub html: String,
    /// Why it fails, as axe words it.
    #[serde(default)]
    pub failure_summary: Option<String>,
}

impl Violation {
    /// `serious` or `critical`: what the accessibility test fails on.
    pub fn is_serious(&self) -> bool {
        matches!(self.impact.as_deref(), Some("serious" | "critical"))
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let impact = self.impact.as_deref().unwrap_or("unknown impact");
        write!(f, "{} ({impact}): {} <{}>", self.id, self.help, self.help_url)?;
        for node in &self.nodes {
            write!(f, "\n    at {}: {}", node.target, node.html)?;
            if let Some(summary) = node.failure_summary.as_deref().filter(|s| !s.is_empty()) {
                write!(f, "\n       {}", summary.replace('\n', "\n       "))?;
            }
        }
        Ok(())
    }
}

impl Axe {
    /// `e2e/axe/node_modules/axe-core/axe.min.js`.
    pub fn script_path() -> PathBuf {
        workspace_dir().join("e2e/axe/node_modules/axe-core/axe.min.js")
    }

    /// The axe-core script, or `Ok(None)` after printing why the test is skipped; an `Err`
    /// instead of a skip when `CRM_E2E_BROWSER=require`.
    pub fn detect() -> anyhow::Result<Option<Self>> {
        let path = Self::script_path();
        match std::fs::read_to_string(&path) {
            Ok(source) => Ok(Some(Self { source })),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                missing(&format!("axe-core is not installed ({} is missing): run `npm ci --prefix e2e/axe`", path.display()))
            }
            Err(err) => Err(err).with_context(|| format!("reading {}", path.display())),
        }
    }

    /// Runs axe-core's WCAG 2.0/2.1 A and AA rules on the current page (injecting axe-core
    /// first when the page does not have it yet) and returns the violations.
    pub async fn audit(&self, page: &Page) -> anyhow::Result<Vec<Violation>> {
        let loaded = page.client().execute("return typeof window.axe === 'object';", Vec::new()).await?;
        if loaded != Value::Bool(true) {
            let script = format!("{}\n;return typeof window.axe === 'object';", self.source);
            let injected = page.client().execute(&script, Vec::new()).await.context("injecting axe-core into the page")?;
            anyhow::ensure!(injected == Value::Bool(true), "axe-core did not load in the page");
        }
        let run = format!(
            "return window.axe.run(document, {{ runOnly: {{ type: 'tag', values: {TAGS} }}, resultTypes: ['violations'] }})
                .then(results => results.violations.map(v => ({{
                    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                    nodes: v.nodes.map(n => ({{ target: n.target, html: n.html, failureSummary: n.failureSummary }})),
                }})));"
        );
        let violations = page.client().execute(&run, Vec::new()).await.context("running axe-core")?;
        serde_json::from_value(violations.clone()).with_context(|| format!("axe-core answered {violations}"))
    }

    /// Audits the page showing `screen` (a name for the output), prints every violation
    /// (serious and critical ones as errors, the others as warnings) and returns the serious
    /// and critical ones, each described with `screen`.
    pub async fn check(&self, page: &Page, screen: &str) -> anyhow::Result<Vec<String>> {
        let violations = self.audit(page).await.with_context(|| format!("checking the accessibility of {screen}"))?;
        let mut serious = Vec::new();
        for violation in &violations {
            if violation.is_serious() {
                eprintln!("ACCESSIBILITY VIOLATION on {screen}: {violation}");
                serious.push(format!("{screen}: {violation}"));
            } else {
                eprintln!("accessibility warning on {screen}: {violation}");
            }
        }
        eprintln!("accessibility of {screen}: {} violations, {} serious or critical", violations.len(), serious.len());
        Ok(serious)
    }
}
