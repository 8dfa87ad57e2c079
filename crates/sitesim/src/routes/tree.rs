//! APIC's object API: `/api/[node/]mo/...` and `/api/[node/]class/...` with GET, POST and
//! DELETE, answered by the site's tree. Paths are percent-decoded, query values decoded
//! with form semantics; bodies are JSON whatever their content type says.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use multisite_apic::ApicError;
use serde_json::Value;

use super::{apic_error, empty_envelope, faulted, json_response, refused};
use crate::state::{Counters, Site};
use crate::wire::{decode_path, parse_query};

const OBJECT_PREFIXES: [&str; 4] = [
    "/api/mo/",
    "/api/node/mo/",
    "/api/class/",
    "/api/node/class/",
];

/// Did the client ask for the changed objects in the write response?
fn wants_modified(params: &[(String, String)]) -> bool {
    params
        .iter()
        .any(|(k, v)| k == "rsp-subtree" && v == "modified")
}

/// Writes always ask the tree for what changed (for the write counter and persistence);
/// the answer is passed on only when the client asked for it too.
fn with_modified(params: &[(String, String)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = params
        .iter()
        .filter(|(k, _)| k != "rsp-subtree")
        .cloned()
        .collect();
    out.push(("rsp-subtree".to_string(), "modified".to_string()));
    out
}

fn changed(envelope: &Value) -> bool {
    envelope
        .get("imdata")
        .and_then(Value::as_array)
        .is_some_and(|list| !list.is_empty())
}

pub(super) async fn dispatch(
    State(site): State<Arc<Site>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    Counters::bump(&site.counters.requests);
    let path = decode_path(uri.path());
    if !path.starts_with("/api/") {
        return apic_error(
            &site,
            &ApicError::new(404, "404", format!("Unknown URL {path}")),
        );
    }
    if let Some(response) = faulted(&site).await {
        return response;
    }
    if let Some(response) = refused(&site, &headers) {
        return response;
    }
    if !OBJECT_PREFIXES.iter().any(|p| path.starts_with(p)) {
        return apic_error(
            &site,
            &ApicError::new(400, "400", format!("Request failed, unknown API {path}")),
        );
    }
    let params = parse_query(uri.query().unwrap_or(""));
    let result = match method {
        Method::GET => {
            Counters::bump(&site.counters.reads);
            site.tree.read().await.get(&path, &params)
        }
        Method::POST => {
            let body: Value = match serde_json::from_slice(&body) {
                Ok(v) => v,
                Err(e) => {
                    let err = ApicError::new(
                        400,
                        "400",
                        format!("invalid data at line '{}'. {e}", e.line()),
                    );
                    return apic_error(&site, &err);
                }
            };
            let outcome = site
                .tree
                .write()
                .await
                .post(&path, &with_modified(&params), &body);
            record_write(&site, outcome, &params)
        }
        Method::DELETE => {
            let outcome = site
                .tree
                .write()
                .await
                .delete(&path, &with_modified(&params));
            record_write(&site, outcome, &params)
        }
        _ => Err(ApicError::new(
            405,
            "405",
            format!("Method {method} not allowed on {path}"),
        )),
    };
    match result {
        Ok(envelope) => json_response(StatusCode::OK, &envelope),
        Err(err) => apic_error(&site, &err),
    }
}

fn record_write(
    site: &Site,
    outcome: Result<Value, ApicError>,
    params: &[(String, String)],
) -> Result<Value, ApicError> {
    let envelope = outcome?;
    if changed(&envelope) {
        Counters::bump(&site.counters.writes);
        site.dirty.tree_changed();
    } else {
        Counters::bump(&site.counters.unchanged_writes);
    }
    Ok(if wants_modified(params) {
        envelope
    } else {
        empty_envelope()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn writes_always_ask_for_modified_once() {
        let params = p(&[("rsp-subtree", "full"), ("x", "1")]);
        assert_eq!(
            with_modified(&params),
            p(&[("x", "1"), ("rsp-subtree", "modified")])
        );
        assert!(!wants_modified(&params));
        assert!(wants_modified(&p(&[("rsp-subtree", "modified")])));
    }

    #[test]
    fn change_detection_reads_imdata() {
        assert!(!changed(&empty_envelope()));
        assert!(changed(
            &serde_json::json!({"totalCount": "1", "imdata": [{"fvTenant": {}}]})
        ));
    }
}
