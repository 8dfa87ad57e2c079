//! Tenants with their site associations (`{v1}/tenants`).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use multisite_model::Tenant;
use multisite_store::{Doc, DocKind, Store, StoreError};
use serde_json::{json, Value};

use crate::auth::new_id;
use crate::body::{json as parse_json, no_content, object, patched, reply};
use crate::error::{ApiError, ApiResult};
use crate::state::Shared;

async fn find(state: &Shared, id: &str) -> ApiResult<Doc> {
    match state.store.get_doc(DocKind::Tenant, id).await {
        Ok(d) => Ok(d),
        Err(StoreError::NotFound { .. }) => {
            Err(ApiError::not_found(format!("Tenant '{id}' not found")))
        }
        Err(e) => Err(e.into()),
    }
}

async fn check_sites(state: &Shared, tenant: &Tenant) -> ApiResult<()> {
    let sites = state.store.list_docs(DocKind::Site).await?;
    for site_id in tenant.site_associations.iter().map(|a| a.site_id.as_str()) {
        if !sites.iter().any(|s| s.id == site_id) {
            return Err(ApiError::bad_request(format!(
                "tenant '{}': /siteAssociations: site '{site_id}' does not exist",
                tenant.name
            )));
        }
    }
    Ok(())
}

fn doc_of(tenant: &Tenant) -> Doc {
    Doc {
        id: tenant.id.to_string(),
        name: tenant.name.to_string(),
        body: tenant.to_json(),
    }
}

async fn save_new(state: &Shared, tenant: &Tenant) -> ApiResult<()> {
    match state.store.put_doc(DocKind::Tenant, doc_of(tenant)).await {
        Err(StoreError::Duplicate { .. }) => Err(ApiError::bad_request(format!(
            "Tenant '{}' already exists",
            tenant.name
        ))),
        other => Ok(other?),
    }
}

pub async fn list(State(state): State<Shared>) -> ApiResult<Response> {
    let docs = state.store.list_docs(DocKind::Tenant).await?;
    Ok(reply(
        StatusCode::OK,
        json!({"tenants": docs.into_iter().map(|d| d.body).collect::<Vec<_>>()}),
    ))
}

pub async fn get_one(State(state): State<Shared>, Path(id): Path<String>) -> ApiResult<Response> {
    Ok(reply(StatusCode::OK, find(&state, &id).await?.body))
}

pub async fn create(State(state): State<Shared>, body: Bytes) -> ApiResult<Response> {
    let body = object(&body, "tenant")?;
    Ok(reply(
        StatusCode::CREATED,
        create_tenant(&state, body).await?,
    ))
}

/// Create a tenant from a client document; returns the stored document.
pub async fn create_tenant(state: &Shared, body: Value) -> ApiResult<Value> {
    let tenant = Tenant::from_client(&new_id(), body)?;
    check_sites(state, &tenant).await?;
    save_new(state, &tenant).await?;
    Ok(tenant.to_json())
}

/// Every tenant's document.
pub async fn all_tenants(state: &Shared) -> ApiResult<Vec<Value>> {
    Ok(state
        .store
        .list_docs(DocKind::Tenant)
        .await?
        .into_iter()
        .map(|d| d.body)
        .collect())
}

pub async fn replace(
    State(state): State<Shared>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Response> {
    find(&state, &id).await?;
    let body = object(&body, "tenant")?;
    let tenant = Tenant::from_client(&id, body)?;
    check_sites(&state, &tenant).await?;
    save_new(&state, &tenant).await?;
    Ok(reply(StatusCode::OK, tenant.to_json()))
}

pub async fn patch(
    State(state): State<Shared>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Response> {
    let doc = find(&state, &id).await?;
    let ops = parse_json(&body, "patch")?;
    let mut tenant = Tenant::from_client(&id, doc.body)?;
    let modified = tenant.apply_patch(&ops)?;
    if modified {
        check_sites(&state, &tenant).await?;
        save_new(&state, &tenant).await?;
    }
    Ok(patched(tenant.to_json(), modified))
}

pub async fn remove(State(state): State<Shared>, Path(id): Path<String>) -> ApiResult<Response> {
    let doc = find(&state, &id).await?;
    let schemas = state.store.list_schemas().await?;
    for (sid, _, _) in schemas {
        let guard = state.schemas.lock(&state.store, &sid).await?;
        let s = guard.schema();
        if s.templates().any(|t| t.header().tenant_id == id) {
            return Err(ApiError::bad_request(format!(
                "Tenant '{}' is used by schema '{}'; remove its templates first",
                doc.name,
                s.display_name()
            )));
        }
    }
    state.store.delete_doc(DocKind::Tenant, &id).await?;
    Ok(no_content())
}
