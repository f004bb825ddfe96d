//! npm packages the build pins (`package.json` and `package-lock.json` in a folder of `xtask/`),
//! installed with `npm ci` on first use and again when the lock file changes, so a machine with
//! Node needs no step of its own to get them.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use anyhow::Result;

use crate::process;

/// `node_modules` of `packages`, installed with `npm ci` when missing or older than the lock
/// file; `None` when npm is not installed, after a note saying what the build does `without`
/// them.
pub fn installed(packages: &Path, without: &str) -> Result<Option<PathBuf>> {
    let modules = packages.join("node_modules");
    let lock = packages.join("package-lock.json");
    // npm writes `node_modules/.package-lock.json` on every install.
    if modified(&modules.join(".package-lock.json")) >= modified(&lock) && modified(&lock).is_some() {
        return Ok(Some(modules));
    }
    if process::stdout_if_installed(Command::new("npm").arg("--version"))?.is_none() {
        eprintln!("note: npm not found: {without}; install Node.js and rebuild");
        return Ok(None);
    }
    process::run(Command::new("npm").arg("ci").arg("--prefix").arg(packages).args(["--no-audit", "--no-fund"]))?;
    Ok(Some(modules))
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|meta| meta.modified()).ok()
}
