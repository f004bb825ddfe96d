//! The GraphQL explorer the server answers `GET /graphql` with: GraphiQL's browser build and
//! the React it runs on, from the npm packages `xtask/graphiql/package-lock.json` pins, and the
//! page, script and stylesheet of `frontend/explorer/`, all under `explorer/` in `dist/`.
//!
//! Carried in the binary with the app, so the explorer works offline, in an air-gapped site or
//! behind a proxy, under a Content-Security-Policy that allows only the server's own origin.
//! Files are named by content hash (cached for a year); `explorer/index.html` names them.
//! The packages are installed (`npm ci`) on first use; without npm the app is built without
//! the explorer, and the server says how to add it.

use std::path::Path;

use anyhow::{Context, Result};

use crate::bundle;
use crate::npm;
use crate::workspace::Workspace;

/// Where the page is in `dist/` (the server reads it by this name).
pub const PAGE: &str = "explorer/index.html";

/// Files of the installed packages: the scripts in the order the page runs them (React, then
/// React DOM, then GraphiQL, which finds both as globals), and GraphiQL's stylesheet.
const VENDOR_SCRIPTS: [&str; 3] =
    ["react/umd/react.production.min.js", "react-dom/umd/react-dom.production.min.js", "graphiql/graphiql.min.js"];
const VENDOR_STYLE: &str = "graphiql/graphiql.min.css";

/// Our files in `frontend/explorer/`: the page template, the script that starts GraphiQL
/// (after the vendor scripts) and the stylesheet (after GraphiQL's).
const TEMPLATE: &str = "index.html";
const SCRIPT: &str = "explorer.js";
const STYLE: &str = "explorer.css";

/// One file of the explorer: its path under `dist/` and its bytes.
pub struct File {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The explorer's files, or none (with a note) when npm is not installed.
pub fn files(workspace: &Workspace) -> Result<Vec<File>> {
    let packages = workspace.root.join("xtask").join("graphiql");
    let Some(modules) = npm::installed(&packages, "the app is built without the GraphQL explorer (GET /graphql)")? else {
        return Ok(Vec::new());
    };
    let sources = workspace.frontend().join("explorer");
    let mut files = Vec::new();
    let mut scripts = Vec::new();
    for path in VENDOR_SCRIPTS {
        scripts.push(add(&mut files, &modules.join(path))?);
    }
    scripts.push(add(&mut files, &sources.join(SCRIPT))?);
    let styles = [add(&mut files, &modules.join(VENDOR_STYLE))?, add(&mut files, &sources.join(STYLE))?];
    let template_path = sources.join(TEMPLATE);
    let template = String::from_utf8(read(&template_path)?).with_context(|| format!("{} is not UTF-8", template_path.display()))?;
    let page = render(&template, &scripts, &styles).with_context(|| format!("in {}", template_path.display()))?;
    files.push(File { name: PAGE.to_owned(), bytes: page.into_bytes() });
    Ok(files)
}

/// Adds the file at `path` under a content-hashed name and returns the name.
fn add(files: &mut Vec<File>, path: &Path) -> Result<String> {
    let bytes = read(path)?;
    let file_name = path.file_name().and_then(|name| name.to_str()).with_context(|| format!("{} has no file name", path.display()))?;
    let (stem, suffix) = file_name.split_once('.').unwrap_or((file_name, ""));
    let name = format!("explorer/{}", bundle::hashed_name(stem, &format!(".{suffix}"), &bytes));
    files.push(File { name: name.clone(), bytes });
    Ok(name)
}

/// Renders the page template: `{{style}}` and `{{script}}` become the tags of the files, in
/// order (scripts deferred: they run in order once the page is parsed).
fn render(template: &str, scripts: &[String], styles: &[String]) -> Result<String> {
    let style = styles.iter().map(|name| format!("<link rel=\"stylesheet\" href=\"/{name}\">")).collect::<Vec<_>>().join("\n  ");
    let script = scripts.iter().map(|name| format!("<script defer src=\"/{name}\"></script>")).collect::<Vec<_>>().join("\n  ");
    bundle::fill_template(template, &[("{{style}}", style), ("{{script}}", script)])
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("could not read {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_tags_in_order() -> Result<()> {
        let page = render("<head>{{style}}{{script}}</head>", &["a.js".into(), "b.js".into()], &["s.css".into()])?;
        assert_eq!(
            page,
            "<head><link rel=\"stylesheet\" href=\"/s.css\"><script defer src=\"/a.js\"></script>\n  <script defer src=\"/b.js\"></script></head>"
        );
        Ok(())
    }

    #[test]
    fn refuses_a_template_without_its_placeholders() {
        assert!(render("<head>{{script}}</head>", &[], &[]).is_err());
        assert!(render("<head>{{style}}{{script}}{{other}}</head>", &[], &[]).is_err());
    }
}
