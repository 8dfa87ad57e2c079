//! Nexus Dashboard user look-ups that cisco.mso makes over the `cisco.nd` plugin.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use multisite_store::{DocKind, Store};
use serde_json::{json, Value};

use crate::body::reply;
use crate::error::ApiResult;
use crate::state::Shared;

pub async fn local_users(State(state): State<Shared>) -> ApiResult<Response> {
    let users = state.store.list_docs(DocKind::User).await?;
    let items: Vec<Value> = users
        .iter()
        .map(|d| json!({"spec": {"loginID": d.name, "userID": d.id, "firstName": d.body.get("firstName")}}))
        .collect();
    Ok(reply(StatusCode::OK, json!({"items": items})))
}

pub async fn remote_users() -> ApiResult<Response> {
    Ok(reply(StatusCode::OK, json!({"items": []})))
}
