//! Flow traces over what the sites hold now: reads every registered site (objects by
//! class query, topology and endpoints from the emulator's control endpoints or a real
//! APIC's inventory), assembles the fabric simulator's snapshot, applies the request's
//! what-if changes and traces the flow.
//!
//! The HTTP surface is in `routes::trace`; this module is its engine:
//! [`trace_flow`] answers `{"flow", "whatIf", "trace", "text", "notes"}`, where `trace` is
//! the fabric simulator's trace JSON and `text` its numbered text form.

pub mod classes;
pub mod control;
pub mod convert;
pub mod gather;
pub mod inventory;
pub mod request;
pub mod wire;

use multisite_fabric::{trace, Disposition, Snapshot, State};
use serde_json::{json, Value};

pub use request::{RequestError, TraceRequest, WhatIf};

use crate::error::{ApiError, ApiResult};
use crate::state::Shared;

impl From<RequestError> for ApiError {
    fn from(e: RequestError) -> Self {
        ApiError::bad_request(e.to_string())
    }
}

/// Checks the request, reads the sites, and traces the flow.
pub async fn trace_flow(state: &Shared, req: &TraceRequest) -> ApiResult<Value> {
    let flow = req.flow()?;
    let changes = req.changes()?;
    let mut inputs = gather::site_inputs(state).await?;
    let mut notes = Vec::new();
    if let Some(schema) = &req.schema {
        notes.push(overlay_schema(state, schema, &mut inputs).await?);
    }
    let assembled = convert::assemble(&inputs).map_err(|e| ApiError::bad_gateway(e.to_string()))?;
    let mut snapshot = Snapshot::build(assembled.topology, State::default(), &assembled.sites)
        .map_err(|e| ApiError::conflict(format!("the sites cannot be traced as they are: {e}")))?;
    for change in &changes {
        snapshot = snapshot
            .with_state(change)
            .map_err(|e| ApiError::bad_request(format!("whatIf: {e}")))?;
    }
    let t = trace(&snapshot, &flow);
    if t.disposition == Disposition::UnknownSource {
        return Err(ApiError::bad_request(format!(
            "src: {} is unknown: no endpoint of any site has it and no L3Out learns a prefix holding it",
            flow.src_ip
        )));
    }
    let text = t.to_string();
    Ok(json!({
        "flow": flow.to_string(),
        "whatIf": changes.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "trace": t,
        "text": text,
        "notes": notes.into_iter().chain(assembled.notes).collect::<Vec<_>>(),
    }))
}

/// Lay the rendered objects of schema `name_or_id` (every template on every site it is
/// bound to, as if deployed now) over what each site holds.
async fn overlay_schema(
    state: &Shared,
    name_or_id: &str,
    inputs: &mut [convert::SiteInput],
) -> ApiResult<String> {
    use multisite_model::SiteId;
    use multisite_render::{MoSet, RenderContext, SiteInfo};
    use multisite_store::{DocKind, Store};

    let schemas = state.store.list_schemas().await?;
    let id = schemas
        .iter()
        .find(|(id, name, _)| id == name_or_id || name == name_or_id)
        .map(|(id, _, _)| id.clone())
        .ok_or_else(|| ApiError::bad_request(format!("schema: no schema named '{name_or_id}'")))?;
    let doc = state
        .schemas
        .lock(&state.store, &id)
        .await?
        .schema()
        .to_json();
    let sites = state.store.list_docs(DocKind::Site).await?;
    let tenants = state
        .store
        .list_docs(DocKind::Tenant)
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let mut ctx = RenderContext {
        tenants,
        ..Default::default()
    };
    for d in &sites {
        let apic_site_id = d.body["apicSiteId"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        ctx.sites.push(SiteInfo {
            id: SiteId::from(d.id.as_str()),
            name: d.name.clone(),
            apic_site_id,
        });
        if let Some(input) = inputs.iter().find(|i| i.name == d.name) {
            let mut set = MoSet::new();
            for mo in &input.objects {
                let mut m = multisite_render::Mo::new(&mo.class, mo.dn.clone());
                m.attrs = mo.attrs.clone();
                set.insert(m);
            }
            ctx.observed.insert(SiteId::from(d.id.as_str()), set);
        }
    }
    let rendered = multisite_render::render_all(&doc, &ctx)
        .map_err(|e| ApiError::bad_request(format!("schema: cannot render '{name_or_id}': {e}")))?;
    let mut laid = 0usize;
    for (site, set) in rendered {
        let Some(name) = sites
            .iter()
            .find(|d| d.id == site.as_str())
            .map(|d| d.name.clone())
        else {
            continue;
        };
        let Some(input) = inputs.iter_mut().find(|i| i.name == name) else {
            continue;
        };
        for mo in set.iter() {
            laid += 1;
            match input.objects.iter_mut().find(|o| o.dn == mo.dn) {
                Some(existing) => existing.attrs.extend(mo.attrs.clone()),
                None => input.objects.push(multisite_fabric::Mo {
                    class: mo.class.clone(),
                    dn: mo.dn.clone(),
                    attrs: mo.attrs.clone(),
                }),
            }
        }
    }
    Ok(format!(
        "what-if: schema '{name_or_id}' rendered and laid over the sites ({laid} objects)"
    ))
}
