//! `cargo xtask app`: the browser app from Rust sources to `frontend/dist/`.
//!
//! compile (cargo, wasm32) → bind (wasm-bindgen: JS glue + wasm) → optimise (wasm-opt -Oz) →
//! name by content hash, render `index.html` → write `dist/` afresh → precompress → report sizes.
//! The backend embeds `dist/` as it is, so whatever this writes is exactly what is served.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};

use crate::bundle::{self, Names};
use crate::compress;
use crate::process;
use crate::sizes::{self, FileSize};
use crate::tools::{self, WASM_TARGET};
use crate::workspace::Workspace;

/// The app's package and the stem of wasm-bindgen's outputs.
const PACKAGE: &str = "crm-app";
/// The file cargo writes for the package's cdylib (the crate name, with underscores).
const WASM_FILE: &str = "crm_app.wasm";

/// How the app is built.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// Fast to build: cargo's dev profile, no wasm-opt, no precompression.
    Dev,
    /// Small to download: the `wasm-release` profile, wasm-opt, brotli and gzip variants.
    Release,
}

impl Profile {
    /// The cargo profile (`--profile`).
    fn cargo_profile(self) -> &'static str {
        match self {
            Profile::Dev => "dev",
            Profile::Release => "wasm-release",
        }
    }

    /// The folder under `target/<triple>/` cargo writes the profile's outputs to.
    fn output_dir(self) -> &'static str {
        match self {
            Profile::Dev => "debug",
            Profile::Release => "wasm-release",
        }
    }
}

/// One file of the bundle, before it is written.
struct Asset {
    /// The path under `dist/` (and under the site root).
    name: String,
    bytes: Vec<u8>,
    /// Whether a first visit loads it before the app runs.
    initial: bool,
}

/// Builds the app into `frontend/dist/` and prints its sizes.
pub fn build(workspace: &Workspace, profile: Profile) -> Result<()> {
    tools::ensure_wasm_target()?;
    tools::ensure_wasm_bindgen(workspace)?;
    let wasm = compile(workspace, profile)?;
    let staging = workspace.scratch("app");
    bind(&wasm, &staging, profile)?;
    let wasm = final_wasm(&staging, profile)?;
    let assets = assemble(workspace, &staging, wasm)?;
    let dist = workspace.dist();
    // Written beside `dist/` and swapped in at the end, so a server reading `dist/`
    // (CRM_APP_DIR) never sees an index.html whose assets are not there yet.
    let fresh = dist.with_extension("new");
    let files = write_dist(&fresh, &assets, profile == Profile::Release)?;
    write_sizes(&fresh, profile, &files)?;
    swap_in(&fresh, &dist)?;
    println!("{}", sizes::table(&files));
    eprintln!("built {} ({} build)", dist.display(), profile.cargo_profile());
    Ok(())
}

/// Compiles the app's library to wasm and returns the `.wasm` path.
fn compile(workspace: &Workspace, profile: Profile) -> Result<PathBuf> {
    let mut command = process::cargo();
    command.current_dir(&workspace.root).args(["build", "--package", PACKAGE, "--lib", "--target", WASM_TARGET]);
    command.args(["--profile", profile.cargo_profile()]);
    process::run(&mut command)?;
    let wasm = workspace.target_dir.join(WASM_TARGET).join(profile.output_dir()).join(WASM_FILE);
    anyhow::ensure!(wasm.is_file(), "cargo built no {}", wasm.display());
    Ok(wasm)
}

/// Runs wasm-bindgen: writes `crm-app.js` (ES module glue) and `crm-app_bg.wasm` to `out_dir`.
///
/// Release builds drop the function names (a third of the module; wasm-opt would drop them
/// too, but it is optional); dev builds keep them for readable panic backtraces.
fn bind(wasm: &Path, out_dir: &Path, profile: Profile) -> Result<()> {
    recreate_dir(out_dir)?;
    let mut command = Command::new("wasm-bindgen");
    command.args(["--target", "web", "--no-typescript", "--out-name", PACKAGE, "--out-dir"]).arg(out_dir);
    if profile == Profile::Release {
        command.args(["--remove-name-section", "--remove-producers-section"]);
    }
    process::run(command.arg(wasm))
}

/// The wasm to ship: wasm-bindgen's output, or for release builds, when a recent enough binaryen
/// is installed, `wasm-opt`'s if that is smaller after brotli.
fn final_wasm(staging: &Path, profile: Profile) -> Result<Vec<u8>> {
    let bound = staging.join(format!("{PACKAGE}_bg.wasm"));
    if profile == Profile::Dev {
        return read(&bound);
    }
    let Some(wasm_opt) = tools::usable_wasm_opt()? else {
        return read(&bound);
    };
    let optimised = staging.join(format!("{PACKAGE}_bg.opt.wasm"));
    tools::wasm_opt(&wasm_opt, &bound, &optimised)?;
    smaller_after_brotli(read(&bound)?, read(&optimised)?)
}

/// `optimised` when it is smaller after brotli (what browsers download), else `original`.
///
/// wasm-opt shrinks the raw module but can make it compress worse: on the CRM app plain `-Oz`
/// cut the raw wasm by 16% and grew its brotli by 10%. Measuring keeps a binaryen or app change
/// from silently growing the download.
fn smaller_after_brotli(original: Vec<u8>, optimised: Vec<u8>) -> Result<Vec<u8>> {
    let before = compress::brotli(&original).context("compressing the wasm")?.len();
    let after = compress::brotli(&optimised).context("compressing the optimised wasm")?.len();
    if after < before {
        eprintln!("wasm-opt: {before} → {after} bytes after brotli");
        Ok(optimised)
    } else {
        eprintln!("note: wasm-opt's output is larger after brotli ({after} vs {before} bytes): shipping wasm-bindgen's");
        Ok(original)
    }
}

/// The bundle's files under their final names: the page, the boot module, the glue, the wasm,
/// the stylesheet, and any JS snippets of crates the app uses.
fn assemble(workspace: &Workspace, staging: &Path, wasm: Vec<u8>) -> Result<Vec<Asset>> {
    let glue = read(&staging.join(format!("{PACKAGE}.js")))?;
    let style = read(&workspace.frontend().join("style.css"))?;
    let template_path = workspace.frontend().join("index.html");
    let template = String::from_utf8(read(&template_path)?).with_context(|| format!("{} is not UTF-8", template_path.display()))?;

    let glue_name = bundle::hashed_name(PACKAGE, ".js", &glue);
    let wasm_name = bundle::hashed_name(PACKAGE, "_bg.wasm", &wasm);
    let boot = bundle::boot_module(&glue_name, &wasm_name).into_bytes();
    let names = Names {
        boot: bundle::hashed_name("boot", ".js", &boot),
        style: bundle::hashed_name("style", ".css", &style),
        glue: glue_name,
        wasm: wasm_name,
    };
    let index = bundle::render_index(&template, &names).with_context(|| format!("in {}", template_path.display()))?;

    let initial = |name: String, bytes: Vec<u8>| Asset { name, bytes, initial: true };
    let mut assets = vec![
        initial("index.html".to_owned(), index.into_bytes()),
        initial(names.boot, boot),
        initial(names.glue, glue),
        initial(names.wasm, wasm),
        initial(names.style, style),
    ];
    assets.extend(snippets(staging)?);
    Ok(assets)
}

/// The JS files wasm-bindgen copied from crates' `#[wasm_bindgen(module = …)]` and `inline_js`
/// into `snippets/`; the glue imports them by relative path, so they keep their place and name.
fn snippets(staging: &Path) -> Result<Vec<Asset>> {
    let mut files = Vec::new();
    collect_files(staging, &staging.join("snippets"), &mut files)?;
    files.sort();
    files.into_iter().map(|(name, path)| Ok(Asset { name, bytes: read(&path)?, initial: false })).collect()
}

/// Adds every file under `dir` (if it exists) to `files` as (path relative to `base`, path).
fn collect_files(base: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    let entries = std::fs::read_dir(dir).with_context(|| format!("could not list {}", dir.display()))?;
    for entry in entries {
        let path = entry.with_context(|| format!("could not list {}", dir.display()))?.path();
        if path.is_dir() {
            collect_files(base, &path, files)?;
        } else {
            let relative = path.strip_prefix(base).with_context(|| format!("{} is outside {}", path.display(), base.display()))?;
            files.push((relative.to_string_lossy().replace('\\', "/"), path));
        }
    }
    Ok(())
}

/// Replaces `dist/` with the assets (and their `.br`/`.gz` variants when `precompress`), so no
/// file of an earlier build (an old hash) is left to be embedded.
fn write_dist(dist: &Path, assets: &[Asset], precompress: bool) -> Result<Vec<FileSize>> {
    recreate_dir(dist)?;
    assets.iter().map(|asset| write_asset(dist, asset, precompress)).collect()
}

/// Writes one asset and its compressed variants, returning their sizes.
fn write_asset(dist: &Path, asset: &Asset, precompress: bool) -> Result<FileSize> {
    let path = dist.join(&asset.name);
    write(&path, &asset.bytes)?;
    let (gzip, brotli) = if precompress {
        let gzip = compress::gzip(&asset.bytes).with_context(|| format!("compressing {}", asset.name))?;
        let brotli = compress::brotli(&asset.bytes).with_context(|| format!("compressing {}", asset.name))?;
        write(&with_suffix(&path, ".gz"), &gzip)?;
        write(&with_suffix(&path, ".br"), &brotli)?;
        (Some(gzip.len()), Some(brotli.len()))
    } else {
        (None, None)
    };
    Ok(FileSize { name: asset.name.clone(), raw: asset.bytes.len(), gzip, brotli, initial: asset.initial })
}

/// Writes `dist/sizes.json`, the figures the README quotes.
fn write_sizes(dist: &Path, profile: Profile, files: &[FileSize]) -> Result<()> {
    let json = serde_json::to_string_pretty(&sizes::json(profile.cargo_profile(), files)).context("could not serialise the sizes")?;
    write(&dist.join("sizes.json"), format!("{json}\n").as_bytes())
}

/// Runs `crm demo` with `args` from a release build, in the caller's directory (where the demo
/// creates `crm.db`), as this process: its exit code and signals (Ctrl-C) are the demo's own.
pub fn run_demo(workspace: &Workspace, args: &[String]) -> Result<()> {
    let mut command = process::cargo();
    command.arg("run").arg("--manifest-path").arg(workspace.root.join("Cargo.toml"));
    command.args(["--release", "--package", "crm", "--", "demo"]).args(args);
    replace_process(command)
}

/// Turns this process into `command` (Unix `exec`), so nothing stands between the user and it.
#[cfg(unix)]
fn replace_process(mut command: Command) -> Result<()> {
    use std::os::unix::process::CommandExt;
    let line = process::render(&command);
    eprintln!("$ {line}");
    let error = command.exec();
    Err(error).with_context(|| format!("could not start `{line}`"))
}

/// Runs `command` and exits with its exit code (no `exec` outside Unix).
#[cfg(not(unix))]
fn replace_process(mut command: Command) -> Result<()> {
    let line = process::render(&command);
    eprintln!("$ {line}");
    let status = command.status().with_context(|| format!("could not start `{line}`"))?;
    std::process::exit(status.code().unwrap_or(1))
}

/// `path` with `suffix` appended to its file name (`app.js` → `app.js.br`).
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Replaces `dist` with `fresh`: two renames, so `dist` is missing for an instant at most but
/// never half-written.
fn swap_in(fresh: &Path, dist: &Path) -> Result<()> {
    let old = dist.with_extension("old");
    if old.exists() {
        std::fs::remove_dir_all(&old).with_context(|| format!("could not remove {}", old.display()))?;
    }
    if dist.exists() {
        std::fs::rename(dist, &old).with_context(|| format!("could not move {} aside", dist.display()))?;
    }
    std::fs::rename(fresh, dist).with_context(|| format!("could not move {} into place", fresh.display()))?;
    if old.exists() {
        std::fs::remove_dir_all(&old).with_context(|| format!("could not remove {}", old.display()))?;
    }
    Ok(())
}

/// Removes `dir` with everything in it and creates it empty.
fn recreate_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("could not remove {}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).with_context(|| format!("could not create {}", dir.display()))
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("could not read {}", path.display()))
}

/// Writes a file, creating its folder (snippets live in subfolders).
fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("could not create {}", parent.display()))?;
    }
    std::fs::write(path, bytes).with_context(|| format!("could not write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_compression_suffixes() {
        assert_eq!(with_suffix(Path::new("/d/crm-app-0123456789abcdef.js"), ".br"), PathBuf::from("/d/crm-app-0123456789abcdef.js.br"));
    }

    #[test]
    fn locates_each_profiles_wasm() {
        assert_eq!((Profile::Dev.cargo_profile(), Profile::Dev.output_dir()), ("dev", "debug"));
        assert_eq!((Profile::Release.cargo_profile(), Profile::Release.output_dir()), ("wasm-release", "wasm-release"));
    }
}
