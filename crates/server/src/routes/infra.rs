//! Infra configuration: the external TEP pools of each site's pods (the seed's
//! "Infrastructure > Infra Configuration > Add TEP Pool"). A write that makes two pools
//! overlap, or a pool overlap a fabric TEP pool, is refused with the reason.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use multisite_model::{Cidr, Site};
use multisite_store::{DocKind, Store, StoreError};
use multisite_validate::SiteFacts;
use serde_json::{json, Value};

use crate::body::{object, reply};
use crate::error::{ApiError, ApiResult};
use crate::state::Shared;

fn infra_view(site: &Site) -> Value {
    json!({
        "siteId": site.id.as_str(),
        "name": site.name,
        "apicSiteId": site.apic_site_id,
        "apicVersion": site.apic_version,
        "pods": site.pods,
    })
}

/// Every site's infra view.
pub async fn all_infra(state: &Shared) -> ApiResult<Vec<Value>> {
    let mut out = Vec::new();
    for doc in state.store.list_docs(DocKind::Site).await? {
        let site = Site::from_client(&doc.id, doc.body)?;
        out.push(infra_view(&site));
    }
    Ok(out)
}

pub async fn list(State(state): State<Shared>) -> ApiResult<Response> {
    Ok(reply(
        StatusCode::OK,
        json!({"sites": all_infra(&state).await?}),
    ))
}

/// Set the external TEP pools of one pod; refuses overlaps with every other pool and
/// fabric TEP pool of every site, and changes nothing then.
pub async fn set_external_tep_pools(
    state: &Shared,
    site_id: &str,
    pod_id: i64,
    pools: &[String],
) -> ApiResult<Value> {
    let path = format!("/infra/sites/{site_id}/pods/{pod_id}/externalTepPools");
    let mut parsed = Vec::new();
    for (i, p) in pools.iter().enumerate() {
        let cidr = Cidr::parse(p.trim()).map_err(|e| {
            ApiError::bad_request(format!("{path}/{i}: '{p}' is not an IPv4 prefix: {e}"))
        })?;
        parsed.push(cidr);
    }
    let docs = state.store.list_docs(DocKind::Site).await?;
    let mut target = None;
    let mut facts = Vec::new();
    for doc in docs {
        let mut site = Site::from_client(&doc.id, doc.body.clone())?;
        if doc.id == site_id {
            let pod = site
                .pods
                .iter_mut()
                .find(|p| p.pod_id == pod_id)
                .ok_or_else(|| {
                    ApiError::not_found(format!("{path}: site '{}' has no pod {pod_id}", doc.name))
                })?;
            pod.external_tep_pools = parsed.clone();
            target = Some((doc, site.clone()));
        }
        facts.push(SiteFacts::from_site(&site));
    }
    let (mut doc, site) =
        target.ok_or_else(|| ApiError::not_found(format!("Site '{site_id}' not found")))?;
    let report = multisite_validate::check_tep_pools(&facts);
    if !report.is_ok() {
        let lines: Vec<String> = report
            .errors()
            .map(|f| format!("[{}] {}: {}", f.code, f.path, f.message))
            .collect();
        return Err(ApiError::bad_request(format!(
            "{path}: refused:\n{}",
            lines.join("\n")
        )));
    }
    let mut body = site.to_stored_json();
    if let (Some(obj), Some(prev)) = (body.as_object_mut(), doc.body.as_object()) {
        for (k, v) in prev {
            obj.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
    doc.body = body;
    state
        .store
        .put_doc(DocKind::Site, doc)
        .await
        .map_err(|e| match e {
            StoreError::NotFound { .. } => {
                ApiError::not_found(format!("Site '{site_id}' not found"))
            }
            other => other.into(),
        })?;
    Ok(infra_view(&site))
}

pub async fn set_pod(
    State(state): State<Shared>,
    Path((site_id, pod_id)): Path<(String, i64)>,
    body: Bytes,
) -> ApiResult<Response> {
    let body = object(&body, "pod")?;
    let pools: Vec<String> = match body.get("externalTepPools") {
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| match v {
                Value::String(s) => Ok(s.clone()),
                Value::Object(o) => o
                    .get("pool")
                    .or_else(|| o.get("ip"))
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .ok_or_else(|| {
                        ApiError::bad_request("externalTepPools: an entry needs 'pool'")
                    }),
                _ => Err(ApiError::bad_request(
                    "externalTepPools: entries are prefixes like \"172.16.1.0/24\"",
                )),
            })
            .collect::<ApiResult<_>>()?,
        _ => {
            return Err(ApiError::bad_request(
                "pod: 'externalTepPools' (a list of prefixes) is required",
            ))
        }
    };
    Ok(reply(
        StatusCode::OK,
        set_external_tep_pools(&state, &site_id, pod_id, &pools).await?,
    ))
}
