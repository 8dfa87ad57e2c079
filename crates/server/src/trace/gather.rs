//! Reading every registered site: its objects through class queries with the APIC
//! client, and its topology from the emulator's control endpoint, or (for a real APIC,
//! which answers that path with 404 or is reached over https) from its inventory
//! classes. Also adding an endpoint to an emulated site.

use multisite_apic_client::ApicClient;
use multisite_fabric::Mo;
use multisite_sitesim::topology::{Endpoint, Topology as SimTopology};
use multisite_store::Doc;
use serde_json::Value;

use super::classes::{INVENTORY_CLASSES, POLICY_CLASSES, SERVICE_CLASSES};
use super::control::{exchange, ControlError};
use super::convert::SiteInput;
use super::inventory::topology_from_objects;
use super::wire::mo_from_wire;
use crate::error::{ApiError, ApiResult};
use crate::routes::{site_lookups, sites};
use crate::state::Shared;

/// Every registered site, read now, ordered by site id then name.
pub async fn site_inputs(state: &Shared) -> ApiResult<Vec<SiteInput>> {
    let docs = sites::all_sites(state).await?;
    let mut inputs = Vec::with_capacity(docs.len());
    for doc in &docs {
        inputs.push(site_input(doc).await?);
    }
    inputs.sort_by(|a, b| (a.site_id, &a.name).cmp(&(b.site_id, &b.name)));
    Ok(inputs)
}

/// The stored site named `name`.
pub async fn site_named(state: &Shared, name: &str) -> ApiResult<Doc> {
    sites::all_sites(state)
        .await?
        .into_iter()
        .find(|d| d.name == name)
        .ok_or_else(|| ApiError::not_found(format!("no site named '{name}'")))
}

/// Adds (or replaces, by name) an endpoint of an emulated site; returns the site's list.
pub async fn add_endpoint(doc: &Doc, endpoint: &Endpoint) -> ApiResult<Value> {
    let body = serde_json::to_vec(endpoint).map_err(|e| ApiError::internal(e.to_string()))?;
    let answer = match control(doc, "POST", "/_sitesim/endpoints", Some(&body)).await {
        Err(e) if e.status == axum::http::StatusCode::NOT_IMPLEMENTED => {
            return Err(ApiError::bad_request(format!(
                "{}: endpoints can only be added to emulated sites",
                e.message
            )))
        }
        other => other?,
    };
    let value: Value = serde_json::from_slice(&answer.body).unwrap_or(Value::Null);
    match answer.status {
        200 => Ok(value),
        400 => Err(ApiError::bad_request(format!(
            "site '{}' refused the endpoint: {}",
            doc.name,
            value["error"].as_str().unwrap_or("invalid endpoint")
        ))),
        404 => Err(ApiError::bad_request(format!(
            "site '{}' is not an emulated site: endpoints are learned by the fabric there",
            doc.name
        ))),
        s => Err(ApiError::bad_gateway(format!(
            "site '{}' answered {s} to the endpoint",
            doc.name
        ))),
    }
}

/// The endpoints a site reports (emulated: its list; real: the learned `fvCEp`s).
pub async fn endpoints(doc: &Doc) -> ApiResult<Vec<Endpoint>> {
    if let Some(t) = emulated_topology(doc).await? {
        return Ok(t.endpoints);
    }
    let client = site_lookups::client_for(doc).await?;
    let mut objects = Vec::new();
    for class in INVENTORY_CLASSES {
        objects.extend(read_class(doc, &client, class).await?);
    }
    Ok(topology_from_objects(&objects).endpoints)
}

async fn site_input(doc: &Doc) -> ApiResult<SiteInput> {
    let client = site_lookups::client_for(doc).await?;
    let emulated = emulated_topology(doc).await?;
    let mut classes: Vec<&str> = POLICY_CLASSES
        .iter()
        .chain(SERVICE_CLASSES)
        .copied()
        .collect();
    if emulated.is_none() {
        classes.extend(INVENTORY_CLASSES);
    }
    let mut objects = Vec::new();
    for class in classes {
        objects.extend(read_class(doc, &client, class).await?);
    }
    let topology = match emulated {
        Some(t) => t,
        None => topology_from_objects(&objects),
    };
    let inventory = |m: &Mo| INVENTORY_CLASSES.contains(&m.class.as_str());
    objects.retain(|m| !inventory(m));
    Ok(SiteInput {
        name: doc.name.clone(),
        site_id: site_id(doc),
        release: doc.body["apicVersion"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        topology,
        objects,
    })
}

fn site_id(doc: &Doc) -> u32 {
    match &doc.body["apicSiteId"] {
        Value::String(s) => s.parse().unwrap_or(0),
        Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()).unwrap_or(0),
        _ => 0,
    }
}

async fn read_class(doc: &Doc, client: &ApicClient, class: &str) -> ApiResult<Vec<Mo>> {
    match client.get_class(class, &[]).await {
        Ok(items) => Ok(items.iter().filter_map(mo_from_wire).collect()),
        // A site whose model lacks the class cannot hold such objects.
        Err(e) if e.status() == Some(400) && e.to_string().contains("unresolved class") => {
            Ok(Vec::new())
        }
        Err(e) => Err(ApiError::bad_gateway(format!(
            "site '{}': reading {class}: {e}",
            doc.name
        ))),
    }
}

/// The emulator's topology, or `None` for a real APIC.
async fn emulated_topology(doc: &Doc) -> ApiResult<Option<SimTopology>> {
    let answer = match control(doc, "GET", "/_sitesim/topology", None).await {
        Ok(a) => a,
        Err(e) if e.status == axum::http::StatusCode::NOT_IMPLEMENTED => return Ok(None),
        Err(e) => return Err(e),
    };
    match answer.status {
        200 => serde_json::from_slice(&answer.body).map(Some).map_err(|e| {
            ApiError::bad_gateway(format!(
                "site '{}': unreadable emulator topology: {e}",
                doc.name
            ))
        }),
        404 => Ok(None),
        s => Err(ApiError::bad_gateway(format!(
            "site '{}' answered {s} to its topology request",
            doc.name
        ))),
    }
}

/// One control exchange with a site; `NOT_IMPLEMENTED` when the site is not on http://.
async fn control(
    doc: &Doc,
    method: &str,
    path: &str,
    body: Option<&[u8]>,
) -> ApiResult<super::control::Answer> {
    let url = doc.body["urls"][0].as_str().unwrap_or_default();
    let user = doc.body["username"].as_str().unwrap_or("admin");
    let password = doc.body["password"].as_str().unwrap_or_default();
    match exchange(url, method, path, user, password, body).await {
        Ok(a) if a.status == 401 => Err(ApiError::bad_gateway(format!(
            "site '{}' refused the stored credentials on {path}",
            doc.name
        ))),
        Ok(a) => Ok(a),
        Err(ControlError::NotHttp(_)) => Err(ApiError::new(
            axum::http::StatusCode::NOT_IMPLEMENTED,
            format!("site '{}' is not an emulated site", doc.name),
        )),
        Err(e) => Err(ApiError::bad_gateway(format!(
            "site '{}' did not answer: {e}",
            doc.name
        ))),
    }
}
