//! The bundle's files: content-hashed names, the boot module and the rendered `index.html`.
//!
//! Every asset's name carries a hash of its content, so the server can let browsers cache them
//! for a year (`immutable`) while `index.html`, the only unhashed file, always names the current
//! ones. The server's Content-Security-Policy forbids inline scripts, so the code that starts
//! the app lives in its own small module (`boot-<hash>.js`) rather than in the page.

use anyhow::{bail, Result};
use sha2::{Digest, Sha256};

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
    /// The optimised wasm module.
    pub wasm: String,
    /// The module that imports the glue and starts the app.
    pub boot: String,
    /// The stylesheet.
    pub style: String,
}

/// The boot module: loads the wasm under its hashed name and runs the app's `start` function.
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
    let mut page = template.to_owned();
    for placeholder in PLACEHOLDERS {
        if !page.contains(placeholder) {
            bail!("the page template has no {placeholder} placeholder (expected: {})", PLACEHOLDERS.join(", "));
        }
        page = page.replace(placeholder, &tags(placeholder, names));
    }
    if let Some(start) = page.find("{{") {
        let rest = &page[start..];
        let unknown = rest.find("}}").map_or(rest, |end| &rest[..end + 2]);
        bail!("the page template has an unknown placeholder {unknown} (known: {})", PLACEHOLDERS.join(", "));
    }
    Ok(page)
}

/// The HTML that replaces one placeholder.
fn tags(placeholder: &str, names: &Names) -> String {
    match placeholder {
        // Fetch the wasm and the glue while the boot module loads, instead of one after another.
        "{{preload}}" => format!(
            "<link rel=\"preload\" href=\"/{}\" as=\"fetch\" type=\"application/wasm\" crossorigin>\n\
             <link rel=\"modulepreload\" href=\"/{}\">",
            names.wasm, names.glue
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
    fn renders_every_placeholder() -> Result<()> {
        let page = render_index("<head>{{preload}}\n{{style}}\n</head><body>{{script}}</body>", &names())?;
        assert_eq!(
            page,
            "<head><link rel=\"preload\" href=\"/crm-app-2222222222222222_bg.wasm\" as=\"fetch\" type=\"application/wasm\" crossorigin>\n\
             <link rel=\"modulepreload\" href=\"/crm-app-1111111111111111.js\">\n\
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
