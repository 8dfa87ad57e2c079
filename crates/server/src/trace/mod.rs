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
    let inputs = gather::site_inputs(state).await?;
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
        "notes": assembled.notes,
    }))
}
