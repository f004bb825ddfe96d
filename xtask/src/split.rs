//! Code splitting: the app's wasm cut at its split points into a main module and chunks.
//!
//! Every `#[lazy]` function (each route's view, `frontend/src/routes.rs`) is a split point. The
//! splitter (`wasm_split_cli_support`, the library behind cargo-leptos' `--split`) follows the
//! call graph from each split point: what only one split point reaches goes into that split's
//! chunk, what several reach into a shared chunk, the rest stays in the main module. It needs
//! the linker's relocations (`--emit-relocs`) to move code and data between modules.
//!
//! Out come the main module (for wasm-bindgen), one `.wasm` per chunk, and a JS module (the
//! "link" module) that fetches and instantiates chunks on demand against the main module's
//! memory and table. The link module imports the wasm-bindgen glue, and the glue the link
//! module: [`crate::bundle`] names that pair by one hash of both.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context, Result};

/// The specifier under which the main wasm imports the link module, and the glue therefore
/// imports it; [`crate::bundle`] rewrites it to the link module's hashed name.
pub const LINK_SPECIFIER: &str = "./__wasm_split.js";

/// The specifier under which the link module imports the glue (for its `initSync`).
pub const GLUE_SPECIFIER: &str = "./crm-app.js";

/// What the splitter wrote.
pub struct Split {
    /// The main module, still to be bound by wasm-bindgen.
    pub main: PathBuf,
    /// The chunks, by file stem (`split_…`, `chunk_…`).
    pub chunks: BTreeMap<String, PathBuf>,
    /// The link module's source.
    pub link: String,
    /// For each split point, the file stems of the chunks it needs.
    pub needs: BTreeMap<String, Vec<String>>,
}

/// Splits the module `wasm` (linked with `--emit-relocs`) into `out_dir`.
pub fn split(wasm: &[u8], out_dir: &Path) -> Result<Split> {
    std::fs::create_dir_all(out_dir).with_context(|| format!("could not create {}", out_dir.display()))?;
    let main = out_dir.join("main.wasm");
    let mut options = wasm_split_cli_support::Options::new(wasm);
    options.output_dir = out_dir;
    options.main_out_path = &main;
    options.link_name = LINK_SPECIFIER;
    options.main_module = GLUE_SPECIFIER;
    // The splitter reports with `eyre`; its chain, formatted, says what went wrong.
    let result = wasm_split_cli_support::transform(options).map_err(|error| anyhow!("{error:?}")).context("splitting the wasm")?;
    let mut chunks = BTreeMap::new();
    for path in result.split_modules {
        let stem = path.file_stem().and_then(|stem| stem.to_str()).with_context(|| format!("odd chunk name {}", path.display()))?;
        chunks.insert(stem.to_owned(), path.clone());
    }
    let link_path = out_dir.join(LINK_SPECIFIER);
    let link = std::fs::read_to_string(&link_path).with_context(|| format!("could not read {}", link_path.display()))?;
    let needs = result.prefetch_map.into_iter().collect();
    Ok(Split { main, chunks, link, needs })
}
