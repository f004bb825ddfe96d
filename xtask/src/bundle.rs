//! The bundle's files: content-hashed names, the boot module and the rendered `index.html`.
//!
//! Every asset's name carries a hash of its content, so the server can let browsers cache them
//! for a year (`immutable`) while `index.html`, the only unhashed file, always names the current
//! ones. The server's Content-Security-Policy forbids inline scripts, so the code that starts
//! the app lives in its own small module (`boot-<hash>.js`) rather than in the page.

use std::collections::BTreeMap;

use anyhow::{bail, Result};
use sha2::{Digest, Sha256};

use crate::split::{GLUE_SPECIFIER, LINK_SPECIFIER};

/// The first 16 hex digits (64 bits) of the SHA-256 of `bytes`: unique enough to bust caches,
/// short enough to read.
pub fn content_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().take(8).map(|byte| format!("{byte:02x}")).collect()
}

/// `<stem>-<hash><suffix>`, e.g. `crm-app-0123456789abcdef_bg.wasm`.
pub fn hashed_name(stem: &str, suffix: &str, bytes: &[u8]) -> String {
    format!("{stem}-{}{suffix}", content_hash(bytes))
}

/// The names under which the page finds the app's parts (all served from the site root).
pub struct Names {
    /// The wasm-bindgen JS glue (an ES module).
    pub glue: String,
    /// The main wasm module.
    pub wasm: String,
    /// The module that loads the chunks (imported by the glue).
    pub link: String,
    /// The module that imports the glue and starts the app.
    pub boot: String,
    /// The stylesheet.
    pub style: String,
}

/// The app's code under its final names: each file with the name it is served under, and every
/// reference between them rewritten to those names.
pub struct Code {
    /// The wasm-bindgen glue.
    pub glue: (String, String),
    /// The main wasm module.
    pub wasm: (String, Vec<u8>),
    /// The link module, which loads the chunks.
    pub link: (String, String),
    /// The chunks, in the order of the stems given to [`name_code`].
    pub chunks: Vec<(String, Vec<u8>)>,
}

/// Names the app's code by content and rewrites the references between the files.
///
/// Chunks and the main wasm are named by their own hash. The glue imports the link module and
/// the link module imports the glue, so neither name can be the hash of a content holding the
/// other: both are named by one hash of both contents (before the rewrite), which changes
/// whenever either does — and the link module's content names every chunk's hash.
pub fn name_code(package: &str, glue: &str, link: &str, wasm: Vec<u8>, chunks: BTreeMap<String, Vec<u8>>) -> Result<Code> {
    let mut link = link.to_owned();
    let mut named_chunks = Vec::with_capacity(chunks.len());
    for (stem, bytes) in chunks {
        let name = hashed_name(&stem, ".wasm", &bytes);
        link = replace_all(&link, &format!("\"./{stem}.wasm\""), &format!("\"./{name}\""))?;
        named_chunks.push((name, bytes));
    }
    let pair = content_hash(format!("{glue}\u{0}{link}").as_bytes());
    let glue_name = format!("{package}-{pair}.js");
    let link_name = format!("split-{pair}.js");
    let link = replace_all(&link, &format!("from \"{GLUE_SPECIFIER}\""), &format!("from \"./{glue_name}\""))?;
    let glue = replace_import(glue, LINK_SPECIFIER, &format!("./{link_name}"))?;
    Ok(Code {
        glue: (glue_name, glue),
        wasm: (hashed_name(package, "_bg.wasm", &wasm), wasm),
        link: (link_name, link),
        chunks: named_chunks,
    })
}

/// `text` with every `from '<specifier>'` or `from "<specifier>"` import pointing at `to`.
///
/// Only import clauses: the glue also uses the specifier as the key of the wasm's imports,
/// which must stay what the wasm names.
fn replace_import(text: &str, specifier: &str, to: &str) -> Result<String> {
    let single = format!("from '{specifier}'");
    let double = format!("from \"{specifier}\"");
    if !text.contains(&single) && !text.contains(&double) {
        bail!("found no import of {specifier}");
    }
    Ok(text.replace(&single, &format!("from '{to}'")).replace(&double, &format!("from \"{to}\"")))
}

/// `text` with every `from` replaced by `to`; an error if there is none (the splitter or
/// wasm-bindgen changed what they write, and the bundle would not load).
fn replace_all(text: &str, from: &str, to: &str) -> Result<String> {
    if !text.contains(from) {
        bail!("found no {from} to rewrite");
    }
    Ok(text.replace(from, to))
}

/// The boot module: loads the main wasm under its hashed name and runs the app's `start` function.
///
/// The glue's default export instantiates the module; without `module_or_path` it would look
/// for `crm-app_bg.wasm`, a name that no longer exists once hashed.
pub fn boot_module(glue: &str, wasm: &str) -> String {
    format!("import init from '/{glue}';\n\ninit({{ module_or_path: '/{wasm}' }});\n")
}

/// The placeholders of `frontend/index.html`, each replaced by the tags for the hashed assets.
const PLACEHOLDERS: [&str; 3] = ["{{preload}}", "{{style}}", "{{script}}"];

/// Renders the page template: every placeholder must appear, and nothing else in `{{…}}`, so a
/// typo in the template fails the build instead of shipping a page that never starts the app.
pub fn render_index(template: &str, names: &Names) -> Result<String> {
    let fills: Vec<(&str, String)> = PLACEHOLDERS.iter().map(|&placeholder| (placeholder, tags(placeholder, names))).collect();
    fill_template(template, &fills)
}

/// `template` with each placeholder of `fills` replaced by its text. Every placeholder must
/// appear, and nothing else in `{{…}}`: a typo in a template fails the build.
pub fn fill_template(template: &str, fills: &[(&str, String)]) -> Result<String> {
    let known = || fills.iter().map(|(placeholder, _)| *placeholder).collect::<Vec<_>>().join(", ");
    let mut page = template.to_owned();
    for (placeholder, text) in fills {
        if !page.contains(placeholder) {
            bail!("the page template has no {placeholder} placeholder (expected: {})", known());
        }
        page = page.replace(placeholder, text);
    }
    if let Some(start) = page.find("{{") {
        let rest = &page[start..];
        let unknown = rest.find("}}").map_or(rest, |end| &rest[..end + 2]);
        bail!("the page template has an unknown placeholder {unknown} (known: {})", known());
    }
    Ok(page)
}

/// The HTML that replaces one placeholder.
fn tags(placeholder: &str, names: &Names) -> String {
    match placeholder {
        // Fetch the wasm and the glue while the boot module loads, instead of one after another.
        "{{preload}}" => format!(
            "<link rel=\"preload\" href=\"/{}\" as=\"fetch\" type=\"application/wasm\" crossorigin>\n\
             <link rel=\"modulepreload\" href=\"/{}\">\n\
             <link rel=\"modulepreload\" href=\"/{}\">",
            names.wasm, names.glue, names.link
        ),
        "{{style}}" => format!("<link rel=\"stylesheet\" href=\"/{}\">", names.style),
        _ => format!("<script type=\"module\" src=\"/{}\"></script>", names.boot),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        Names {
            glue: "crm-app-1111111111111111.js".into(),
            wasm: "crm-app-2222222222222222_bg.wasm".into(),
            link: "split-5555555555555555.js".into(),
            boot: "boot-3333333333333333.js".into(),
            style: "style-4444444444444444.css".into(),
        }
    }

    #[test]
    fn hashes_are_16_hex_digits_of_sha256() {
        // SHA-256("") = e3b0c44298fc1c149afbf4c8996fb924…
        assert_eq!(content_hash(b""), "e3b0c44298fc1c14");
        assert_eq!(hashed_name("crm-app", "_bg.wasm", b""), "crm-app-e3b0c44298fc1c14_bg.wasm");
        assert_eq!(hashed_name("style", ".css", b""), "style-e3b0c44298fc1c14.css");
        assert_ne!(content_hash(b"a"), content_hash(b"b"));
    }

    #[test]
    fn boot_module_passes_the_hashed_wasm() {
        let boot = boot_module("crm-app-1111111111111111.js", "crm-app-2222222222222222_bg.wasm");
        assert_eq!(
            boot,
            "import init from '/crm-app-1111111111111111.js';\n\ninit({ module_or_path: '/crm-app-2222222222222222_bg.wasm' });\n"
        );
    }

    #[test]
    fn names_the_code_and_rewrites_its_references() -> Result<()> {
        let glue = "import * as import1 from \"./__wasm_split.js\"\nconst imports = { \"./__wasm_split.js\": import1 };\n";
        let link = "import { initSync } from \"./crm-app.js\";\nfetch(new URL(\"./chunk_1.wasm\", import.meta.url));\n";
        let chunks = BTreeMap::from([("chunk_1".to_owned(), b"one".to_vec())]);
        let code = name_code("crm-app", glue, link, b"main".to_vec(), chunks.clone())?;

        let chunk = hashed_name("chunk_1", ".wasm", b"one");
        assert_eq!(code.chunks, vec![(chunk.clone(), b"one".to_vec())]);
        assert_eq!(code.wasm.0, hashed_name("crm-app", "_bg.wasm", b"main"));
        let pair = code.glue.0.trim_start_matches("crm-app-").trim_end_matches(".js").to_owned();
        assert_eq!(code.link.0, format!("split-{pair}.js"), "the glue and the link module share one hash");
        // The import clause points at the link module's name; the wasm's import key stays.
        assert_eq!(
            code.glue.1,
            format!("import * as import1 from \"./split-{pair}.js\"\nconst imports = {{ \"./__wasm_split.js\": import1 }};\n")
        );
        assert_eq!(
            code.link.1,
            format!("import {{ initSync }} from \"./crm-app-{pair}.js\";\nfetch(new URL(\"./{chunk}\", import.meta.url));\n")
        );

        // A changed chunk renames the pair too: the link module names the chunk.
        let changed = name_code("crm-app", glue, link, b"main".to_vec(), BTreeMap::from([("chunk_1".to_owned(), b"two".to_vec())]))?;
        assert_ne!(changed.glue.0, code.glue.0);
        assert_ne!(changed.link.0, code.link.0);
        Ok(())
    }

    #[test]
    fn refuses_code_whose_references_it_cannot_find() {
        let chunks = BTreeMap::from([("chunk_1".to_owned(), b"one".to_vec())]);
        let linked = "import { initSync } from \"./crm-app.js\"; \"./chunk_1.wasm\"";
        let unlinked_glue = name_code("crm-app", "no imports here", linked, Vec::new(), chunks.clone()).map(|_| ());
        assert_eq!(unlinked_glue.map_err(|e| e.to_string()), Err("found no import of ./__wasm_split.js".to_owned()));
        let glue = "import * as i from \"./__wasm_split.js\"";
        let no_chunk = name_code("crm-app", glue, "import { initSync } from \"./crm-app.js\";", Vec::new(), chunks).map(|_| ());
        assert_eq!(no_chunk.map_err(|e| e.to_string()), Err("found no \"./chunk_1.wasm\" to rewrite".to_owned()));
    }

    #[test]
    fn renders_every_placeholder() -> Result<()> {
        let page = render_index("<head>{{preload}}\n{{style}}\n</head><body>{{script}}</body>", &names())?;
        assert_eq!(
            page,
            "<head><link rel=\"preload\" href=\"/crm-app-2222222222222222_bg.wasm\" as=\"fetch\" type=\"application/wasm\" crossorigin>\n\
             <link rel=\"modulepreload\" href=\"/crm-app-1111111111111111.js\">\n\
             <link rel=\"modulepreload\" href=\"/split-5555555555555555.js\">\n\
             <link rel=\"stylesheet\" href=\"/style-4444444444444444.css\">\n\
             </head><body><script type=\"module\" src=\"/boot-3333333333333333.js\"></script></body>"
        );
        Ok(())
    }

    #[test]
    fn rejects_missing_and_unknown_placeholders() {
        let missing = render_index("{{preload}}{{style}}", &names()).map_err(|e| e.to_string());
        assert_eq!(missing, Err("the page template has no {{script}} placeholder (expected: {{preload}}, {{style}}, {{script}})".into()));
        let unknown = render_index("{{preload}}{{style}}{{script}}{{title}}", &names()).map_err(|e| e.to_string());
        assert_eq!(
            unknown,
            Err("the page template has an unknown placeholder {{title}} (known: {{preload}}, {{style}}, {{script}})".into())
        );
    }
}
