//! The live walk: the requests of `walk.json` sent, in order, to a server with the two
//! embedded sites; every reply's status must be documented for its operation and its body
//! must fit the documented schema, every request body the server accepted must fit the
//! documented request schema, and accepted PATCHes carry the `modified` header.
//!
//! A step is `{"method", "path", "body" | "raw", "capture"}`: `{name}` in the path or body
//! is replaced by a value captured earlier (`capture` maps a name to a JSON pointer into
//! that step's reply); `raw` is a body sent as text, for malformed input.

use std::collections::BTreeMap;
use std::path::PathBuf;

use multisite_testkit::{Options, TestServer};
use serde_json::Value;

use super::check::{resolve, template_for, violations};
use super::openapi;

fn fill(text: &str, captured: &BTreeMap<String, String>) -> String {
    captured.iter().fold(text.to_string(), |t, (k, v)| {
        t.replace(&format!("{{{k}}}"), v)
    })
}

/// What is wrong with one exchange, as lines.
fn judge(
    doc: &Value,
    method: &str,
    path: &str,
    sent: Option<&str>,
    reply: &multisite_testkit::Reply,
) -> Vec<String> {
    let what = format!("{method} {path} -> {}", reply.status);
    let Some(template) = template_for(doc, path) else {
        return vec![format!("{what}: no documented path")];
    };
    let op = &doc["paths"][template][method.to_lowercase()];
    if !op.is_object() {
        return vec![format!("{what}: {method} is not documented for {template}")];
    }
    let Some(response) = op["responses"].get(reply.status.to_string()) else {
        return vec![format!("{what}: status not documented ({})", reply.body)];
    };
    let mut out = Vec::new();
    match resolve(doc, response).pointer("/content/application~1json/schema") {
        Some(schema) => out.extend(
            violations(doc, schema, &reply.body, "")
                .into_iter()
                .map(|v| format!("{what}: reply {v}")),
        ),
        None if !reply.body.is_null() => {
            out.push(format!("{what}: undocumented reply body {}", reply.body))
        }
        None => {}
    }
    let accepted = (200..300).contains(&reply.status);
    let request_schema = op.pointer("/requestBody/content/application~1json/schema");
    if let (true, Some(text), Some(schema)) = (accepted, sent, request_schema) {
        match serde_json::from_str::<Value>(text) {
            Ok(body) => out.extend(
                violations(doc, schema, &body, "")
                    .into_iter()
                    .map(|v| format!("{what}: request {v}")),
            ),
            Err(e) => out.push(format!("{what}: accepted a body that is not JSON: {e}")),
        }
    }
    if accepted && method == "PATCH" && reply.modified.is_none() {
        out.push(format!("{what}: no modified header"));
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_replies_fit_the_documented_shapes() {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/openapi/walk.json");
    let text = std::fs::read_to_string(&file).expect("walk.json");
    let walk: Vec<Value> = serde_json::from_str(&text).expect("walk.json is a JSON list");
    let server = TestServer::start(Options {
        embedded_sites: true,
        ..Options::default()
    })
    .await;
    let doc = openapi::document();
    let mut captured = BTreeMap::from([(
        "password".to_string(),
        multisite_testkit::PASSWORD.to_string(),
    )]);
    let mut failures = Vec::new();
    for step in &walk {
        let method = step["method"].as_str().expect("method");
        let path = fill(step["path"].as_str().expect("path"), &captured);
        let body = match (step.get("body"), step.get("raw")) {
            (Some(b), _) => Some(fill(&b.to_string(), &captured)),
            (None, Some(Value::String(raw))) => Some(raw.clone()),
            _ => None,
        };
        let reply = server.send(method, &path, body.as_deref()).await;
        eprintln!(
            "{method} {path} -> {} {}",
            reply.status,
            reply.body.get("message").unwrap_or(&Value::Null)
        );
        failures.extend(judge(&doc, method, &path, body.as_deref(), &reply));
        for (name, pointer) in step["capture"].as_object().into_iter().flatten() {
            let pointer = pointer.as_str().expect("a capture is a JSON pointer");
            let value = reply.body.pointer(pointer).unwrap_or_else(|| {
                panic!("{method} {path}: nothing at {pointer} in {}", reply.body)
            });
            captured.insert(
                name.clone(),
                value
                    .as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| value.to_string()),
            );
        }
    }
    assert!(walk.len() > 50, "the walk was not read");
    assert!(
        failures.is_empty(),
        "replies that do not fit the document:\n{}",
        failures.join("\n")
    );
}
