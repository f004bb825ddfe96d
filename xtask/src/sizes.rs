//! The bundle's sizes: a table for the user and `sizes.json` for the README and tests.
//!
//! What a first visit costs is the page plus everything it loads before the app runs (boot
//! module, glue, main wasm, chunk loader, stylesheet) and the chunks of the screen it lands on,
//! as brotli since every current browser accepts it. Chunks loaded later are listed apart.

use serde_json::{json, Value};

/// One file of the bundle.
pub struct FileSize {
    /// Its name in `dist/`.
    pub name: String,
    /// Uncompressed bytes.
    pub raw: usize,
    /// Bytes of the `.gz` variant (absent in dev builds).
    pub gzip: Option<usize>,
    /// Bytes of the `.br` variant (absent in dev builds).
    pub brotli: Option<usize>,
    /// Whether a first visit downloads it (before the app runs, or for the landing screen).
    pub initial: bool,
    /// Whether it is a chunk of code split off the main module, loaded on first use.
    pub chunk: bool,
}

impl FileSize {
    /// What a browser that accepts brotli downloads: the `.br` variant when there is one.
    fn transfer(&self) -> usize {
        self.brotli.unwrap_or(self.raw)
    }
}

/// The bytes of a first visit: the initial files, brotli-compressed when precompressed.
pub fn initial_transfer(files: &[FileSize]) -> usize {
    files.iter().filter(|file| file.initial).map(FileSize::transfer).sum()
}

/// The table printed after a build.
pub fn table(files: &[FileSize]) -> String {
    let total = if files.iter().any(|file| file.brotli.is_some()) { "initial transfer (brotli)" } else { "initial transfer (raw)" };
    let width = files.iter().map(|file| file.name.len()).max().unwrap_or(0).max(total.len());
    let mut out = format!("{:<width$}  {:>10}  {:>10}  {:>10}\n", "file", "raw", "gzip", "brotli");
    for file in files {
        let marker = match (file.initial, file.chunk) {
            (true, _) => " *",
            (false, true) => " (chunk)",
            (false, false) => "",
        };
        out += &format!("{:<width$}  {:>10}  {:>10}  {:>10}{marker}\n", file.name, file.raw, optional(file.gzip), optional(file.brotli));
    }
    out += &format!("{total:<width$}  {:>10}  {:>10}  {:>10}\n", "", "", initial_transfer(files));
    out += "(* loaded on a first visit)\n";
    out
}

/// A size, or a dash when that variant was not built.
fn optional(size: Option<usize>) -> String {
    size.map_or_else(|| "-".to_owned(), |size| size.to_string())
}

/// The same figures as JSON (`dist/sizes.json`).
///
/// `initial` totals the files a first visit loads: raw, gzip and brotli (null in dev builds, which
/// are not precompressed), and `initial_transfer`, the brotli figure of the table.
pub fn json(profile: &str, files: &[FileSize]) -> Value {
    let initial = || files.iter().filter(|file| file.initial);
    let entries: Vec<Value> = files
        .iter()
        .map(|file| {
            json!({ "name": file.name, "raw": file.raw, "gzip": file.gzip, "brotli": file.brotli, "initial": file.initial, "chunk": file.chunk })
        })
        .collect();
    json!({
        "profile": profile,
        "files": entries,
        "initial": {
            "raw": initial().map(|file| file.raw).sum::<usize>(),
            "gzip": initial().map(|file| file.gzip).sum::<Option<usize>>(),
            "brotli": initial().map(|file| file.brotli).sum::<Option<usize>>(),
        },
        "initial_transfer": initial_transfer(files),
        "largest_chunk": files.iter().filter(|file| file.chunk).map(FileSize::transfer).max().unwrap_or(0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Vec<FileSize> {
        vec![
            FileSize { name: "index.html".into(), raw: 1000, gzip: Some(400), brotli: Some(300), initial: true, chunk: false },
            FileSize {
                name: "crm-app-0123456789abcdef_bg.wasm".into(),
                raw: 90_000,
                gzip: Some(40_000),
                brotli: Some(30_000),
                initial: true,
                chunk: false,
            },
            FileSize {
                name: "split_x-0123456789abcdef.wasm".into(),
                raw: 20_000,
                gzip: Some(9_000),
                brotli: Some(8_000),
                initial: false,
                chunk: true,
            },
            FileSize { name: "snippets/x.js".into(), raw: 50, gzip: Some(60), brotli: Some(55), initial: false, chunk: false },
        ]
    }

    #[test]
    fn totals_the_initial_files() {
        assert_eq!(initial_transfer(&files()), 30_300);
        let json = json("wasm-release", &files());
        assert_eq!(json["initial"], json!({ "raw": 91_000, "gzip": 40_400, "brotli": 30_300 }));
        assert_eq!(json["initial_transfer"], 30_300);
        assert_eq!(json["files"][1]["name"], "crm-app-0123456789abcdef_bg.wasm");
        assert_eq!(json["largest_chunk"], 8_000);
        assert_eq!(json["files"][2]["chunk"], true);
    }

    #[test]
    fn dev_builds_count_raw_bytes() {
        let dev = vec![FileSize { name: "index.html".into(), raw: 1000, gzip: None, brotli: None, initial: true, chunk: false }];
        assert_eq!(initial_transfer(&dev), 1000);
        assert_eq!(json("dev", &dev)["initial"]["brotli"], Value::Null);
        assert!(table(&dev).contains("index.html"));
    }
}
