//! Request bodies and responses as NDO clients send and expect them.
//!
//! cisco.mso in local mode sends `Content-Type: text/json` and the literal body `null`
//! on GET and DELETE, so bodies are parsed by hand rather than by a content-type
//! checking extractor.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::error::{ApiError, ApiResult};

/// Parse a JSON request body; an empty body is `null`.
pub fn json(bytes: &[u8], what: &str) -> ApiResult<Value> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Ok(Value::Null);
    }
    serde_json::from_slice(bytes)
        .map_err(|e| ApiError::bad_request(format!("malformed JSON in {what} body: {e}")))
}

/// Parse a body that must be a JSON object.
pub fn object(bytes: &[u8], what: &str) -> ApiResult<Value> {
    let v = json(bytes, what)?;
    if v.is_object() {
        Ok(v)
    } else {
        Err(ApiError::bad_request(format!(
            "{what} body must be a JSON object"
        )))
    }
}

/// A JSON response with a status.
pub fn reply(status: StatusCode, body: Value) -> Response {
    (status, axum::Json(body)).into_response()
}

/// A PATCH response: the document plus the `modified` header that cisco.mso reads to
/// decide whether the task changed anything.
pub fn patched(body: Value, modified: bool) -> Response {
    let mut resp = (StatusCode::OK, axum::Json(body)).into_response();
    resp.headers_mut().insert(
        "modified",
        HeaderValue::from_static(if modified { "true" } else { "false" }),
    );
    resp
}

/// 204 No Content.
pub fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}
