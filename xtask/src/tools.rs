//! The tools the app build needs beyond cargo: the wasm32 target, and optionally `wasm-opt`.
//!
//! The target is installed on demand, so a fresh machine (a developer's or CI's) needs nothing
//! but rustup and cargo; wasm-bindgen and the splitter are libraries of this tool. `wasm-opt` is
//! binaryen's npm release, installed on first use when Node is there; it is optional: without
//! it the bundle is larger but works.

use std::ffi::{OsStr, OsString};
use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::lockfile;
use crate::npm;
use crate::process;
use crate::workspace::Workspace;

/// The target the browser app compiles to.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

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

/// Checks that wasm-bindgen's library in this tool is the version of the `wasm-bindgen` crate
/// the app links: the two must agree exactly on the format of what the macros leave in the wasm.
pub fn check_wasm_bindgen(workspace: &Workspace) -> Result<()> {
    let path = workspace.lockfile();
    let lock = std::fs::read_to_string(&path).with_context(|| format!("could not read {}", path.display()))?;
    let (crate_version, library_version) = wasm_bindgen_versions(&lock).with_context(|| format!("in {}", path.display()))?;
    if crate_version != library_version {
        bail!(
            "the app links wasm-bindgen {crate_version} but xtask binds with wasm-bindgen-cli-support {library_version}: \
             set `wasm-bindgen-cli-support = \"={crate_version}\"` in xtask/Cargo.toml"
        );
    }
    Ok(())
}

/// The locked versions of the `wasm-bindgen` crate and of `wasm-bindgen-cli-support`.
fn wasm_bindgen_versions(lock: &str) -> Result<(String, String)> {
    Ok((lockfile::locked_version(lock, "wasm-bindgen")?, lockfile::locked_version(lock, "wasm-bindgen-cli-support")?))
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

/// A `wasm-opt` good enough for the app: `$WASM_OPT` if set, else the pinned one of
/// `xtask/wasm-opt` (installed with npm on first use), else the one on PATH; `None` (with a
/// note saying why) when there is none or it is older than [`MIN_WASM_OPT`].
pub fn usable_wasm_opt(workspace: &Workspace) -> Result<Option<OsString>> {
    let program = match std::env::var_os("WASM_OPT") {
        Some(program) => program,
        None => {
            let packages = workspace.root.join("xtask").join("wasm-opt");
            match npm::installed(&packages, "binaryen's pinned wasm-opt is not installed (one of 116 or newer on the PATH serves)")? {
                Some(modules) => modules.join(".bin").join("wasm-opt").into_os_string(),
                None => "wasm-opt".into(),
            }
        }
    };
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
const WASM_OPT_HINT: &str = "for a smaller bundle, install Node.js (npm) or set WASM_OPT=/path/to/wasm-opt";

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
    fn binds_with_the_wasm_bindgen_the_app_links() -> Result<()> {
        let workspace = Workspace::locate()?;
        let lock = std::fs::read_to_string(workspace.lockfile())?;
        let (crate_version, library_version) = wasm_bindgen_versions(&lock)?;
        assert_eq!(crate_version, library_version, "xtask/Cargo.toml must pin wasm-bindgen-cli-support to the app's wasm-bindgen");
        Ok(())
    }

    #[test]
    fn reads_the_binaryen_release() {
        assert_eq!(wasm_opt_version("wasm-opt version 108\n"), Some(108));
        assert_eq!(wasm_opt_version("wasm-opt version 132 (version_132)\n"), Some(132));
        assert_eq!(wasm_opt_version("wasm-opt\n"), None);
    }
}
