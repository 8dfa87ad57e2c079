//! Data-driven request/response cases: each `tests/cases/<name>.req` is a sequence of
//! requests against one fresh site; `<name>.out` holds every response. A failed
//! request must leave the tree exactly as it was (its snapshot is compared).
//! `UPDATE_EXPECT=1 cargo test -p multisite-apic --test cases` rewrites the `.out` files.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use multisite_apic::{SiteIdentity, Tree};
use serde_json::Value;

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = s
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'+', _) => out.push(b' '),
            (b'%', Some(b)) => {
                out.push(b);
                i += 2;
            }
            (b, _) => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn split_target(target: &str) -> (String, Vec<(String, String)>) {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let params = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect();
    (path.to_string(), params)
}

struct Request {
    method: String,
    target: String,
    body: Option<String>,
}

fn parse_requests(text: &str) -> Vec<Request> {
    let mut out: Vec<Request> = Vec::new();
    let mut body: Option<String> = None;
    let flush = |out: &mut Vec<Request>, body: &mut Option<String>| {
        if let (Some(last), Some(b)) = (out.last_mut(), body.take()) {
            last.body = Some(b);
        }
    };
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('#') {
            continue;
        }
        if let Some((method, target)) = trimmed
            .split_once(' ')
            .filter(|(m, _)| matches!(*m, "GET" | "POST" | "DELETE"))
        {
            flush(&mut out, &mut body);
            out.push(Request {
                method: method.into(),
                target: target.trim().into(),
                body: None,
            });
        } else if trimmed.is_empty() {
            flush(&mut out, &mut body);
        } else {
            let b = body.get_or_insert_with(String::new);
            b.push_str(line);
            b.push('\n');
        }
    }
    flush(&mut out, &mut body);
    out
}

fn run_case(req_file: &Path) -> String {
    let site = SiteIdentity {
        name: "site1".into(),
        site_id: 1,
        version: "5.1(4c)".into(),
    };
    let mut tree = Tree::new(site);
    let mut out = String::new();
    for r in parse_requests(&std::fs::read_to_string(req_file).unwrap()) {
        let (path, params) = split_target(&r.target);
        let before = tree.snapshot();
        let result = match r.method.as_str() {
            "GET" => tree.get(&path, &params),
            "DELETE" => tree.delete(&path, &params),
            _ => {
                let body: Value = serde_json::from_str(r.body.as_deref().unwrap_or("null"))
                    .unwrap_or_else(|e| {
                        panic!(
                            "{}: bad JSON body for {}: {e}",
                            req_file.display(),
                            r.target
                        )
                    });
                tree.post(&path, &params, &body)
            }
        };
        let (status, value) = match result {
            Ok(v) => (200, v),
            Err(e) => {
                assert_eq!(
                    before,
                    tree.snapshot(),
                    "{}: failed {} {} changed the tree",
                    req_file.display(),
                    r.method,
                    r.target
                );
                (e.status, e.envelope())
            }
        };
        writeln!(out, "=== {} {}", r.method, r.target).unwrap();
        if let Some(b) = &r.body {
            let compact: Value = serde_json::from_str(b).unwrap();
            writeln!(out, "{compact}").unwrap();
        }
        writeln!(
            out,
            "--- {status}\n{}\n",
            serde_json::to_string_pretty(&value).unwrap()
        )
        .unwrap();
    }
    out
}

/// Compare (or with `UPDATE_EXPECT=1` rewrite) one case's expected output.
fn check(req_file: &Path) -> Result<(), String> {
    let actual = run_case(req_file);
    let expect_file: PathBuf = req_file.with_extension("out");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&expect_file, &actual).unwrap();
        return Ok(());
    }
    let expected = std::fs::read_to_string(&expect_file).unwrap_or_default();
    if expected == actual {
        return Ok(());
    }
    let first = expected
        .lines()
        .zip(actual.lines())
        .position(|(a, b)| a != b)
        .unwrap_or(expected.lines().count().min(actual.lines().count()));
    let ctx = |s: &str| {
        s.lines()
            .skip(first.saturating_sub(3))
            .take(8)
            .collect::<Vec<_>>()
            .join("\n")
    };
    Err(format!(
        "{} differs at line {}\n--- expected\n{}\n--- actual\n{}",
        expect_file.display(),
        first + 1,
        ctx(&expected),
        ctx(&actual)
    ))
}

#[test]
fn cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "req"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let failures: Vec<String> = files.iter().filter_map(|f| check(f).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
