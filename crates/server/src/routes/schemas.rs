//! Schemas (`{v1}/schemas`): list (full documents), list-identity, get, create, replace,
//! patch (NDO's JSON-Patch dialect), delete, validate.
//!
//! A PATCH is applied in place to the cached, parsed schema under its lock, and only the
//! units it changed are committed, with the schema's version as the optimistic guard.
//! If another replica committed first, the patch is rolled back, the schema reloaded and
//! the patch tried again; a client-supplied `test` of `/_updateVersion` that no longer
//! holds is a 409.

use std::collections::HashSet;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use multisite_model::{ExternalRefs, Ref, Schema};
use multisite_store::{SchemaChange, Store, StoreError, Unit};
use serde_json::{json, Value};

use crate::auth::new_id;
use crate::body::{json as parse_json, no_content, object, patched, reply};
use crate::error::{ApiError, ApiResult};
use crate::state::{load, Shared};

/// References into other schemas that exist, gathered before the write takes its lock.
struct KnownRefs(HashSet<String>);

impl ExternalRefs for KnownRefs {
    fn exists(&self, r: &Ref) -> bool {
        self.0.contains(&r.to_string())
    }
}

fn collect_refs(v: &Value, out: &mut Vec<Ref>) {
    match v {
        Value::Object(map) => {
            if map.contains_key("schemaId") && map.contains_key("templateName") {
                if let Ok(r) = Ref::from_dict(map, None) {
                    out.push(r);
                }
            }
            for child in map.values() {
                collect_refs(child, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| collect_refs(i, out)),
        Value::String(s) if s.starts_with("/schemas/") => {
            if let Ok(r) = Ref::parse(s) {
                out.push(r);
            }
        }
        _ => {}
    }
}

/// Look up every reference `doc` makes into a schema other than `own_id`.
async fn known_foreign_refs(state: &Shared, own_id: &str, doc: &Value) -> ApiResult<KnownRefs> {
    let mut refs = Vec::new();
    collect_refs(doc, &mut refs);
    let mut known = HashSet::new();
    let mut by_schema: std::collections::BTreeMap<String, Vec<Ref>> = Default::default();
    for r in refs {
        if r.schema.as_str() != own_id {
            by_schema
                .entry(r.schema.as_str().to_string())
                .or_default()
                .push(r);
        }
    }
    for (sid, refs) in by_schema {
        let Ok(guard) = state.schemas.lock(&state.store, &sid).await else {
            continue;
        };
        for r in refs {
            if guard.schema().find(&r).is_some() {
                known.insert(r.to_string());
            }
        }
    }
    Ok(KnownRefs(known))
}

fn units_for_store(units: Vec<multisite_model::Unit>) -> Vec<Unit> {
    units
        .into_iter()
        .map(|u| Unit {
            key: u.key,
            ord: u.ord,
            body: u.body,
        })
        .collect()
}

/// Whether any op can change a template's `tenantId`: a whole template or the template
/// list is written, or a `tenantId` member directly.
fn ops_touch_tenants(ops: &Value) -> bool {
    ops.as_array().is_some_and(|ops| {
        ops.iter().any(|op| {
            let path = op["path"].as_str().unwrap_or_default();
            let depth = path.split('/').filter(|s| !s.is_empty()).count();
            path.ends_with("/tenantId") || (path.starts_with("/templates") && depth <= 2)
        })
    })
}

async fn check_tenants(state: &Shared, schema: &Schema) -> ApiResult<()> {
    let tenants = state
        .store
        .list_docs(multisite_store::DocKind::Tenant)
        .await?;
    for t in schema.templates() {
        let (template, tenant_id) = (t.name(), t.header().tenant_id.as_str());
        if tenant_id.is_empty() {
            continue;
        }
        if !tenants.iter().any(|t| t.id == tenant_id) {
            return Err(ApiError::bad_request(format!(
                "/templates/{template}/tenantId: tenant '{tenant_id}' does not exist"
            )));
        }
    }
    Ok(())
}

pub async fn list(State(state): State<Shared>) -> ApiResult<Response> {
    Ok(reply(
        StatusCode::OK,
        json!({"schemas": all_schemas(&state).await?}),
    ))
}

/// Every schema's full document.
pub async fn all_schemas(state: &Shared) -> ApiResult<Vec<Value>> {
    let mut out = Vec::new();
    for (id, _, _) in state.store.list_schemas().await? {
        match state.schemas.lock(&state.store, &id).await {
            Ok(g) => out.push(g.schema().to_json()),
            Err(e) if e.status == StatusCode::NOT_FOUND => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

pub async fn list_identity(State(state): State<Shared>) -> ApiResult<Response> {
    let mut out = Vec::new();
    for (id, _, _) in state.store.list_schemas().await? {
        match state.schemas.lock(&state.store, &id).await {
            Ok(g) => out.push(g.schema().identity_json()),
            Err(e) if e.status == StatusCode::NOT_FOUND => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(reply(StatusCode::OK, json!({"schemas": out})))
}

pub async fn get_one(State(state): State<Shared>, Path(id): Path<String>) -> ApiResult<Response> {
    let guard = state.schemas.lock(&state.store, &id).await?;
    Ok(reply(StatusCode::OK, guard.schema().to_json()))
}

pub async fn create(State(state): State<Shared>, body: Bytes) -> ApiResult<Response> {
    let doc = object(&body, "schema")?;
    Ok(reply(
        StatusCode::CREATED,
        create_schema(&state, doc).await?,
    ))
}

/// Create a schema from a client document; returns the stored document.
pub async fn create_schema(state: &Shared, doc: Value) -> ApiResult<Value> {
    let id = new_id();
    let known = known_foreign_refs(state, &id, &doc).await?;
    let mut schema = Schema::from_client(&id, doc, &known)?;
    check_tenants(state, &schema).await?;
    let (header, units) = schema.to_units();
    let version = state
        .store
        .create_schema(&id, schema.display_name(), header, units_for_store(units))
        .await
        .map_err(|e| match e {
            StoreError::Duplicate { .. } => {
                ApiError::bad_request(format!("Schema '{}' already exists", schema.display_name()))
            }
            other => other.into(),
        })?;
    schema.set_version(version);
    let out = schema.to_json();
    state.schemas.insert(schema).await;
    Ok(out)
}

pub async fn replace(
    State(state): State<Shared>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Response> {
    let doc = object(&body, "schema")?;
    let known = known_foreign_refs(&state, &id, &doc).await?;
    let client_version = doc.get("_updateVersion").and_then(Value::as_i64);
    let mut guard = state.schemas.lock(&state.store, &id).await?;
    let current = guard.schema().version();
    if let Some(v) = client_version {
        if v != current {
            return Err(ApiError::conflict(format!(
                "schema '{}' was changed by someone else: your version {v}, current {current}; read it again",
                guard.schema().display_name()
            )));
        }
    }
    let mut schema = Schema::from_client(&id, doc, &known)?;
    check_tenants(&state, &schema).await?;
    let (header, units) = schema.to_units();
    let version = state
        .store
        .replace_schema(
            &id,
            schema.display_name(),
            current,
            header,
            units_for_store(units),
        )
        .await
        .map_err(|e| {
            if matches!(e, StoreError::Conflict { .. }) {
                ApiError::conflict(format!(
                    "schema '{id}' was changed concurrently; read it again"
                ))
            } else {
                e.into()
            }
        })?;
    schema.set_version(version);
    let out = schema.to_json();
    guard.set(schema);
    Ok(reply(StatusCode::OK, out))
}

/// Attempts at a PATCH when another replica keeps committing first.
const PATCH_ATTEMPTS: usize = 5;

pub async fn patch(
    State(state): State<Shared>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Response> {
    let ops = parse_json(&body, "patch")?;
    let (doc, modified) = patch_schema(&state, &id, &ops, true).await?;
    Ok(patched(doc.unwrap_or(Value::Null), modified))
}

/// Apply NDO JSON-Patch `ops` to schema `id` and commit what changed; returns the new
/// document (when `want_doc`) and whether the stored document changed.
pub async fn patch_schema(
    state: &Shared,
    id: &str,
    ops: &Value,
    want_doc: bool,
) -> ApiResult<(Option<Value>, bool)> {
    if !ops.is_array() {
        return Err(ApiError::bad_request(
            "a PATCH body must be a JSON array of operations",
        ));
    }
    let id = id.to_string();
    let known = known_foreign_refs(state, &id, ops).await?;
    let mut guard = state.schemas.lock(&state.store, &id).await?;
    let doc_of = |s: &Schema| if want_doc { Some(s.to_json()) } else { None };
    for _ in 0..PATCH_ATTEMPTS {
        let schema = guard.schema_mut();
        let outcome = schema.apply_patch(ops, &known)?;
        if outcome.header.is_none() && outcome.upserts.is_empty() && outcome.deletes.is_empty() {
            return Ok((doc_of(schema), false));
        }
        // Only an op that can set a template's tenant needs the tenant list.
        if ops_touch_tenants(ops) {
            if let Err(e) = check_tenants(state, schema).await {
                schema.undo(outcome);
                return Err(e);
            }
        }
        let modified = outcome.modified;
        let change = SchemaChange {
            expected_version: schema.version(),
            header: outcome.header.clone(),
            upserts: units_for_store(outcome.upserts.clone()),
            deletes: outcome.deletes.clone(),
        };
        let name = schema.display_name().to_string();
        match state.store.commit_schema(&id, &name, change).await {
            Ok(version) => {
                schema.set_version(version);
                return Ok((doc_of(schema), modified));
            }
            Err(StoreError::Conflict { .. }) => {
                schema.undo(outcome);
                let fresh = load(&state.store, &id).await?;
                guard.set(fresh);
            }
            Err(StoreError::Duplicate { .. }) => {
                schema.undo(outcome);
                return Err(ApiError::bad_request(format!(
                    "Schema '{name}' already exists"
                )));
            }
            Err(e) => {
                schema.undo(outcome);
                guard.forget();
                return Err(e.into());
            }
        }
    }
    Err(ApiError::conflict(format!(
        "schema '{id}' kept changing underneath this patch; try again"
    )))
}

pub async fn remove(State(state): State<Shared>, Path(id): Path<String>) -> ApiResult<Response> {
    delete_schema(&state, &id).await?;
    Ok(no_content())
}

/// Delete schema `id`.
pub async fn delete_schema(state: &Shared, id: &str) -> ApiResult<()> {
    let mut guard = state.schemas.lock(&state.store, id).await?;
    state.store.delete_schema(id).await?;
    guard.forget();
    drop(guard);
    state.schemas.remove(id).await;
    Ok(())
}

pub async fn validate(State(state): State<Shared>, Path(id): Path<String>) -> ApiResult<Response> {
    let guard = state.schemas.lock(&state.store, &id).await?;
    crate::validation::check(&state, guard.schema()).await?;
    Ok(reply(StatusCode::OK, json!({"result": true})))
}

/// The whole validation report (`{"findings": [...]}`), also when it has errors.
pub async fn validation_report(
    State(state): State<Shared>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let guard = state.schemas.lock(&state.store, &id).await?;
    let report = crate::validation::report(&state, guard.schema()).await?;
    let mut body = report.to_json();
    body["result"] = json!(report.is_ok());
    body["text"] = json!(report.to_string());
    Ok(reply(StatusCode::OK, body))
}
