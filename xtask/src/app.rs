//! `cargo xtask app`: the browser app from Rust sources to `frontend/dist/`.
//!
//! compile (cargo, wasm32) → split (main module, a chunk per module, chunks modules share) →
//! bind (wasm-bindgen: JS glue + main wasm) → optimise each module (wasm-opt -Oz) → name by
//! content hash, render `index.html`, add the GraphQL explorer → write `dist/` afresh →
//! precompress → report sizes. Skipped when `dist/` already holds this build (`stamp`).
//! The backend embeds `dist/` as it is, so whatever this writes is exactly what is served.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::bundle::{self, Names};
use crate::compress;
use crate::explorer;
use crate::process;
use crate::sizes::{self, FileSize};
use crate::split::{self, Split};
use crate::stamp;
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
    /// Whether a first visit loads it (see [`sizes`]).
    initial: bool,
    /// Whether it is a chunk split off the main module.
    chunk: bool,
}

/// Builds the app into `frontend/dist/` and prints its sizes.
pub fn build(workspace: &Workspace, profile: Profile) -> Result<()> {
    tools::ensure_wasm_target()?;
    tools::check_wasm_bindgen(workspace)?;
    let wasm = read(&compile(workspace, profile)?)?;
    let wasm_opt = match profile {
        Profile::Dev => None,
        Profile::Release => tools::usable_wasm_opt(workspace)?,
    };
    let stamp = stamp::of(workspace, &wasm, wasm_opt.as_deref(), profile.cargo_profile())?;
    if stamp::is_current(workspace, &stamp) {
        eprintln!("{} is up to date ({} build): nothing changed since it was built", workspace.dist().display(), profile.cargo_profile());
        return Ok(());
    }
    stamp::forget(workspace);
    let staging = workspace.scratch("app");
    recreate_dir(&staging)?;
    let split = split::split(&wasm, &staging.join("split"))?;
    bind(&split.main, &staging, profile)?;
    let main = finish(&staging.join(format!("{PACKAGE}_bg.wasm")), wasm_opt.as_deref())?;
    let chunks = finish_all(&split.chunks, wasm_opt.as_deref())?;
    let assets = assemble(workspace, &staging, main, chunks, &split)?;
    let dist = workspace.dist();
    // Written beside `dist/` and swapped in at the end, so a server reading `dist/`
    // (CRM_APP_DIR) never sees an index.html whose assets are not there yet.
    let fresh = dist.with_extension("new");
    let files = write_dist(&fresh, &assets, profile == Profile::Release)?;
    write_sizes(&fresh, profile, &files)?;
    swap_in(&fresh, &dist)?;
    stamp::record(workspace, &stamp)?;
    println!("{}", sizes::table(&files));
    eprintln!("built {} ({} build)", dist.display(), profile.cargo_profile());
    Ok(())
}

/// Compiles the app's library to wasm and returns the `.wasm` path.
///
/// Linked with `--emit-relocs`, which the splitter needs; passed to this crate's rustc alone
/// (`cargo rustc`), so the dependencies' builds stay as they are.
fn compile(workspace: &Workspace, profile: Profile) -> Result<PathBuf> {
    let mut command = process::cargo();
    command.current_dir(&workspace.root).args(["rustc", "--package", PACKAGE, "--lib", "--target", WASM_TARGET]);
    command.args(["--profile", profile.cargo_profile(), "--", "-C", "link-arg=--emit-relocs"]);
    process::run(&mut command)?;
    let wasm = workspace.target_dir.join(WASM_TARGET).join(profile.output_dir()).join(WASM_FILE);
    anyhow::ensure!(wasm.is_file(), "cargo built no {}", wasm.display());
    Ok(wasm)
}

/// Runs wasm-bindgen on the split's main module: writes `crm-app.js` (ES module glue) and
/// `crm-app_bg.wasm` to `out_dir`.
///
/// The exports the linker made for the chunks stay (`keep_lld_exports`), and keep their
/// mangled names. Release builds drop the function names (a third of the module); dev builds
/// keep them for readable panic backtraces.
fn bind(main: &Path, out_dir: &Path, profile: Profile) -> Result<()> {
    let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
    bindgen.input_path(main).out_name(PACKAGE).typescript(false).keep_lld_exports(true).demangle(false);
    bindgen.web(true)?;
    if profile == Profile::Release {
        bindgen.remove_name_section(true).remove_producers_section(true);
    }
    bindgen.generate(out_dir).with_context(|| format!("wasm-bindgen on {}", main.display()))
}

/// [`finish`] for every chunk, on as many threads as there are cores (wasm-opt runs one
/// process per module, mostly on one core).
fn finish_all(chunks: &BTreeMap<String, PathBuf>, wasm_opt: Option<&OsStr>) -> Result<BTreeMap<String, Vec<u8>>> {
    let chunks: Vec<(&String, &PathBuf)> = chunks.iter().collect();
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let per_thread = chunks.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = chunks
            .chunks(per_thread)
            .map(|part| {
                scope.spawn(move || {
                    part.iter().map(|(stem, path)| Ok(((*stem).clone(), finish(path, wasm_opt)?))).collect::<Result<Vec<_>>>()
                })
            })
            .collect();
        let mut finished = BTreeMap::new();
        for worker in workers {
            let part = worker.join().map_err(|_| anyhow::anyhow!("a wasm-opt worker panicked"))??;
            finished.extend(part);
        }
        Ok(finished)
    })
}

/// The bytes to ship for the module at `path`: as it is, or `wasm-opt`'s output (when a recent
/// enough binaryen is there) if that is smaller after brotli.
fn finish(path: &Path, wasm_opt: Option<&OsStr>) -> Result<Vec<u8>> {
    let Some(wasm_opt) = wasm_opt else {
        return read(path);
    };
    let optimised = path.with_extension("opt.wasm");
    tools::wasm_opt(wasm_opt, path, &optimised)?;
    smaller_after_brotli(path, read(path)?, read(&optimised)?)
}

/// `optimised` when it is smaller after brotli (what browsers download), else `original`.
///
/// wasm-opt shrinks the raw module but can make it compress worse: on the CRM app plain `-Oz`
/// cut the raw wasm by 16% and grew its brotli by 10%. Measuring keeps a binaryen or app change
/// from silently growing the download.
fn smaller_after_brotli(path: &Path, original: Vec<u8>, optimised: Vec<u8>) -> Result<Vec<u8>> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let before = compress::brotli(&original).with_context(|| format!("compressing {name}"))?.len();
    let after = compress::brotli(&optimised).with_context(|| format!("compressing the optimised {name}"))?.len();
    if after < before {
        eprintln!("wasm-opt {name}: {before} → {after} bytes after brotli");
        Ok(optimised)
    } else {
        eprintln!("note: wasm-opt's {name} is larger after brotli ({after} vs {before} bytes): shipping the original");
        Ok(original)
    }
}

/// The bundle's files under their final names: the page, the boot module, the glue, the main
/// wasm, the link module and the chunks, the stylesheet, and any JS snippets of crates the app
/// uses.
fn assemble(workspace: &Workspace, staging: &Path, wasm: Vec<u8>, chunks: BTreeMap<String, Vec<u8>>, split: &Split) -> Result<Vec<Asset>> {
    let glue = String::from_utf8(read(&staging.join(format!("{PACKAGE}.js")))?).context("the glue is not UTF-8")?;
    let style = read(&workspace.frontend().join("style.css"))?;
    let template_path = workspace.frontend().join("index.html");
    let template = String::from_utf8(read(&template_path)?).with_context(|| format!("{} is not UTF-8", template_path.display()))?;

    let code = bundle::name_code(PACKAGE, &glue, &split.link, wasm, chunks)?;
    let landing = landing_chunks(split)?;
    let boot = bundle::boot_module(&code.glue.0, &code.wasm.0).into_bytes();
    let names = Names {
        boot: bundle::hashed_name("boot", ".js", &boot),
        style: bundle::hashed_name("style", ".css", &style),
        glue: code.glue.0.clone(),
        wasm: code.wasm.0.clone(),
        link: code.link.0.clone(),
    };
    let index = bundle::render_index(&template, &names).with_context(|| format!("in {}", template_path.display()))?;

    let initial = |name: String, bytes: Vec<u8>| Asset { name, bytes, initial: true, chunk: false };
    let mut assets = vec![
        initial("index.html".to_owned(), index.into_bytes()),
        initial(names.boot, boot),
        initial(code.glue.0, code.glue.1.into_bytes()),
        initial(code.wasm.0, code.wasm.1),
        initial(code.link.0, code.link.1.into_bytes()),
        initial(names.style, style),
    ];
    for ((name, bytes), stem) in code.chunks.into_iter().zip(split.chunks.keys()) {
        assets.push(Asset { initial: landing.contains(stem), chunk: true, name, bytes });
    }
    assets.extend(snippets(staging)?);
    assets.extend(explorer::files(workspace)?.into_iter().map(|file| Asset {
        name: file.name,
        bytes: file.bytes,
        initial: false,
        chunk: false,
    }));
    Ok(assets)
}

/// The route a first visit lands on (staff and partners land on their home screen), as the
/// splitter names its split point (`<module function>_<hash>`): its chunks count
/// towards the first visit's size.
const LANDING_SPLIT: &str = "home_module_";

/// The file stems of the chunks the landing route needs.
fn landing_chunks(split: &Split) -> Result<Vec<String>> {
    let mut matching = split.needs.iter().filter(|(point, _)| point.starts_with(LANDING_SPLIT));
    match (matching.next(), matching.next()) {
        (Some((_, stems)), None) => Ok(stems.clone()),
        (None, _) => bail!("no split point {LANDING_SPLIT}… for the landing route among {:?}", split.needs.keys().collect::<Vec<_>>()),
        (Some(_), Some(_)) => bail!("more than one split point {LANDING_SPLIT}… for the landing route"),
    }
}

/// The JS files wasm-bindgen copied from crates' `#[wasm_bindgen(module = …)]` and `inline_js`
/// into `snippets/`; the glue imports them by relative path, so they keep their place and name.
fn snippets(staging: &Path) -> Result<Vec<Asset>> {
    let mut files = Vec::new();
    collect_files(staging, &staging.join("snippets"), &mut files)?;
    files.sort();
    files.into_iter().map(|(name, path)| Ok(Asset { name, bytes: read(&path)?, initial: false, chunk: false })).collect()
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
    Ok(FileSize { name: asset.name.clone(), raw: asset.bytes.len(), gzip, brotli, initial: asset.initial, chunk: asset.chunk })
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
