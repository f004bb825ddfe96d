//! The version of a package in `Cargo.lock`.
//!
//! The wasm-bindgen CLI must be exactly the version of the `wasm-bindgen` crate the app links
//! (their wire format is not stable across versions), and the lock file is where that version
//! is decided. A line scan of the `[[package]]` tables is enough for cargo's fixed layout and
//! keeps a TOML parser out of the build tool.

use anyhow::{bail, Result};

/// The single locked version of `name`; an error when it is absent or locked at several versions.
pub fn locked_version(lock: &str, name: &str) -> Result<String> {
    let mut versions: Vec<String> = packages(lock).filter(|(n, _)| *n == name).map(|(_, v)| v.to_owned()).collect();
    versions.sort();
    versions.dedup();
    match versions.as_slice() {
        [version] => Ok(version.clone()),
        [] => bail!("Cargo.lock has no package `{name}`"),
        many => bail!("Cargo.lock has several versions of `{name}` ({}); only one can be checked", many.join(", ")),
    }
}

/// Every `(name, version)` pair of the lock file, in order.
fn packages(lock: &str) -> impl Iterator<Item = (&str, &str)> {
    lock.split("[[package]]").skip(1).filter_map(|table| Some((field(table, "name")?, field(table, "version")?)))
}

/// The string value of `key = "value"` in one `[[package]]` table.
fn field<'a>(table: &'a str, key: &str) -> Option<&'a str> {
    table.lines().find_map(|line| {
        let (k, v) = line.split_once('=')?;
        (k.trim() == key).then(|| v.trim().trim_matches('"'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"
version = 4

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = [
 "wasm-bindgen-macro",
]

[[package]]
name = "wasm-bindgen-macro"
version = "0.2.130"

[[package]]
name = "brotli"
version = "8.0.4"

[[package]]
name = "brotli"
version = "9.1.1"
"#;

    #[test]
    fn finds_the_exact_package() -> Result<()> {
        assert_eq!(locked_version(LOCK, "wasm-bindgen")?, "0.2.130");
        assert_eq!(locked_version(LOCK, "wasm-bindgen-macro")?, "0.2.130");
        Ok(())
    }

    #[test]
    fn rejects_missing_and_ambiguous_packages() {
        assert!(locked_version(LOCK, "wasm").is_err());
        let error = locked_version(LOCK, "brotli").map_err(|e| e.to_string());
        assert_eq!(error, Err("Cargo.lock has several versions of `brotli` (8.0.4, 9.1.1); only one can be checked".into()));
    }

    #[test]
    fn ignores_dependency_lists() {
        // "wasm-bindgen-macro" appears inside the first table's dependency list too.
        assert_eq!(packages(LOCK).filter(|(n, _)| *n == "wasm-bindgen-macro").count(), 1);
    }
}
