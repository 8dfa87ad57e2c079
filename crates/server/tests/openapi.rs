//! The OpenAPI document: its whole text against the committed snapshot
//! (`UPDATE_EXPECT=1` rewrites it), every route the router registers is described (read
//! from the router's source, so a new route without a description fails here), nothing
//! described is missing from the router, the references and parameters hold together, and
//! a live server's replies (and the request bodies it accepts) fit the documented shapes.

// The module is compiled straight from its source, so this test does not depend on how
// the library exposes it.
#[path = "../src"]
mod src {
    pub mod openapi;
}

use src::openapi;

#[path = "openapi/check.rs"]
mod check;
#[path = "openapi/live.rs"]
mod live;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text of the call starting at `start` (at `.route(` or similar): up to the
/// parenthesis that closes it, string literals skipped.
fn call_text(src: &str, start: usize) -> &str {
    let (mut depth, mut in_str, mut escaped) = (0usize, false, false);
    for (i, c) in src[start..].char_indices() {
        if in_str {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return &src[start..=start + i];
                }
            }
            _ => {}
        }
    }
    &src[start..]
}

/// The string literals of `text`, in order.
fn literals(text: &str) -> Vec<String> {
    text.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The body of the function whose signature starts with `sig` (up to the next item).
fn fn_body<'a>(src: &'a str, sig: &str) -> &'a str {
    let start = src
        .find(sig)
        .unwrap_or_else(|| panic!("no `{sig}` in the router source"));
    let rest = &src[start + sig.len()..];
    let end = ["\nfn ", "\npub fn ", "\nasync fn ", "\npub async fn "]
        .iter()
        .filter_map(|m| rest.find(m))
        .min()
        .unwrap_or(rest.len());
    &rest[..end]
}

/// Every `.name(` call in `body`, as its text.
fn calls<'a>(body: &'a str, name: &str) -> Vec<&'a str> {
    let pat = format!(".{name}(");
    body.match_indices(&pat)
        .map(|(i, _)| call_text(body, i))
        .collect()
}

/// The (method, path) pairs a router function registers, relative to its mount point,
/// following `.merge(module::routes())` into `routes/<module>.rs`.
fn routes_of(body: &str, routes_dir: &Path) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for call in calls(body, "route") {
        let path = literals(call)
            .into_iter()
            .next()
            .expect("a .route( call without a path");
        let mut found = false;
        for m in METHODS {
            let is_method = call
                .match_indices(&format!("{m}("))
                .any(|(i, _)| !call[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_'));
            if is_method {
                out.insert((m.to_string(), path.clone()));
                found = true;
            }
        }
        assert!(found, "no method recognised in {call}");
    }
    for call in calls(body, "merge") {
        let inner = call.trim_start_matches(".merge(");
        let module = inner
            .split("::")
            .next()
            .expect("merge of a module's routes")
            .trim();
        let src = read(&routes_dir.join(format!("{module}.rs")));
        out.extend(routes_of(fn_body(&src, "pub fn routes()"), routes_dir));
    }
    out
}

/// Every (method, full path) the router in `routes/mod.rs` serves, the web UI excepted.
fn routed() -> BTreeSet<(String, String)> {
    let dir = manifest_dir().join("src/routes");
    let src = read(&dir.join("mod.rs"));
    let router = fn_body(&src, "pub fn router(");
    let mut out = routes_of(router, &dir);
    for call in calls(router, "nest") {
        let prefix = literals(call)
            .into_iter()
            .next()
            .expect("a .nest( call without a prefix");
        let inner = call
            .trim_start_matches(".nest(")
            .split_once(',')
            .expect("nest(prefix, router)")
            .1;
        let target = inner.trim().strip_suffix(')').unwrap_or(inner).trim();
        let fn_name = target.strip_suffix("()").unwrap_or(target);
        if fn_name.contains("::") {
            continue; // another module's router: the web UI, HTML pages
        }
        for (method, path) in routes_of(fn_body(&src, &format!("fn {fn_name}()")), &dir) {
            out.insert((method, format!("{prefix}{path}")));
        }
    }
    // The web UI's HTML pages (under `/ui`) are not part of the API.
    out.retain(|(_, path)| path != "/ui" && !path.starts_with("/ui/"));
    out
}

fn documented(doc: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("path item").keys() {
            out.insert((method.clone(), path.clone()));
        }
    }
    out
}

#[test]
fn document_matches_snapshot() {
    let text = serde_json::to_string_pretty(&openapi::document()).expect("serialises") + "\n";
    let file = manifest_dir().join("tests/snapshots/openapi.json");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::create_dir_all(file.parent().expect("dir")).expect("mkdir");
        std::fs::write(&file, &text).expect("write snapshot");
        return;
    }
    let want = read(&file);
    if want != text {
        let line = want
            .lines()
            .zip(text.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "the OpenAPI document differs from {} from line {} (rerun with UPDATE_EXPECT=1 if the change is meant):\n  was: {}\n  now: {}",
            file.display(),
            line + 1,
            want.lines().nth(line).unwrap_or("<end>"),
            text.lines().nth(line).unwrap_or("<end>")
        );
    }
}

#[test]
fn every_route_is_described_and_nothing_else() {
    let routed = routed();
    assert!(
        routed.len() > 40,
        "the router source was not read properly: {routed:?}"
    );
    let documented = documented(&openapi::document());
    let missing: Vec<_> = routed.difference(&documented).collect();
    let stale: Vec<_> = documented.difference(&routed).collect();
    assert!(
        missing.is_empty(),
        "routes without a description in src/openapi.rs: {missing:?}"
    );
    assert!(stale.is_empty(), "described but not routed: {stale:?}");
}

#[test]
fn public_operations_are_the_ones_served_without_a_token() {
    let src = read(&manifest_dir().join("src/routes/mod.rs"));
    let body = fn_body(&src, "fn is_public(");
    let start = body
        .find("matches!(")
        .expect("is_public lists its paths with matches!");
    let listed: BTreeSet<String> = literals(call_text(body, start)).into_iter().collect();
    let exact: BTreeSet<String> = body
        .match_indices("path == \"")
        .filter_map(|(i, _)| literals(&body[i..]).into_iter().next())
        .collect();
    let is_public = |path: &str| {
        exact.contains(path) || listed.contains(path.strip_prefix("/mso").unwrap_or(path))
    };
    let doc = openapi::document();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            let open = op.get("security") == Some(&Value::Array(Vec::new()));
            assert_eq!(
                open,
                is_public(path),
                "{method} {path}: documented public {open}"
            );
        }
    }
}

/// Every `$ref` in `v`.
fn refs(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get("$ref") {
                out.insert(r.clone());
            }
            m.values().for_each(|x| refs(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}

#[test]
fn references_resolve_and_operations_are_well_formed() {
    let doc = openapi::document();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["info"]["title"], "multisite orchestrator API");
    assert_eq!(doc["info"]["version"], env!("CARGO_PKG_VERSION"));
    let mut all = BTreeSet::new();
    refs(&doc, &mut all);
    for r in &all {
        let pointer = r
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("external ref {r}"));
        assert!(doc.pointer(pointer).is_some(), "dangling {r}");
    }
    let mut ids = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        let placeholders: BTreeSet<&str> = path
            .split('/')
            .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
            .collect();
        for (method, op) in item.as_object().expect("path item") {
            let id = op["operationId"].as_str().expect("operationId");
            assert!(ids.insert(id.to_string()), "operationId {id} used twice");
            let declared: BTreeSet<&str> = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|p| p["in"] == "path")
                .filter_map(|p| p["name"].as_str())
                .collect();
            assert_eq!(declared, placeholders, "{method} {path}: path parameters");
            let responses = op["responses"].as_object().expect("responses");
            assert!(
                responses
                    .keys()
                    .any(|k| k.starts_with('2') || k.starts_with('3')),
                "{method} {path}: no success reply"
            );
            if method == "patch" {
                assert!(
                    op["responses"]["200"]["headers"]["modified"].is_object(),
                    "{method} {path}: no modified header"
                );
            }
        }
    }
}
