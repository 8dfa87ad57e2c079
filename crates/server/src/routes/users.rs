//! Users (read-only: the built-in `admin`) and site labels.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use multisite_store::{Doc, DocKind, Store};
use serde_json::{json, Value};

use crate::auth::new_id;
use crate::body::{object, reply};
use crate::error::{ApiError, ApiResult};
use crate::state::Shared;

/// A user document as the API shows it (never the password hash).
pub fn public_user(doc: &Doc) -> Value {
    let mut body = doc.body.clone();
    if let Some(map) = body.as_object_mut() {
        map.remove("passwordHash");
    }
    body
}

pub async fn list(State(state): State<Shared>) -> ApiResult<Response> {
    let users = state.store.list_docs(DocKind::User).await?;
    Ok(reply(
        StatusCode::OK,
        json!({"users": users.iter().map(public_user).collect::<Vec<_>>()}),
    ))
}

pub async fn get_one(State(state): State<Shared>, Path(id): Path<String>) -> ApiResult<Response> {
    let doc = state.store.get_doc(DocKind::User, &id).await?;
    Ok(reply(StatusCode::OK, public_user(&doc)))
}

pub async fn list_labels(State(state): State<Shared>) -> ApiResult<Response> {
    let labels = state.store.list_docs(DocKind::Label).await?;
    Ok(reply(
        StatusCode::OK,
        json!({"labels": labels.into_iter().map(|d| d.body).collect::<Vec<_>>()}),
    ))
}

pub async fn create_label(State(state): State<Shared>, body: Bytes) -> ApiResult<Response> {
    let body = object(&body, "label")?;
    let name = body
        .get("displayName")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::bad_request("label: 'displayName' is required"))?
        .to_string();
    let id = new_id();
    let doc = json!({"id": id, "displayName": name, "type": body.get("type").cloned().unwrap_or(json!("site"))});
    state
        .store
        .put_doc(
            DocKind::Label,
            Doc {
                id,
                name,
                body: doc.clone(),
            },
        )
        .await?;
    Ok(reply(StatusCode::CREATED, doc))
}
