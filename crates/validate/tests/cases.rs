//! Data-driven validation cases: `data/cases/<name>/case.json` names a base (schema and
//! context under `data/base/`) and patches for both; `expected.txt` holds the report text.
//! `UPDATE_EXPECT=1 cargo test -p multisite-validate` rewrites the expected files.
//!
//! Patch paths address array elements the way NDO does: by `name`, by
//! `{siteId}-{templateName}`, by the last segment of the element's identity ref, by index,
//! or `-` to append.

use std::fs;
use std::path::{Path, PathBuf};

use multisite_validate::{rules, validate_document, Context};
use serde_json::Value;

const IDENTITY_REFS: [&str; 10] = [
    "epgRef",
    "anpRef",
    "externalEpgRef",
    "serviceNodeRef",
    "serviceGraphRef",
    "l3outRef",
    "bdRef",
    "contractRef",
    "filterRef",
    "vrfRef",
];

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

fn read_json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn element_matches(item: &Value, token: &str) -> bool {
    if item.get("name").and_then(Value::as_str) == Some(token) {
        return true;
    }
    if let (Some(site), Some(tpl)) = (
        item.get("siteId").and_then(Value::as_str),
        item.get("templateName").and_then(Value::as_str),
    ) {
        return format!("{site}-{tpl}") == token;
    }
    IDENTITY_REFS
        .iter()
        .find_map(|k| item.get(*k).and_then(Value::as_str))
        .is_some_and(|r| r.rsplit('/').next() == Some(token))
}

fn step<'v>(value: &'v mut Value, token: &str, path: &str) -> &'v mut Value {
    match value {
        Value::Object(map) => map.get_mut(token),
        Value::Array(items) => match token.parse::<usize>() {
            Ok(i) => items.get_mut(i),
            Err(_) => items.iter_mut().find(|item| element_matches(item, token)),
        },
        _ => None,
    }
    .unwrap_or_else(|| panic!("patch path {path}: no '{token}'"))
}

/// Applies `add`, `replace` and `remove` ops with NDO-style addressing.
fn apply(doc: &mut Value, ops: &Value) {
    for op in ops.as_array().map_or(&[][..], Vec::as_slice) {
        let kind = op["op"].as_str().expect("op");
        let path = op["path"].as_str().expect("path");
        let tokens: Vec<&str> = path.split('/').skip(1).collect();
        let (last, parents) = tokens.split_last().expect("non-empty path");
        let parent = parents.iter().fold(&mut *doc, |v, t| step(v, t, path));
        let value = op.get("value").cloned().unwrap_or(Value::Null);
        match (parent, kind) {
            (Value::Array(items), "add") if *last == "-" => items.push(value),
            (Value::Array(items), "remove") => {
                let i = items
                    .iter()
                    .position(|item| element_matches(item, last))
                    .or_else(|| last.parse().ok());
                items.remove(i.unwrap_or_else(|| panic!("patch path {path}: nothing to remove")));
            }
            (Value::Object(map), "remove") => {
                map.remove(*last)
                    .unwrap_or_else(|| panic!("patch path {path}: nothing to remove"));
            }
            (Value::Object(map), "add" | "replace") => {
                map.insert(last.to_string(), value);
            }
            (parent, "replace") => *step(parent, last, path) = value,
            (_, other) => panic!("patch path {path}: unsupported op {other}"),
        }
    }
}

fn run_case(dir: &Path) -> String {
    let case = read_json(&dir.join("case.json"));
    let base = case["base"].as_str().unwrap_or("seed");
    let mut schema = read_json(&data().join(format!("base/{base}.schema.json")));
    let mut context = read_json(&data().join(format!("base/{base}.context.json")));
    apply(&mut schema, &case["schema"]);
    apply(&mut context, &case["context"]);
    let ctx: Context = serde_json::from_value(context).expect("context");
    let report = validate_document(&schema, &ctx);
    let again = validate_document(&schema, &ctx);
    assert_eq!(report, again, "{}: two runs differ", dir.display());
    let text = report.to_string();
    if text.is_empty() {
        "(no findings)\n".to_string()
    } else {
        text
    }
}

fn case_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(data().join("cases"))
        .expect("cases folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// Runs every case; with `UPDATE_EXPECT=1` writes the actual output instead of comparing.
fn check(dirs: &[PathBuf]) {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    for dir in dirs {
        let actual = run_case(dir);
        let expected_path = dir.join("expected.txt");
        if update {
            fs::write(&expected_path, &actual).expect("write expected");
            continue;
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            failures.push(format!(
                "--- {}\nexpected:\n{expected}actual:\n{actual}",
                dir.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) differ (UPDATE_EXPECT=1 to accept):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn cases() {
    check(&case_dirs());
}

/// Every rule has a failing case that reports it and a passing case that does not.
#[test]
fn every_rule_has_a_failing_and_a_passing_case() {
    let mut missing = Vec::new();
    for rule in rules() {
        let stem = rule.code.to_ascii_lowercase();
        for (suffix, must_report) in [("fail", true), ("pass", false)] {
            let dir = data().join("cases").join(format!("{stem}-{suffix}"));
            match fs::read_to_string(dir.join("expected.txt")) {
                Ok(text) if text.contains(&format!("[{}]", rule.code)) == must_report => {}
                Ok(_) => missing.push(format!(
                    "{}: {suffix} case {}",
                    rule.code,
                    if must_report {
                        "does not report it"
                    } else {
                        "reports it"
                    }
                )),
                Err(_) => missing.push(format!(
                    "{}: no {suffix} case at {}",
                    rule.code,
                    dir.display()
                )),
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

/// The demo cases of the scenarios validate clean.
#[test]
fn scenario_cases_are_clean() {
    for name in ["scenario-a", "scenario-b", "scenario-c", "scenario-d"] {
        let dir = data().join("cases").join(name);
        assert_eq!(run_case(&dir), "(no findings)\n", "{name}");
    }
}
