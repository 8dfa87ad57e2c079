//! Sites: NDO's v1 site API (`{v1}/sites`) and Nexus Dashboard's v2 shape
//! (`{v2}/sites`, `sites/manage`). A site's credentials are kept to reach its APIC and
//! are never shown (`password` reads `******`).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use multisite_model::Site;
use multisite_store::{Doc, DocKind, Store, StoreError};
use serde_json::{json, Value};

use crate::auth::new_id;
use crate::body::{no_content, object, reply};
use crate::error::{ApiError, ApiResult};
use crate::routes::site_lookups;
use crate::state::Shared;

const MASK: &str = "******";

/// The API form of a stored site.
pub fn public_site(doc: &Doc) -> Value {
    let mut v = doc.body.clone();
    if let Some(m) = v.as_object_mut() {
        if m.contains_key("password") {
            m.insert("password".into(), json!(MASK));
        }
        m.remove("embedded");
    }
    v
}

fn v2_site(doc: &Doc) -> Value {
    let b = &doc.body;
    json!({
        "id": doc.id,
        "common": {
            "name": doc.name,
            "siteId": b.get("apicSiteId").cloned().unwrap_or(json!("")),
            "siteGroup": "default",
            "siteType": "ACI",
            "urls": b.get("urls").cloned().unwrap_or(json!([])),
            "version": b.get("apicVersion").cloned().unwrap_or(json!("")),
        },
        "aci": {"pods": b.get("pods").cloned().unwrap_or(json!([]))},
    })
}

async fn find_site(state: &Shared, id: &str) -> ApiResult<Doc> {
    match state.store.get_doc(DocKind::Site, id).await {
        Ok(d) => Ok(d),
        Err(StoreError::NotFound { .. }) => {
            Err(ApiError::not_found(format!("Site '{id}' not found")))
        }
        Err(e) => Err(e.into()),
    }
}

/// Normalise a client's site document; keep the stored password when the client sends
/// none or the mask.
async fn normalise(
    state: &Shared,
    id: &str,
    mut body: Value,
    previous: Option<&Doc>,
) -> ApiResult<Doc> {
    let given_pw = body
        .get("password")
        .and_then(Value::as_str)
        .map(str::to_string);
    let password = match given_pw {
        Some(p) if p != MASK => Some(p),
        _ => previous.and_then(|d| {
            d.body
                .get("password")
                .and_then(Value::as_str)
                .map(str::to_string)
        }),
    };
    if let Some(obj) = body.as_object_mut() {
        obj.insert("id".into(), json!(id));
        obj.entry("platform").or_insert(json!("on-premise"));
        if let Some(prev) = previous {
            for key in ["pods", "apicVersion", "embedded"] {
                if !obj.contains_key(key) {
                    if let Some(v) = prev.body.get(key) {
                        obj.insert(key.into(), v.clone());
                    }
                }
            }
        }
    }
    let site = Site::from_client(id, body)?;
    let mut stored = site.to_stored_json();
    if let Some(p) = password {
        stored["password"] = json!(p);
    }
    let name = stored
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    if name.is_empty() {
        return Err(ApiError::bad_request("site: 'name' is required"));
    }
    let mut doc = Doc {
        id: id.to_string(),
        name,
        body: stored,
    };
    site_lookups::refresh_site_facts(&mut doc).await;
    let _ = state;
    Ok(doc)
}

pub async fn list(State(state): State<Shared>) -> ApiResult<Response> {
    let docs = state.store.list_docs(DocKind::Site).await?;
    Ok(reply(
        StatusCode::OK,
        json!({"sites": docs.iter().map(public_site).collect::<Vec<_>>()}),
    ))
}

pub async fn get_one(State(state): State<Shared>, Path(id): Path<String>) -> ApiResult<Response> {
    let doc = find_site(&state, &id).await?;
    Ok(reply(StatusCode::OK, public_site(&doc)))
}

pub async fn create(State(state): State<Shared>, body: Bytes) -> ApiResult<Response> {
    let body = object(&body, "site")?;
    Ok(reply(StatusCode::CREATED, create_site(&state, body).await?))
}

/// Register a site from a client document; returns its public form.
pub async fn create_site(state: &Shared, body: Value) -> ApiResult<Value> {
    let id = new_id();
    let doc = normalise(state, &id, body, None).await?;
    state.store.put_doc(DocKind::Site, doc.clone()).await?;
    Ok(public_site(&doc))
}

/// Every site's stored document (with credentials: never send these to a client).
pub async fn all_sites(state: &Shared) -> ApiResult<Vec<Doc>> {
    Ok(state.store.list_docs(DocKind::Site).await?)
}

pub async fn replace(
    State(state): State<Shared>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Response> {
    let previous = find_site(&state, &id).await?;
    let body = object(&body, "site")?;
    let doc = normalise(&state, &id, body, Some(&previous)).await?;
    state.store.put_doc(DocKind::Site, doc.clone()).await?;
    Ok(reply(StatusCode::OK, public_site(&doc)))
}

pub async fn remove(State(state): State<Shared>, Path(id): Path<String>) -> ApiResult<Response> {
    find_site(&state, &id).await?;
    state.store.delete_doc(DocKind::Site, &id).await?;
    Ok(no_content())
}

pub async fn list_v2(State(state): State<Shared>) -> ApiResult<Response> {
    let docs = state.store.list_docs(DocKind::Site).await?;
    Ok(reply(
        StatusCode::OK,
        json!({"sites": docs.iter().map(v2_site).collect::<Vec<_>>()}),
    ))
}

/// Every site this orchestrator knows is managed; "managing" one answers with it.
pub async fn manage_v2(State(state): State<Shared>, body: Bytes) -> ApiResult<Response> {
    let body = object(&body, "site")?;
    let name = body["common"]["name"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let docs = state.store.list_docs(DocKind::Site).await?;
    let doc = docs.iter().find(|d| d.name == name).ok_or_else(|| {
        ApiError::not_found(format!(
            "Site '{name}' is not known; add it with POST /api/v1/sites first"
        ))
    })?;
    Ok(reply(StatusCode::OK, v2_site(doc)))
}

pub async fn unmanage_v2(
    State(state): State<Shared>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    find_site(&state, &id).await?;
    state.store.delete_doc(DocKind::Site, &id).await?;
    Ok(no_content())
}
