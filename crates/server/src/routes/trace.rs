//! The trace endpoints, under both v1 prefixes and behind the token:
//!
//! * `POST {v1}/trace` with `{"src", "dst", "protocol", "sport", "dport", "whatIf"}`
//!   (see `trace::request` for the fields) traces one flow through the sites as they
//!   are now, plus the what-if changes; answers `{"flow", "whatIf", "trace", "text",
//!   "notes"}` (`trace` is the fabric simulator's trace, `text` its numbered form,
//!   `notes` what could not be placed). Bad input is a 400 in NDO's envelope.
//! * `GET {v1}/trace/endpoints` lists every site's endpoints `{"endpoints": [{"site",
//!   "name", "ip", "mac", "epg", "leaf"}]}`; `POST {v1}/trace/endpoints` with `{"site",
//!   "name", "ip", "mac", "epg", "leaf"[, "interface"]}` adds (or replaces, by name) an
//!   endpoint of an emulated site.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use multisite_sitesim::topology::Endpoint;
use serde_json::{json, Value};

use crate::body::{object, reply};
use crate::error::{ApiError, ApiResult};
use crate::state::Shared;
use crate::trace::{gather, trace_flow, TraceRequest};

/// Routes under the v1 prefix.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/trace", post(run))
        .route("/trace/endpoints", get(list_endpoints).post(add_endpoint))
}

async fn run(State(state): State<Shared>, body: Bytes) -> ApiResult<Response> {
    let value = object(&body, "trace")?;
    let req: TraceRequest = serde_json::from_value(value)
        .map_err(|e| ApiError::bad_request(format!("trace body: {e}")))?;
    Ok(reply(StatusCode::OK, trace_flow(&state, &req).await?))
}

async fn list_endpoints(State(state): State<Shared>) -> ApiResult<Response> {
    let mut out = Vec::new();
    for doc in crate::routes::sites::all_sites(&state).await? {
        for ep in gather::endpoints(&doc).await? {
            out.push(endpoint_json(&doc.name, &ep));
        }
    }
    out.sort_by(|a, b| {
        (a["site"].as_str(), a["name"].as_str()).cmp(&(b["site"].as_str(), b["name"].as_str()))
    });
    Ok(reply(StatusCode::OK, json!({ "endpoints": out })))
}

async fn add_endpoint(State(state): State<Shared>, body: Bytes) -> ApiResult<Response> {
    let mut value = object(&body, "endpoint")?;
    let site = match value.as_object_mut().and_then(|m| m.remove("site")) {
        Some(Value::String(s)) if !s.is_empty() => s,
        _ => {
            return Err(ApiError::bad_request(
                "endpoint body: 'site' (a site name) is required",
            ))
        }
    };
    let endpoint: Endpoint = serde_json::from_value(value)
        .map_err(|e| ApiError::bad_request(format!("endpoint body: {e}")))?;
    let doc = gather::site_named(&state, &site).await?;
    let answer = gather::add_endpoint(&doc, &endpoint).await?;
    let list: Vec<Endpoint> =
        serde_json::from_value(answer["endpoints"].clone()).unwrap_or_default();
    let shown: Vec<Value> = list.iter().map(|ep| endpoint_json(&site, ep)).collect();
    Ok(reply(StatusCode::OK, json!({ "endpoints": shown })))
}

fn endpoint_json(site: &str, ep: &Endpoint) -> Value {
    json!({"site": site, "name": ep.name, "ip": ep.ip, "mac": ep.mac, "epg": ep.epg, "leaf": ep.leaf})
}
