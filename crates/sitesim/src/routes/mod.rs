//! The HTTP routes of an emulated site: APIC's own API (`/api/...`) and the emulator-only
//! control endpoints (`/_sitesim/...`), plus the functions that shape every response.

mod aaa;
mod control;
mod tree;

use std::sync::Arc;

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use multisite_apic::ApicError;
use serde_json::Value;

use crate::auth::token_from_cookies;
use crate::faults::Injected;
use crate::state::{Counters, Site};

/// The whole router of one site.
pub fn router(site: Arc<Site>) -> Router {
    Router::new()
        .route("/api/aaaLogin.json", post(aaa::login))
        .route("/api/aaaRefresh.json", get(aaa::refresh).post(aaa::refresh))
        .route("/api/aaaLogout.json", post(aaa::logout))
        .route("/_sitesim/info", get(control::info))
        .route("/_sitesim/reset", post(control::reset))
        .route("/_sitesim/snapshot", get(control::snapshot))
        .route("/_sitesim/restore", post(control::restore))
        .route(
            "/_sitesim/faults",
            get(control::faults).post(control::set_faults),
        )
        .route("/_sitesim/writes", get(control::writes))
        .route("/_sitesim/writes/reset", post(control::reset_writes))
        .route(
            "/_sitesim/endpoints",
            get(control::endpoints).post(control::add_endpoint),
        )
        .route("/_sitesim/topology", get(control::topology))
        .fallback(tree::dispatch)
        .layer(axum::middleware::map_response(close_connection))
        .with_state(site)
}

/// One request per connection: say so, so that clients open a new one.
async fn close_connection(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

/// A JSON response with a status.
pub(crate) fn json_response(status: StatusCode, body: &Value) -> Response {
    let text = serde_json::to_string(body).unwrap_or_else(|_| "{}".to_string());
    (status, [(header::CONTENT_TYPE, "application/json")], text).into_response()
}

/// An APIC error envelope with its HTTP status.
pub(crate) fn apic_error(site: &Site, err: &ApicError) -> Response {
    Counters::bump(&site.counters.errors);
    let status = StatusCode::from_u16(err.status).unwrap_or(StatusCode::BAD_REQUEST);
    json_response(status, &err.envelope())
}

/// The empty success envelope.
pub(crate) fn empty_envelope() -> Value {
    serde_json::json!({"totalCount": "0", "imdata": []})
}

/// The session token a request carries, if any.
pub(crate) fn request_token(headers: &HeaderMap) -> Option<String> {
    token_from_cookies(
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok()),
    )
}

/// Apply fault injection to an APIC request; `Some` is the response to send instead.
pub(crate) async fn faulted(site: &Site) -> Option<Response> {
    match site.gate().await {
        Injected::Pass => None,
        Injected::Down => Some(apic_error(
            site,
            &ApicError::new(503, "503", "Service Unavailable: the controller is down"),
        )),
        Injected::Error => Some(apic_error(
            site,
            &ApicError::new(500, "500", "Internal Server Error (injected fault)"),
        )),
    }
}

/// Check the session cookie of an APIC request; `Some` is the 403 to send instead.
pub(crate) fn refused(site: &Site, headers: &HeaderMap) -> Option<Response> {
    let token = request_token(headers);
    let checked =
        crate::state::lock(&site.sessions).touch(token.as_deref(), std::time::Instant::now());
    checked
        .err()
        .map(|e| apic_error(site, &ApicError::new(403, "403", e.text())))
}
