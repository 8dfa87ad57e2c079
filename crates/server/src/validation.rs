//! Schema validation as the API exposes it (`{v1}/schemas/{id}/validate`, and before
//! every deploy): gathers what the validator needs besides the schema (tenants, other
//! schemas it references, and each site's facts read from its own APIC), runs every rule,
//! and refuses with the whole report.

use std::collections::BTreeSet;

use multisite_model::{Schema, Site};
use multisite_store::{DocKind, Store};
use multisite_validate::{Context, DeviceFacts, RedirectPolicyFacts, Report, SiteFacts};
use serde_json::Value;

use crate::error::{ApiError, ApiResult};
use crate::routes::site_lookups::client_for;
use crate::state::Shared;

/// Read one site's facts: its stored infra (release, pods, TEP pools) and, from its APIC,
/// the devices with their cluster interfaces, the redirect policies and the L3Outs of the
/// given tenants. A site that does not answer contributes only its stored facts.
pub async fn site_facts(doc: &multisite_store::Doc, tenants: &BTreeSet<String>) -> SiteFacts {
    let mut facts = match Site::from_client(&doc.id, doc.body.clone()) {
        Ok(site) => SiteFacts::from_site(&site),
        Err(_) => SiteFacts {
            site_id: doc.id.clone(),
            name: doc.name.clone(),
            ..Default::default()
        },
    };
    let Ok(client) = client_for(doc).await else {
        return facts;
    };
    for tenant in tenants {
        if let Ok(devices) = client.devices(tenant).await {
            for d in devices {
                let interfaces = client
                    .cluster_interfaces(tenant, &d.name)
                    .await
                    .map(|l| l.into_iter().map(|i| i.name).collect())
                    .unwrap_or_default();
                facts.devices.push(DeviceFacts {
                    dn: d.dn,
                    name: d.name,
                    func_type: d.func_type,
                    svc_type: d.svc_type,
                    cluster_interfaces: interfaces,
                });
            }
        }
        if let Ok(policies) = client.redirect_policies(tenant).await {
            facts
                .redirect_policies
                .extend(policies.into_iter().map(|p| RedirectPolicyFacts {
                    dn: p.dn,
                    name: p.name,
                    dest_type: p.dest_type,
                }));
        }
        let q = [
            ("query-target", "children"),
            ("target-subtree-class", "l3extOut"),
        ];
        if let Ok(objs) = client.get_mo(&format!("uni/tn-{tenant}"), &q).await {
            facts.l3outs.extend(objs.iter().filter_map(|o| {
                o["l3extOut"]["attributes"]["dn"]
                    .as_str()
                    .map(str::to_string)
            }));
        }
    }
    facts
}

/// The full validation context for `schema`.
pub async fn context_for(state: &Shared, schema: &Schema) -> ApiResult<Context> {
    let mut ctx = Context::default();
    let tenants = state.store.list_docs(DocKind::Tenant).await?;
    for t in &tenants {
        ctx = ctx.with_tenant(t.id.clone(), t.name.clone());
    }
    let used_tenants: BTreeSet<String> = schema
        .templates()
        .filter_map(|t| {
            tenants
                .iter()
                .find(|d| d.id == t.header().tenant_id)
                .map(|d| d.name.clone())
        })
        .collect();
    let used_sites: BTreeSet<String> = schema
        .site_entries()
        .filter_map(|e| e.header().map(|h| h.site_id.as_str().to_string()))
        .collect();
    for doc in state.store.list_docs(DocKind::Site).await? {
        if used_sites.contains(&doc.id) {
            ctx = ctx.with_site(site_facts(&doc, &used_tenants).await);
        } else if let Ok(site) = Site::from_client(&doc.id, doc.body.clone()) {
            // Sites outside the schema still matter for TEP pool overlaps.
            ctx = ctx.with_site(SiteFacts::from_site(&site));
        }
    }
    let doc = schema.to_json();
    let mut foreign = BTreeSet::new();
    collect_schema_ids(&doc, schema.id(), &mut foreign);
    for sid in foreign {
        if let Ok(guard) = state.schemas.lock(&state.store, &sid).await {
            ctx = ctx.with_schema(guard.schema());
        }
    }
    Ok(ctx)
}

fn collect_schema_ids(v: &Value, own: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::String(s) => {
            if let Some(rest) = s.strip_prefix("/schemas/") {
                if let Some(id) = rest.split('/').next() {
                    if id != own {
                        out.insert(id.to_string());
                    }
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_schema_ids(x, own, out)),
        Value::Object(m) => m.values().for_each(|x| collect_schema_ids(x, own, out)),
        _ => {}
    }
}

/// Validate `schema`; the report with every finding.
pub async fn report(state: &Shared, schema: &Schema) -> ApiResult<Report> {
    let ctx = context_for(state, schema).await?;
    Ok(multisite_validate::validate(schema, &ctx))
}

/// The refusal for a report with errors: every finding in the message, one per line.
pub fn refusal(schema: &Schema, report: &Report) -> ApiError {
    let lines: Vec<String> = report
        .errors()
        .map(|f| format!("[{}] {}: {}", f.code, f.path, f.message))
        .collect();
    ApiError::bad_request(format!(
        "Schema '{}' failed validation with {} error(s):\n{}",
        schema.display_name(),
        lines.len(),
        lines.join("\n")
    ))
}

/// Refuse a schema that breaks a rule, with every finding in the message.
pub async fn check(state: &Shared, schema: &Schema) -> ApiResult<()> {
    let report = report(state, schema).await?;
    if report.is_ok() {
        Ok(())
    } else {
        Err(refusal(schema, &report))
    }
}
