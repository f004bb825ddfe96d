//! The committed `schema.graphql` is the schema the server runs, and every part of it is
//! described.

use crm_api::export_sdl;

const REGENERATE: &str = "cargo run -p crm -- export-schema --output schema.graphql";

#[test]
fn committed_schema_matches_the_running_schema() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../schema.graphql");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(committed == export_sdl(), "schema.graphql is out of date with the server's schema. Regenerate it with:\n    {REGENERATE}");
}

#[test]
fn every_type_field_and_value_has_a_description() {
    // The spec's own scalars; the ones async-graphql defines get ours (`crm_api::schema`).
    const BUILT_IN: [&str; 5] = ["String", "Int", "Float", "Boolean", "ID"];
    let sdl = export_sdl();
    let lines: Vec<&str> = sdl.lines().collect();
    let mut missing = Vec::new();
    let mut current = String::new();
    let mut in_block_string = false;
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        let quotes = trimmed.matches("\"\"\"").count();
        if in_block_string {
            in_block_string = quotes % 2 == 0;
            continue;
        }
        if quotes % 2 == 1 {
            in_block_string = true;
            continue;
        }
        if trimmed.starts_with("schema") {
            current = "schema".into();
            continue;
        }
        if trimmed.is_empty() || quotes > 0 || trimmed == "}" || trimmed.starts_with("directive") || current == "schema" {
            continue;
        }
        let described = i > 0 && lines[i - 1].trim().ends_with("\"\"\"");
        let mut words = trimmed.split_whitespace();
        let first = words.next().unwrap_or_default();
        if ["type", "input", "enum", "interface", "scalar", "union"].contains(&first) {
            current = words.next().unwrap_or_default().to_owned();
            if !described && !BUILT_IN.contains(&current.as_str()) {
                missing.push(current.clone());
            }
        } else if line.starts_with('\t') && !line.starts_with("\t\t") && !described && !current.ends_with("Root") {
            missing.push(format!("{current}.{}", trimmed.split(['(', ':']).next().unwrap_or_default()));
        }
    }
    assert!(missing.is_empty(), "undescribed schema elements (add doc comments): {missing:?}");
}
