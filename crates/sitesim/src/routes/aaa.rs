//! `aaaLogin`, `aaaRefresh` and `aaaLogout`: sessions handed out as `APIC-cookie`.

use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use multisite_apic::ApicError;
use serde_json::{json, Value};

use super::{apic_error, empty_envelope, faulted, json_response, refused, request_token};
use crate::auth::{COOKIE_NAME, MAXIMUM_LIFETIME, REFRESH_TIMEOUT};
use crate::state::{lock, Counters, Site};

/// The only local user.
const ADMIN: &str = "admin";

fn credentials(body: &[u8]) -> Option<(String, String)> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let attrs = value.get("aaaUser")?.get("attributes")?;
    let name = attrs.get("name").and_then(Value::as_str).unwrap_or(ADMIN);
    let pwd = attrs.get("pwd").and_then(Value::as_str)?;
    Some((name.to_string(), pwd.to_string()))
}

/// The login/refresh answer: the session cookie and the `aaaLogin` document.
fn session_response(site: &Site, class: &str, user: &str, token: &str) -> Response {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let controller = site
        .topology
        .controller()
        .map(|n| format!("topology/pod-{}/node-{}", n.pod, n.id))
        .unwrap_or_else(|| "topology/pod-1/node-1".to_string());
    let body = json!({"totalCount": "1", "imdata": [{class: {
        "attributes": {
            "token": token,
            "refreshTimeoutSeconds": REFRESH_TIMEOUT.as_secs().to_string(),
            "maximumLifetimeSeconds": MAXIMUM_LIFETIME.as_secs().to_string(),
            "guiIdleTimeoutSeconds": "1200",
            "restTimeoutSeconds": "90",
            "creationTime": now.to_string(),
            "firstLoginTime": now.to_string(),
            "userName": user,
            "remoteUser": "false",
            "unixUserId": "15374",
            "sessionId": &token[..token.len().min(16)],
            "lastName": "",
            "firstName": "",
            "changePassword": "no",
            "version": site.identity.version,
            "buildTime": "",
            "node": controller,
        },
        "children": [{"aaaUserDomain": {"attributes": {"name": "all", "rolesR": "admin", "rolesW": "admin"}}}]
    }}]});
    let mut response = json_response(StatusCode::OK, &body);
    let cookie = format!("{COOKIE_NAME}={token}; path=/; HttpOnly");
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

pub(super) async fn login(State(site): State<Arc<Site>>, body: Bytes) -> Response {
    Counters::bump(&site.counters.requests);
    if let Some(response) = faulted(&site).await {
        return response;
    }
    let Some((user, pwd)) = credentials(&body) else {
        return apic_error(
            &site,
            &ApicError::new(
                400,
                "400",
                "invalid data: expected {\"aaaUser\":{\"attributes\":{\"name\":..,\"pwd\":..}}}",
            ),
        );
    };
    if user != ADMIN || pwd != site.password {
        Counters::bump(&site.counters.failed_logins);
        return apic_error(
            &site,
            &ApicError::new(
                401,
                "401",
                "Username or password is incorrect - FAILED local authentication",
            ),
        );
    }
    Counters::bump(&site.counters.logins);
    let token = lock(&site.sessions).open(&user, Instant::now());
    session_response(&site, "aaaLogin", &user, &token)
}

pub(super) async fn refresh(State(site): State<Arc<Site>>, headers: HeaderMap) -> Response {
    Counters::bump(&site.counters.requests);
    if let Some(response) = faulted(&site).await {
        return response;
    }
    let token = request_token(&headers);
    let refreshed = lock(&site.sessions).refresh(token.as_deref(), Instant::now());
    match refreshed {
        Ok((user, token)) => session_response(&site, "aaaLogin", &user, &token),
        Err(e) => apic_error(&site, &ApicError::new(403, "403", e.text())),
    }
}

pub(super) async fn logout(State(site): State<Arc<Site>>, headers: HeaderMap) -> Response {
    Counters::bump(&site.counters.requests);
    if let Some(response) = faulted(&site).await {
        return response;
    }
    if let Some(response) = refused(&site, &headers) {
        return response;
    }
    if let Some(token) = request_token(&headers) {
        lock(&site.sessions).close(&token);
    }
    json_response(StatusCode::OK, &empty_envelope())
}
