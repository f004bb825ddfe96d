//! The tools the app build needs beyond cargo: the wasm32 target and the wasm-bindgen CLI.
//!
//! Both are installed on demand, so a fresh machine (a developer's or CI's) needs nothing but
//! rustup and cargo. `wasm-opt` is optional: without it the bundle is larger but works.

use std::ffi::{OsStr, OsString};
use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::lockfile;
use crate::process;
use crate::workspace::Workspace;

/// The target the browser app compiles to.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Ensures both required tools; what `cargo xtask ci-tools` does.
pub fn ensure_all(workspace: &Workspace) -> Result<()> {
    ensure_wasm_target()?;
    ensure_wasm_bindgen(workspace)
}

/// Installs the wasm32 target with rustup unless it is there already.
///
/// Without rustup (a distribution's Rust) we cannot install it; the build then says what is missing.
pub fn ensure_wasm_target() -> Result<()> {
    let Some(installed) = process::stdout_if_installed(Command::new("rustup").args(["target", "list", "--installed"]))? else {
        eprintln!("note: rustup not found; assuming the {WASM_TARGET} target is available");
        return Ok(());
    };
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        return Ok(());
    }
    process::run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

/// Installs the wasm-bindgen CLI at the version locked for the `wasm-bindgen` crate, unless the
/// one on PATH is that version already.
pub fn ensure_wasm_bindgen(workspace: &Workspace) -> Result<()> {
    let wanted = locked_wasm_bindgen(workspace)?;
    match installed_wasm_bindgen()? {
        Some(version) if version == wanted => return Ok(()),
        Some(version) => eprintln!("wasm-bindgen {version} is installed, the app locks {wanted}: installing {wanted}"),
        None => eprintln!("wasm-bindgen is not installed: installing {wanted}"),
    }
    install_wasm_bindgen(&wanted)?;
    match installed_wasm_bindgen()? {
        Some(version) if version == wanted => Ok(()),
        found => bail!(
            "installed wasm-bindgen {wanted} into cargo's bin folder, but `wasm-bindgen` on PATH is {}: \
             put ~/.cargo/bin first on PATH",
            found.as_deref().unwrap_or("missing")
        ),
    }
}

/// The `wasm-bindgen` crate's version in the workspace's `Cargo.lock`.
fn locked_wasm_bindgen(workspace: &Workspace) -> Result<String> {
    let path = workspace.lockfile();
    let lock = std::fs::read_to_string(&path).with_context(|| format!("could not read {}", path.display()))?;
    lockfile::locked_version(&lock, "wasm-bindgen").with_context(|| format!("in {}", path.display()))
}

/// The version of the wasm-bindgen CLI on PATH, if any.
fn installed_wasm_bindgen() -> Result<Option<String>> {
    let output = process::stdout_if_installed(Command::new("wasm-bindgen").arg("--version"))?;
    Ok(output.as_deref().and_then(cli_version))
}

/// The version in a `--version` line such as `wasm-bindgen 0.2.130`.
fn cli_version(output: &str) -> Option<String> {
    output.split_whitespace().nth(1).map(str::to_owned)
}

/// `cargo install`s the CLI, first with its own lock file (the versions its authors tested).
///
/// That can fail when a locked dependency is newer than the registry (or its mirror) serves;
/// then we let cargo resolve again, which picks compatible published versions.
fn install_wasm_bindgen(version: &str) -> Result<()> {
    let install = |locked: bool| {
        let mut command = process::cargo();
        command.args(["install", "wasm-bindgen-cli", "--version", version]);
        // Build in cargo install's own temporary folder, not the workspace's (shared) target
        // directory: no leftovers there, and no build lock held for minutes.
        command.env_remove("CARGO_TARGET_DIR");
        if locked {
            command.arg("--locked");
        }
        process::run(&mut command)
    };
    install(true).or_else(|error| {
        eprintln!("note: {error:#}; retrying without --locked");
        install(false)
    })
}

/// The oldest binaryen whose `wasm-opt` we let touch the app.
///
/// wasm-bindgen keeps JS values in an `externref` table when rustc enables reference types (its
/// default since 1.82). Binaryen 108 and 109 had no `externref` (it came back, distinct from
/// `anyref`, in 110), and write that table as `anyref`: the module validates, but the browser
/// rejects the glue's first `table.set` and the app never starts. Debian 12 ships 108. The
/// changelog suggests 110 would do and `--skip-pass` needs 112; 116 leaves a margin. Tried:
/// 108 (broken, as above) and 132 (npm's `binaryen`: works).
pub const MIN_WASM_OPT: u32 = 116;

/// A `wasm-opt` good enough for the app: `$WASM_OPT` if set, else the one on PATH; `None`
/// (with a note saying why) when there is none or it is older than [`MIN_WASM_OPT`].
pub fn usable_wasm_opt() -> Result<Option<OsString>> {
    let program = std::env::var_os("WASM_OPT").unwrap_or_else(|| "wasm-opt".into());
    let shown = program.to_string_lossy().into_owned();
    let Some(output) = process::stdout_if_installed(Command::new(&program).arg("--version"))? else {
        eprintln!("note: {shown} (binaryen) not found: the wasm is not optimised further; {WASM_OPT_HINT}");
        return Ok(None);
    };
    match wasm_opt_version(&output) {
        Some(version) if version >= MIN_WASM_OPT => Ok(Some(program)),
        found => {
            let found = found.map_or_else(|| format!("of unknown version ({})", output.trim()), |v| format!("version {v}"));
            eprintln!(
                "note: {shown} is {found}, older than {MIN_WASM_OPT} (it breaks wasm-bindgen's externref table): not used; {WASM_OPT_HINT}"
            );
            Ok(None)
        }
    }
}

/// How to get a recent enough `wasm-opt`.
const WASM_OPT_HINT: &str = "for a smaller bundle, `npm install -g binaryen` or set WASM_OPT=/path/to/wasm-opt";

/// The release number in `wasm-opt --version` output: `wasm-opt version 116 (version_116)`.
fn wasm_opt_version(output: &str) -> Option<u32> {
    let (_, rest) = output.split_once("version ")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// The proposals rustc's default wasm32 CPU uses (its `target_features` section lists exactly
/// these); binaryen must be told, and is not told more, so its output runs where rustc's does.
/// `--all-features` gave a smaller raw file but a larger compressed one, and may emit GC types.
pub const WASM_OPT_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// Runs `wasm-opt -Oz` (the `program` found by [`usable_wasm_opt`]) on `input`, writing `output`.
///
/// Without binaryen's inliner: rustc has inlined already, and on the CRM app (binaryen 132)
/// `-Oz` gave a brotli wasm 10% larger than wasm-bindgen's, `-Oz` without inlining 1.7% smaller.
pub fn wasm_opt(program: &OsStr, input: &Path, output: &Path) -> Result<()> {
    let mut command = Command::new(program);
    command.args(["-Oz", "--skip-pass=inlining-optimizing"]).args(WASM_OPT_FEATURES).arg(input).arg("-o").arg(output);
    process::run(&mut command)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_cli_version() {
        assert_eq!(cli_version("wasm-bindgen 0.2.130\n"), Some("0.2.130".to_owned()));
        assert_eq!(cli_version(""), None);
    }

    #[test]
    fn reads_the_binaryen_release() {
        assert_eq!(wasm_opt_version("wasm-opt version 108\n"), Some(108));
        assert_eq!(wasm_opt_version("wasm-opt version 132 (version_132)\n"), Some(132));
        assert_eq!(wasm_opt_version("wasm-opt\n"), None);
    }
}
