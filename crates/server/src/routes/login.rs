//! The three login styles cisco.mso uses: `POST /api/v1/auth/login` (local mode, 200 or
//! 201), `POST /mso/api/v1/auth/login` (the `cisco.mso.mso` plugin, exactly 201) and
//! Nexus Dashboard's `POST /login` (`userName`/`userPasswd`, 200 with `jwttoken`).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use multisite_store::{DocKind, Store};
use serde_json::{json, Value};

use crate::auth::verify_password;
use crate::body::{no_content, object, reply};
use crate::bootstrap::LOCAL_DOMAIN_ID;
use crate::error::{ApiError, ApiResult};
use crate::state::Shared;

async fn authenticate(state: &Shared, user: &str, password: &str) -> ApiResult<String> {
    let users = state.store.list_docs(DocKind::User).await?;
    let ok = users.iter().find(|d| d.name == user).is_some_and(|d| {
        verify_password(
            password,
            d.body
                .get("passwordHash")
                .and_then(Value::as_str)
                .unwrap_or_default(),
        )
    });
    if !ok {
        return Err(ApiError::unauthorized(
            "Authentication failed: invalid username or password",
        ));
    }
    Ok(state.sessions.open(user))
}

fn str_field<'a>(body: &'a Value, keys: &[&str]) -> &'a str {
    keys.iter()
        .find_map(|k| body.get(*k).and_then(Value::as_str))
        .unwrap_or_default()
}

/// `POST {v1}/auth/login` `{"username","password"[,"domainId"]}` → 201 `{"token"}`.
pub async fn login_v1(State(state): State<Shared>, body: Bytes) -> ApiResult<Response> {
    let body = object(&body, "login")?;
    let token = authenticate(
        &state,
        str_field(&body, &["username"]),
        str_field(&body, &["password"]),
    )
    .await?;
    Ok(reply(
        StatusCode::CREATED,
        json!({"token": token, "username": str_field(&body, &["username"])}),
    ))
}

/// Nexus Dashboard's `POST /login` `{"userName","userPasswd","domain"}`.
pub async fn login_nd(State(state): State<Shared>, body: Bytes) -> ApiResult<Response> {
    let body = object(&body, "login")?;
    let user = str_field(&body, &["userName", "username"]);
    let token = authenticate(&state, user, str_field(&body, &["userPasswd", "password"])).await?;
    Ok(reply(
        StatusCode::OK,
        json!({"jwttoken": token, "token": token, "username": user, "userName": user, "statusCode": 200}),
    ))
}

/// Logout never invalidates a token the plugins go on using; it only answers.
pub async fn logout() -> Response {
    no_content()
}

/// The login domains (no token needed).
pub async fn login_domains() -> Response {
    reply(
        StatusCode::OK,
        json!({"domains": [{"id": LOCAL_DOMAIN_ID, "name": "Local", "type": "local", "description": "Local users", "status": "active"}]}),
    )
}
