//! Service-node types (`{v1}/schemas/service-node-types`), seeded with NDO's three.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use multisite_store::{Doc, DocKind, Store};
use serde_json::{json, Value};

use crate::auth::new_id;
use crate::body::{no_content, object, reply};
use crate::error::{ApiError, ApiResult};
use crate::state::Shared;

pub async fn list(State(state): State<Shared>) -> ApiResult<Response> {
    let docs = state.store.list_docs(DocKind::ServiceNodeType).await?;
    Ok(reply(
        StatusCode::OK,
        json!({"serviceNodeTypes": docs.into_iter().map(|d| d.body).collect::<Vec<_>>()}),
    ))
}

pub async fn create(State(state): State<Shared>, body: Bytes) -> ApiResult<Response> {
    let body = object(&body, "service node type")?;
    let name = body
        .get("name")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::bad_request("service node type: 'name' is required"))?
        .to_string();
    let display = body
        .get("displayName")
        .and_then(Value::as_str)
        .unwrap_or(&name)
        .to_string();
    let id = new_id();
    let doc = json!({"id": id, "name": name, "displayName": display});
    state
        .store
        .put_doc(
            DocKind::ServiceNodeType,
            Doc {
                id,
                name,
                body: doc.clone(),
            },
        )
        .await?;
    Ok(reply(StatusCode::CREATED, doc))
}

pub async fn remove(State(state): State<Shared>, Path(id): Path<String>) -> ApiResult<Response> {
    if crate::bootstrap::SERVICE_NODE_TYPES
        .iter()
        .any(|(i, _, _)| *i == id)
    {
        return Err(ApiError::bad_request(format!(
            "service node type {id} is built in and cannot be deleted"
        )));
    }
    state
        .store
        .delete_doc(DocKind::ServiceNodeType, &id)
        .await?;
    Ok(no_content())
}
