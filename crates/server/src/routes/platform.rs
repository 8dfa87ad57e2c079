//! `GET {v1}/platform/version`: the NDO release this server behaves as.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use crate::body::reply;
use crate::NDO_VERSION;

pub async fn version() -> Response {
    let now = time::OffsetDateTime::now_utc();
    let ts = now
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    reply(
        StatusCode::OK,
        json!({"id": "0000ffff0000000000000001", "version": NDO_VERSION, "timestamp": ts, "product": "multisite"}),
    )
}
