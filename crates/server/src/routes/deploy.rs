//! Deploy, redeploy, undeploy, status and the dry run; and import from a site.
//!
//! - `POST {v1}/task` (`ndo_schema_template_deploy`): `{"schemaId","templateName","isRedeploy"}`
//!   deploys, `{"schemaId","templateName","undeploy":[siteIds]}` undeploys.
//! - `GET {v1}/execute/schema/{sid}/template/{T}[?undeploy={siteId}]` (`mso_schema_template_deploy`).
//! - `GET {v1}/status/schema/{sid}/template/{T}` and `GET {v1}/schemas/{sid}/policy-states`.
//! - `POST {v1}/schemas/{sid}/templates/{T}/plan` (`?undeploy=true`): each site's changes, nothing pushed.
//! - `GET {v1}/deploy/jobs`, `GET {v1}/deploy/jobs/{id}`: jobs with per-site, per-object results.
//! - `POST {v1}/schemas/{sid}/templates/{T}/import`: objects of one kind from a site into the template.
//!
//! A deploy is refused, with every finding, when the schema does not validate; then nothing
//! reaches any site.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use multisite_deploy::{Action, DeployError, DeployRequest, Job, SiteHandle, Status};
use multisite_model::SiteId;
use multisite_render::{ImportKind, ImportRequest, MoSet, SiteInfo};
use multisite_store::{DocKind, Store};
use serde_json::{json, Value};

use crate::body::{json as parse_json, object, reply};
use crate::error::{ApiError, ApiResult};
use crate::routes::site_lookups::client_for;
use crate::state::Shared;

fn deploy_error(e: DeployError) -> ApiError {
    match e {
        DeployError::NotFound(id) => ApiError::not_found(format!("deploy job '{id}' not found")),
        DeployError::Request(m) => ApiError::bad_request(m),
        DeployError::Render(r) => ApiError::bad_request(format!("cannot render the schema: {r}")),
        DeployError::UnknownSite(s) => {
            ApiError::bad_request(format!("site '{s}' is not registered"))
        }
        other => ApiError::bad_gateway(other.to_string()),
    }
}

/// Give the deployer a logged-in client for every registered site.
pub async fn refresh_sites(state: &Shared) -> ApiResult<()> {
    for doc in state.store.list_docs(DocKind::Site).await? {
        let apic_site_id = doc.body["apicSiteId"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let client = client_for(&doc).await?;
        let info = SiteInfo {
            id: SiteId::from(doc.id.as_str()),
            name: doc.name.clone(),
            apic_site_id,
        };
        state
            .deployer
            .set_site(SiteHandle::new(info, Arc::new(client)));
    }
    Ok(())
}

async fn tenants(state: &Shared) -> ApiResult<BTreeMap<String, String>> {
    Ok(state
        .store
        .list_docs(DocKind::Tenant)
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect())
}

/// The schema's current document and its validation, for a deploy request.
async fn request_for(
    state: &Shared,
    sid: &str,
    template: &str,
    validate: bool,
) -> ApiResult<DeployRequest> {
    let guard = state.schemas.lock(&state.store, sid).await?;
    let schema = guard.schema();
    if schema.template(template).is_none() {
        return Err(ApiError::not_found(format!(
            "Template '{template}' not found in schema '{}'",
            schema.display_name()
        )));
    }
    if validate {
        crate::validation::check(state, schema).await?;
    }
    let doc = schema.to_json();
    drop(guard);
    Ok(DeployRequest::new(doc, template, tenants(state).await?))
}

fn site_ids(v: &Value) -> Vec<SiteId> {
    match v {
        Value::Array(a) => a
            .iter()
            .filter_map(|x| x.as_str().map(SiteId::from))
            .collect(),
        Value::String(s) => vec![SiteId::from(s.as_str())],
        _ => Vec::new(),
    }
}

/// Deploy `template` of schema `sid` to its sites (validating first).
pub async fn deploy(state: &Shared, sid: &str, template: &str) -> ApiResult<Job> {
    let req = request_for(state, sid, template, true).await?;
    refresh_sites(state).await?;
    state
        .deployer
        .deploy_template(req)
        .await
        .map_err(deploy_error)
}

/// Undeploy `template` of schema `sid` from `sites` (all its sites when empty).
pub async fn undeploy(
    state: &Shared,
    sid: &str,
    template: &str,
    sites: Vec<SiteId>,
) -> ApiResult<Job> {
    let mut req = request_for(state, sid, template, false).await?;
    if !sites.is_empty() {
        req = req.on_sites(sites);
    }
    refresh_sites(state).await?;
    state.deployer.undeploy(req).await.map_err(deploy_error)
}

/// The dry run: each affected site's changes as data and as text.
pub async fn plan(state: &Shared, sid: &str, template: &str, undeploy: bool) -> ApiResult<Value> {
    let req = request_for(state, sid, template, false).await?;
    refresh_sites(state).await?;
    let action = if undeploy {
        Action::Undeploy
    } else {
        Action::Deploy
    };
    let plan = state
        .deployer
        .plan(&req, action)
        .await
        .map_err(deploy_error)?;
    let sites = state.store.list_docs(DocKind::Site).await?;
    let out: Vec<Value> = plan
        .into_iter()
        .map(|(site, changes)| {
            let name = sites
                .iter()
                .find(|d| d.id == site.as_str())
                .map(|d| d.name.clone())
                .unwrap_or_default();
            json!({
                "siteId": site.as_str(),
                "siteName": name,
                "changes": changes,
                "text": multisite_render::changes_text(&changes),
            })
        })
        .collect();
    Ok(
        json!({"schemaId": sid, "templateName": template, "action": if undeploy { "undeploy" } else { "deploy" }, "sites": out}),
    )
}

/// A job in NDO's task shape, with our per-site details.
fn task_json(job: &Job, redeploy: bool) -> Value {
    let sites: Vec<&str> = job.targets.iter().map(|s| s.as_str()).collect();
    let mut req = json!({"schemaId": job.schema_id, "templateName": job.template.as_str(), "isRedeploy": redeploy});
    match job.action {
        Action::Deploy => req["deploy"] = json!(sites),
        Action::Undeploy => req["undeploy"] = json!(sites),
    }
    json!({
        "id": job.id,
        "reqDetails": req,
        "reqBy": "admin",
        "reqTime": job.created_ms,
        "operDetails": {"taskStatus": status_word(job.status), "siteStatus": job.sites.iter().map(|(s, o)| json!({
            "siteId": s.as_str(), "status": status_word(o.status), "error": o.error, "objects": o.objects.len(), "remaining": o.remaining,
        })).collect::<Vec<_>>()},
        "job": job,
    })
}

fn status_word(s: Status) -> &'static str {
    match s {
        Status::Succeeded => "Succeeded",
        Status::Failed => "Failed",
        Status::Pending => "Pending",
        _ if s.is_finished() => "PartiallySucceeded",
        _ => "Running",
    }
}

/// The failure message of a job that did not succeed everywhere, naming each site's error.
fn job_failure(job: &Job) -> Option<String> {
    if job.status == Status::Succeeded {
        return None;
    }
    let mut parts: Vec<String> = job
        .sites
        .iter()
        .filter(|(_, o)| o.status != Status::Succeeded)
        .map(|(s, o)| {
            format!(
                "site {}: {}",
                s.as_str(),
                o.error
                    .clone()
                    .unwrap_or_else(|| status_word(o.status).to_string())
            )
        })
        .collect();
    if let Some(e) = &job.error {
        parts.insert(0, e.clone());
    }
    Some(format!(
        "{} of template '{}' {}: {}",
        match job.action {
            Action::Deploy => "deploy",
            Action::Undeploy => "undeploy",
        },
        job.template.as_str(),
        status_word(job.status),
        parts.join("; ")
    ))
}

pub async fn task(State(state): State<Shared>, body: Bytes) -> ApiResult<Response> {
    let body = object(&body, "task")?;
    let sid = body["schemaId"]
        .as_str()
        .ok_or_else(|| ApiError::bad_request("task: 'schemaId' is required"))?;
    let template = body["templateName"]
        .as_str()
        .ok_or_else(|| ApiError::bad_request("task: 'templateName' is required"))?;
    let redeploy = body["isRedeploy"].as_bool().unwrap_or(false);
    let job = if body.get("undeploy").is_some() {
        undeploy(&state, sid, template, site_ids(&body["undeploy"])).await?
    } else {
        deploy(&state, sid, template).await?
    };
    if let Some(msg) = job_failure(&job) {
        return Err(ApiError::bad_gateway(msg));
    }
    Ok(reply(StatusCode::ACCEPTED, task_json(&job, redeploy)))
}

pub async fn execute(
    State(state): State<Shared>,
    Path((sid, template)): Path<(String, String)>,
    Query(q): Query<BTreeMap<String, String>>,
) -> ApiResult<Response> {
    if let Some(site) = q.get("undeploy") {
        let job = undeploy(&state, &sid, &template, vec![SiteId::from(site.as_str())]).await?;
        if let Some(msg) = job_failure(&job) {
            return Err(ApiError::bad_gateway(msg));
        }
        return Ok(reply(
            StatusCode::OK,
            json!({"msg": "Successfully Un-deployed", "jobId": job.id}),
        ));
    }
    let job = deploy(&state, &sid, &template).await?;
    if let Some(msg) = job_failure(&job) {
        return Err(ApiError::bad_gateway(msg));
    }
    Ok(reply(
        StatusCode::OK,
        json!({"msg": "Successfully deployed", "jobId": job.id}),
    ))
}

async fn policy_states(
    state: &Shared,
    sid: &str,
) -> ApiResult<(Value, Vec<multisite_deploy::PolicyState>)> {
    let doc = {
        let guard = state.schemas.lock(&state.store, sid).await?;
        guard.schema().to_json()
    };
    refresh_sites(state).await?;
    let states = state
        .deployer
        .policy_states(&doc)
        .await
        .map_err(deploy_error)?;
    Ok((doc, states))
}

pub async fn status(
    State(state): State<Shared>,
    Path((sid, template)): Path<(String, String)>,
) -> ApiResult<Response> {
    let (_, states) = policy_states(&state, &sid).await?;
    let list: Vec<Value> = states
        .iter()
        .filter(|p| p.template.as_str() == template)
        .map(|p| {
            let word = match (p.deployed, p.last_status) {
                (_, Some(s)) => status_word(s),
                (true, None) => "Succeeded",
                (false, None) => "NotDeployed",
            };
            json!({"siteId": p.site_id.as_str(), "templateName": p.template.as_str(), "deployed": p.deployed,
                   "lastJob": p.last_job, "status": {"siteStatus": word}})
        })
        .collect();
    Ok(reply(StatusCode::OK, json!({"status": list})))
}

/// Per (site, template): every template object with its state (`created` before the first
/// deploy, `deployed` after).
pub async fn policy_states_route(
    State(state): State<Shared>,
    Path(sid): Path<String>,
) -> ApiResult<Response> {
    let (doc, states) = policy_states(&state, &sid).await?;
    let mut out = Vec::new();
    for p in &states {
        let word = if p.deployed { "deployed" } else { "created" };
        let Some(t) = doc["templates"]
            .as_array()
            .and_then(|ts| ts.iter().find(|t| t["name"] == p.template.as_str()))
        else {
            continue;
        };
        let names = |coll: &str| -> Vec<Value> {
            t[coll]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|o| json!({"name": o["name"], "state": word}))
                        .collect()
                })
                .unwrap_or_default()
        };
        let anps: Vec<Value> = t["anps"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|anp| json!({"name": anp["name"], "state": word,
                        "epgs": anp["epgs"].as_array().map(|e| e.iter().map(|x| json!({"name": x["name"], "state": word})).collect::<Vec<_>>()).unwrap_or_default()}))
                    .collect()
            })
            .unwrap_or_default();
        out.push(json!({
            "siteId": p.site_id.as_str(), "templateName": p.template.as_str(), "deployed": p.deployed,
            "vrfs": names("vrfs"), "bds": names("bds"), "anps": anps, "contracts": names("contracts"),
            "filters": names("filters"), "externalEpgs": names("externalEpgs"),
            "intersiteL3outs": names("intersiteL3outs"), "serviceGraphs": names("serviceGraphs"),
        }));
    }
    Ok(reply(StatusCode::OK, json!({"policyStates": out})))
}

pub async fn plan_route(
    State(state): State<Shared>,
    Path((sid, template)): Path<(String, String)>,
    Query(q): Query<BTreeMap<String, String>>,
) -> ApiResult<Response> {
    let undeploy = q.get("undeploy").is_some_and(|v| v == "true" || v == "1");
    Ok(reply(
        StatusCode::OK,
        plan(&state, &sid, &template, undeploy).await?,
    ))
}

pub async fn jobs(State(state): State<Shared>) -> ApiResult<Response> {
    let mut jobs = state.deployer.jobs().await.map_err(deploy_error)?;
    jobs.sort_by(|a, b| (b.created_ms, &b.id).cmp(&(a.created_ms, &a.id)));
    Ok(reply(
        StatusCode::OK,
        json!({"jobs": jobs.iter().map(|j| task_json(j, false)).collect::<Vec<_>>()}),
    ))
}

pub async fn job(State(state): State<Shared>, Path(id): Path<String>) -> ApiResult<Response> {
    let job = state.deployer.job_status(&id).await.map_err(deploy_error)?;
    Ok(reply(StatusCode::OK, task_json(&job, false)))
}

fn import_kind(s: &str) -> Option<ImportKind> {
    Some(
        match s.to_ascii_lowercase().replace(['-', '_', ' '], "").as_str() {
            "vrf" | "vrfs" => ImportKind::Vrf,
            "bd" | "bds" => ImportKind::Bd,
            "anp" | "anps" | "applicationprofile" => ImportKind::Anp,
            "epg" | "epgs" => ImportKind::Epg,
            "filter" | "filters" => ImportKind::Filter,
            "contract" | "contracts" => ImportKind::Contract,
            "l3out" | "l3outs" | "intersitel3outs" => ImportKind::L3Out,
            "externalepg" | "externalepgs" => ImportKind::ExternalEpg,
            _ => return None,
        },
    )
}

/// Import objects of one kind from a site into a template (with their relations when asked).
pub async fn import(state: &Shared, sid: &str, template: &str, body: &Value) -> ApiResult<Value> {
    let site_id = body["siteId"]
        .as_str()
        .ok_or_else(|| ApiError::bad_request("import: 'siteId' is required"))?;
    let kind_s = body["kind"].as_str().ok_or_else(|| {
        ApiError::bad_request(
            "import: 'kind' is required (vrf, bd, anp, epg, filter, contract, l3out, externalEpg)",
        )
    })?;
    let kind = import_kind(kind_s)
        .ok_or_else(|| ApiError::bad_request(format!("import: unknown kind '{kind_s}'")))?;
    let names: Vec<String> = body["names"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    if names.is_empty() {
        return Err(ApiError::bad_request(
            "import: 'names' must list at least one object",
        ));
    }
    let with_relations = body["includeRelations"].as_bool().unwrap_or(false);
    let (tenant_id, associated) = {
        let guard = state.schemas.lock(&state.store, sid).await?;
        let t = guard
            .schema()
            .template(template)
            .ok_or_else(|| ApiError::not_found(format!("Template '{template}' not found")))?;
        let tid = t.header().tenant_id.clone();
        let associated = guard
            .schema()
            .site_entries_of(template)
            .any(|e| e.header().is_some_and(|h| h.site_id.as_str() == site_id));
        (tid, associated)
    };
    let tenant = state
        .store
        .list_docs(DocKind::Tenant)
        .await?
        .into_iter()
        .find(|d| d.id == tenant_id)
        .map(|d| d.name)
        .ok_or_else(|| {
            ApiError::bad_request(format!(
                "/templates/{template}/tenantId: the template has no tenant"
            ))
        })?;
    let site = state
        .store
        .get_doc(DocKind::Site, site_id)
        .await
        .map_err(|_| ApiError::not_found(format!("Site '{site_id}' not found")))?;
    let client = client_for(&site).await?;
    let imdata = client
        .get_mo(&format!("uni/tn-{tenant}"), &[("rsp-subtree", "full")])
        .await
        .map_err(|e| ApiError::bad_gateway(format!("site '{}': {e}", site.name)))?;
    let objects = MoSet::from_wire(&json!({"imdata": imdata})).map_err(|e| {
        ApiError::bad_gateway(format!(
            "site '{}' answered objects that cannot be read: {e}",
            site.name
        ))
    })?;
    let req = ImportRequest {
        tenant: tenant.clone(),
        schema_id: sid.to_string(),
        template: template.to_string(),
        kind,
        names,
        with_relations,
    };
    let imported = multisite_render::import(&objects, &req)
        .map_err(|e| ApiError::bad_request(format!("import: {e}")))?;
    let mut ops = Vec::new();
    if !associated {
        ops.push(json!({"op": "add", "path": "/sites/-", "value": {"siteId": site_id, "templateName": template}}));
    }
    for (coll, items) in &imported.template {
        for item in items {
            ops.push(json!({"op": "add", "path": format!("/templates/{template}/{coll}/-"), "value": item}));
        }
    }
    for (coll, items) in &imported.site {
        for item in items {
            let name = item
                .as_object()
                .and_then(|m| m.iter().find(|(k, _)| k.ends_with("Ref")).map(|(_, v)| v))
                .and_then(|v| {
                    v.as_str()
                        .map(|s| s.rsplit('/').next().unwrap_or_default().to_string())
                        .or_else(|| {
                            v.as_object().and_then(|o| {
                                o.iter()
                                    .find(|(k, _)| k.ends_with("Name") && *k != "templateName")
                                    .and_then(|(_, v)| v.as_str().map(str::to_string))
                            })
                        })
                })
                .unwrap_or_default();
            ops.push(json!({"op": "replace", "path": format!("/sites/{site_id}-{template}/{coll}/{name}"), "value": item}));
        }
    }
    let (doc, _) =
        crate::routes::schemas::patch_schema(state, sid, &Value::Array(ops), true).await?;
    Ok(json!({"imported": imported.template, "schema": doc}))
}

pub async fn import_route(
    State(state): State<Shared>,
    Path((sid, template)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult<Response> {
    let body = parse_json(&body, "import")?;
    Ok(reply(
        StatusCode::OK,
        import(&state, &sid, &template, &body).await?,
    ))
}
