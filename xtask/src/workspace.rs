//! Where things are: the workspace root, cargo's target directory, the app's folders.
//!
//! Both come from `cargo metadata`, so `CARGO_TARGET_DIR`, `build.target-dir` in a config file
//! and the caller's working directory are all respected without us re-implementing cargo's rules.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde_json::Value;

use crate::process;

/// The paths the chores work with.
pub struct Workspace {
    /// The folder of the workspace's `Cargo.toml` and `Cargo.lock`.
    pub root: PathBuf,
    /// Cargo's build output folder (`target/` unless configured otherwise).
    pub target_dir: PathBuf,
}

impl Workspace {
    /// Asks cargo for the workspace root and target directory.
    pub fn locate() -> Result<Self> {
        let mut command = process::cargo();
        command.args(["metadata", "--format-version", "1", "--no-deps"]);
        let json = process::stdout(&mut command)?;
        let metadata: Value = serde_json::from_str(&json).context("`cargo metadata` printed invalid JSON")?;
        Ok(Self { root: path_field(&metadata, "workspace_root")?, target_dir: path_field(&metadata, "target_directory")? })
    }

    /// The browser app's package folder (`frontend/`): sources, `index.html`, `style.css`.
    pub fn frontend(&self) -> PathBuf {
        self.root.join("frontend")
    }

    /// The built app, embedded by the backend (gitignored).
    pub fn dist(&self) -> PathBuf {
        self.frontend().join("dist")
    }

    /// The workspace's lock file: the source of truth for the wasm-bindgen version.
    pub fn lockfile(&self) -> PathBuf {
        self.root.join("Cargo.lock")
    }

    /// A scratch folder for intermediate outputs, inside the target directory so `cargo clean`
    /// removes it and nothing lands in the source tree.
    pub fn scratch(&self, name: &str) -> PathBuf {
        self.target_dir.join("xtask").join(name)
    }
}

/// Reads a string field of `cargo metadata`'s output as a path.
fn path_field(metadata: &Value, field: &str) -> Result<PathBuf> {
    let text = metadata.get(field).and_then(Value::as_str).with_context(|| format!("`cargo metadata` has no `{field}`"))?;
    Ok(Path::new(text).to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_paths_from_metadata() -> Result<()> {
        let metadata: Value = serde_json::from_str(r#"{"workspace_root": "/w", "target_directory": "/t"}"#)?;
        assert_eq!(path_field(&metadata, "workspace_root")?, PathBuf::from("/w"));
        assert!(path_field(&metadata, "missing").is_err());
        Ok(())
    }
}
