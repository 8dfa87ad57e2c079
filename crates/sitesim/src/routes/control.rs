//! The emulator-only control endpoints under `/_sitesim/`: info, reset, snapshot and
//! restore, fault injection, the write counter, endpoints and the topology. They take the
//! same session cookie as the APIC API, or the admin password with HTTP basic auth, and
//! are never subject to injected faults.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use super::{json_response, request_token};
use crate::auth::basic_credentials;
use crate::faults::FaultsUpdate;
use crate::state::{lock, Site};
use crate::topology::Endpoint;

fn fail(status: StatusCode, message: impl std::fmt::Display) -> Response {
    json_response(status, &json!({"error": message.to_string()}))
}

/// `Some` is the refusal to send when the request is not authenticated.
fn refusal(site: &Site, headers: &HeaderMap) -> Option<Response> {
    let basic_ok = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(basic_credentials)
        .is_some_and(|(user, pwd)| user == "admin" && pwd == site.password);
    if basic_ok {
        return None;
    }
    let token = request_token(headers);
    if token.is_some()
        && lock(&site.sessions)
            .touch(token.as_deref(), Instant::now())
            .is_ok()
    {
        return None;
    }
    let mut response = fail(
        StatusCode::UNAUTHORIZED,
        "log in with aaaLogin or use basic auth as admin",
    );
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Basic realm=\"sitesim\""),
    );
    Some(response)
}

fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    serde_json::from_slice(body).map_err(|e| format!("invalid JSON body: {e}"))
}

macro_rules! guard {
    ($site:expr, $headers:expr) => {
        if let Some(response) = refusal(&$site, &$headers) {
            return response;
        }
    };
}

pub(super) async fn info(State(site): State<Arc<Site>>, headers: HeaderMap) -> Response {
    guard!(site, headers);
    json_response(StatusCode::OK, &site.info().await)
}

pub(super) async fn reset(State(site): State<Arc<Site>>, headers: HeaderMap) -> Response {
    guard!(site, headers);
    match site.reset().await {
        Ok(()) => json_response(
            StatusCode::OK,
            &json!({"objects": site.tree.read().await.len()}),
        ),
        Err(e) => fail(StatusCode::INTERNAL_SERVER_ERROR, e),
    }
}

pub(super) async fn snapshot(State(site): State<Arc<Site>>, headers: HeaderMap) -> Response {
    guard!(site, headers);
    let snapshot = site.tree.read().await.snapshot();
    json_response(StatusCode::OK, &snapshot)
}

pub(super) async fn restore(
    State(site): State<Arc<Site>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    guard!(site, headers);
    let snapshot: Value = match parse(&body) {
        Ok(v) => v,
        Err(e) => return fail(StatusCode::BAD_REQUEST, e),
    };
    match site.restore(&snapshot).await {
        Ok(objects) => json_response(StatusCode::OK, &json!({"objects": objects})),
        Err(e) => fail(StatusCode::BAD_REQUEST, e),
    }
}

pub(super) async fn faults(State(site): State<Arc<Site>>, headers: HeaderMap) -> Response {
    guard!(site, headers);
    let faults = lock(&site.faults).clone();
    json_response(StatusCode::OK, &json!(faults))
}

pub(super) async fn set_faults(
    State(site): State<Arc<Site>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    guard!(site, headers);
    let update: FaultsUpdate = match parse(&body) {
        Ok(v) => v,
        Err(e) => return fail(StatusCode::BAD_REQUEST, e),
    };
    let mut faults = lock(&site.faults);
    match faults.apply(update) {
        Ok(()) => json_response(StatusCode::OK, &json!(*faults)),
        Err(e) => fail(StatusCode::BAD_REQUEST, e),
    }
}

pub(super) async fn writes(State(site): State<Arc<Site>>, headers: HeaderMap) -> Response {
    guard!(site, headers);
    json_response(
        StatusCode::OK,
        &json!({"writes": site.counters.writes.load(Ordering::Relaxed)}),
    )
}

pub(super) async fn reset_writes(State(site): State<Arc<Site>>, headers: HeaderMap) -> Response {
    guard!(site, headers);
    site.counters.writes.store(0, Ordering::Relaxed);
    json_response(StatusCode::OK, &json!({"writes": 0}))
}

pub(super) async fn endpoints(State(site): State<Arc<Site>>, headers: HeaderMap) -> Response {
    guard!(site, headers);
    let list = lock(&site.endpoints).clone();
    json_response(StatusCode::OK, &json!({"endpoints": list}))
}

pub(super) async fn add_endpoint(
    State(site): State<Arc<Site>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    guard!(site, headers);
    let endpoint: Endpoint = match parse(&body) {
        Ok(v) => v,
        Err(e) => return fail(StatusCode::BAD_REQUEST, e),
    };
    match site.add_endpoint(endpoint) {
        Ok(list) => json_response(StatusCode::OK, &json!({"endpoints": list})),
        Err(e) => fail(StatusCode::BAD_REQUEST, e),
    }
}

pub(super) async fn topology(State(site): State<Arc<Site>>, headers: HeaderMap) -> Response {
    guard!(site, headers);
    json_response(StatusCode::OK, &json!(site.current_topology()))
}
