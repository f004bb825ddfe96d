//! Fingerprints the browser app in `../../frontend/dist` (built by `cargo xtask app`), which
//! `src/http/app.rs` embeds with rust-embed.
//!
//! A release build embeds the files that existed when the crate was compiled; a rebuilt app
//! has new content-hashed file names, which rust-embed cannot notice by itself. Cargo reruns
//! this script when the folder changes, and the new `CRM_APP_FINGERPRINT` (file names, sizes
//! and modification times) makes the crate, and so the embed, compile again.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;
use std::time::UNIX_EPOCH;

const DIST: &str = "../../frontend/dist";
const FRONTEND: &str = "../../frontend";

fn main() {
    // A watched path that does not exist makes Cargo rerun this script, and so recompile the
    // whole crate, on every build. While the app is not built, watch the folder it will
    // appear in instead.
    if Path::new(DIST).is_dir() {
        println!("cargo:rerun-if-changed={DIST}");
    } else if Path::new(FRONTEND).is_dir() {
        println!("cargo:rerun-if-changed={FRONTEND}");
    }
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rustc-env=CRM_APP_FINGERPRINT={}", fingerprint(Path::new(DIST)));
}

/// A hash of every file's relative path, size and modification time; "none" without files.
fn fingerprint(dist: &Path) -> String {
    let mut files = Vec::new();
    collect(dist, dist, &mut files);
    if files.is_empty() {
        return "none".into();
    }
    files.sort();
    let mut hasher = DefaultHasher::new();
    files.hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, u64, u128)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(meta) = entry.metadata() else { continue };
        if meta.is_dir() {
            collect(root, &path, files);
        } else {
            let name = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().into_owned();
            let modified = meta.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos());
            files.push((name, meta.len(), modified));
        }
    }
}
