//! Look-ups answered from a site's own APIC through the APIC client: the L4-L7 devices
//! that `mso_schema_site_service_graph` lists, their cluster interfaces, the redirect
//! policies and L3Outs of a tenant; and the facts registration reads (version, pods).

use std::time::Duration;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use multisite_apic_client::ApicClient;
use multisite_store::{Doc, DocKind, Store};
use serde_json::{json, Value};

use crate::body::reply;
use crate::error::{ApiError, ApiResult};
use crate::state::Shared;

/// A logged-in client for a stored site.
pub async fn client_for(doc: &Doc) -> ApiResult<ApicClient> {
    let url = doc.body["urls"][0].as_str().unwrap_or_default();
    if url.is_empty() {
        return Err(ApiError::bad_request(format!(
            "site '{}' has no URL",
            doc.name
        )));
    }
    let user = doc.body["username"].as_str().unwrap_or("admin");
    let pw = doc.body["password"].as_str().unwrap_or_default();
    ApicClient::new(url, user, pw)
        .map_err(|e| ApiError::bad_gateway(format!("site '{}': {e}", doc.name)))
}

async fn site(state: &Shared, id: &str) -> ApiResult<Doc> {
    state
        .store
        .get_doc(DocKind::Site, id)
        .await
        .map_err(|e| match e {
            multisite_store::StoreError::NotFound { .. } => {
                ApiError::not_found(format!("Site '{id}' not found"))
            }
            other => other.into(),
        })
}

fn unreachable(doc: &Doc, e: impl std::fmt::Display) -> ApiError {
    ApiError::bad_gateway(format!("site '{}' did not answer: {e}", doc.name))
}

/// Map NDO's `deviceType` filter to APIC's `svcType`.
fn svc_type_filter(device_type: &str) -> Option<&'static str> {
    match device_type {
        "firewall" => Some("FW"),
        "load-balancer" | "loadBalancer" => Some("ADC"),
        "other" => Some("OTHERS"),
        _ => None,
    }
}

pub async fn devices(
    State(state): State<Shared>,
    Path((id, tenant)): Path<(String, String)>,
    Query(q): Query<std::collections::BTreeMap<String, String>>,
) -> ApiResult<Response> {
    let doc = site(&state, &id).await?;
    let client = client_for(&doc).await?;
    let list = client
        .devices(&tenant)
        .await
        .map_err(|e| unreachable(&doc, e))?;
    let want = q.get("deviceType").and_then(|t| svc_type_filter(t));
    let devices: Vec<Value> = list
        .into_iter()
        .filter(|d| want.is_none_or(|w| d.svc_type.eq_ignore_ascii_case(w)))
        .map(
            |d| json!({"dn": d.dn, "name": d.name, "funcType": d.func_type, "svcType": d.svc_type}),
        )
        .collect();
    Ok(reply(StatusCode::OK, json!({"devices": devices})))
}

pub async fn cluster_interfaces(
    State(state): State<Shared>,
    Path((id, tenant, device)): Path<(String, String, String)>,
) -> ApiResult<Response> {
    let doc = site(&state, &id).await?;
    let client = client_for(&doc).await?;
    let list = client
        .cluster_interfaces(&tenant, &device)
        .await
        .map_err(|e| unreachable(&doc, e))?;
    let items: Vec<Value> = list
        .into_iter()
        .map(|i| json!({"dn": i.dn, "name": i.name}))
        .collect();
    Ok(reply(StatusCode::OK, json!({"interfaces": items})))
}

pub async fn redirect_policies(
    State(state): State<Shared>,
    Path((id, tenant)): Path<(String, String)>,
) -> ApiResult<Response> {
    let doc = site(&state, &id).await?;
    let client = client_for(&doc).await?;
    let list = client
        .redirect_policies(&tenant)
        .await
        .map_err(|e| unreachable(&doc, e))?;
    let items: Vec<Value> = list
        .into_iter()
        .map(|p| json!({"dn": p.dn, "name": p.name}))
        .collect();
    Ok(reply(StatusCode::OK, json!({"redirectPolicies": items})))
}

pub async fn l3outs(
    State(state): State<Shared>,
    Path((id, tenant)): Path<(String, String)>,
) -> ApiResult<Response> {
    let doc = site(&state, &id).await?;
    let client = client_for(&doc).await?;
    let q = [
        ("query-target", "children"),
        ("target-subtree-class", "l3extOut"),
    ];
    let list = client
        .get_mo(&format!("uni/tn-{tenant}"), &q)
        .await
        .map_err(|e| unreachable(&doc, e))?;
    let items: Vec<Value> = list
        .iter()
        .filter_map(|o| o.get("l3extOut"))
        .map(|o| json!({"dn": o["attributes"]["dn"], "name": o["attributes"]["name"]}))
        .collect();
    Ok(reply(StatusCode::OK, json!({"l3outs": items})))
}

/// Read the site's APIC version and pods into its document, when it answers in time.
pub async fn refresh_site_facts(doc: &mut Doc) {
    let Ok(client) = client_for(doc).await else {
        return;
    };
    let facts = async {
        let version = client.version().await.ok()?;
        let pods = client.pods().await.ok()?;
        Some((version, pods))
    };
    if let Ok(Some((version, pods))) = tokio::time::timeout(Duration::from_secs(5), facts).await {
        doc.body["apicVersion"] = json!(version);
        let existing = doc.body.get("pods").cloned().unwrap_or(json!([]));
        let pods: Vec<Value> = pods
            .into_iter()
            .map(|p| {
                let prev = existing.as_array().and_then(|a| a.iter().find(|e| e["podId"] == json!(p.id)));
                json!({
                    "podId": p.id,
                    "name": format!("pod-{}", p.id),
                    "tepPool": p.tep_pool,
                    "externalTepPools": prev.map(|e| e["externalTepPools"].clone()).unwrap_or(json!([])),
                })
            })
            .collect();
        doc.body["pods"] = json!(pods);
        doc.body["connectivity"] = json!("reachable");
    } else {
        doc.body["connectivity"] = json!("unreachable");
    }
}
