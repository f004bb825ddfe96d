//! Whether `frontend/dist` already holds what a build would write, so that an unchanged
//! `cargo xtask demo` (or `app`) skips splitting, optimising and compressing every chunk
//! (about two and a half minutes on two cores) and leaves `dist/` untouched, which also spares
//! the server's release build a relink (its build script watches `dist/`).
//!
//! The stamp is a hash of everything the pipeline reads: the compiled wasm, the app's static
//! files (`frontend/` but its Rust sources, which the wasm already reflects), the npm lock
//! files of wasm-opt and the explorer, the wasm-opt in use, the profile, and this tool's own
//! executable (a change to the pipeline is a change of output).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};

use crate::workspace::Workspace;

/// The stamp of a build from `wasm` with `wasm_opt` under `profile`.
pub fn of(workspace: &Workspace, wasm: &[u8], wasm_opt: Option<&std::ffi::OsStr>, profile: &str) -> Result<String> {
    let mut hash = Sha256::new();
    let mut add = |label: &str, bytes: &[u8]| {
        hash.update(label.as_bytes());
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(bytes);
    };
    add("profile", profile.as_bytes());
    add("wasm", wasm);
    add("wasm-opt", wasm_opt.map(|path| path.to_string_lossy().into_owned()).unwrap_or_default().as_bytes());
    let tool = std::env::current_exe().context("could not find the xtask executable")?;
    add("xtask", &std::fs::read(&tool).with_context(|| format!("could not read {}", tool.display()))?);
    let frontend = workspace.frontend();
    let mut files = Vec::new();
    static_files(&frontend, &[frontend.join("src"), workspace.dist()], &mut files)?;
    for lock in ["wasm-opt", "graphiql"] {
        files.push(workspace.root.join("xtask").join(lock).join("package-lock.json"));
    }
    files.sort();
    for file in files {
        let bytes = std::fs::read(&file).unwrap_or_default();
        add(&file.to_string_lossy(), &bytes);
    }
    Ok(hash.finalize().iter().map(|byte| format!("{byte:02x}")).collect())
}

/// Every file under `dir` outside `skip` (and outside any `node_modules` or build output next
/// to `dist/`).
fn static_files(dir: &Path, skip: &[PathBuf], files: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("could not list {}", dir.display()))? {
        let path = entry?.path();
        let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
        if skip.contains(&path) || name == "node_modules" || name.starts_with("dist.") {
            continue;
        }
        if path.is_dir() {
            static_files(&path, skip, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}

/// Where the stamp of the build in `dist/` is kept (beside the build's scratch files, not in
/// `dist/`, which is served as it is).
fn path(workspace: &Workspace) -> PathBuf {
    workspace.scratch("app.stamp")
}

/// Whether `dist/` was written by a build with this stamp and is still there.
pub fn is_current(workspace: &Workspace, stamp: &str) -> bool {
    workspace.dist().join("index.html").is_file() && std::fs::read_to_string(path(workspace)).is_ok_and(|kept| kept == stamp)
}

/// Records that `dist/` now holds the build with `stamp`.
pub fn record(workspace: &Workspace, stamp: &str) -> Result<()> {
    let path = path(workspace);
    std::fs::write(&path, stamp).with_context(|| format!("could not write {}", path.display()))
}

/// Forgets the stamp (before `dist/` changes, so a failed build is not taken as current).
pub fn forget(workspace: &Workspace) {
    let _ = std::fs::remove_file(path(workspace));
}
