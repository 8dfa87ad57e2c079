//! Rendering: from the orchestrator's schema (NDO's JSON document) and the site-local
//! overlay, the desired APIC objects of each site, with shadow objects for relations that
//! cross sites and the remote-id entries read from the other sites; then the diff of
//! desired against observed as ordered changes with a stable text form; and import, the
//! reverse direction (site objects into template objects).
//!
//! Everything here is pure and deterministic: values in, values out, ordered maps.

mod build;
pub mod diff;
pub mod import;
mod listing;
pub mod mo;
pub mod ndo;
mod place;
mod wire;

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

pub use diff::{apply, changes_text, diff, Change};
pub use import::{import, ImportKind, ImportRequest, Imported};
pub use mo::{Mo, MoSet, OWNER_ANNOTATION, SHADOW_ANNOTATION};
pub use multisite_model::{SiteId, TemplateName};

/// Errors of rendering, listing parsing and wire decoding.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    #[error("schema document: {0}")]
    Schema(String),
    #[error("template '{template}' uses tenant id '{tenant_id}', which is not known")]
    UnknownTenant { template: String, tenant_id: String },
    #[error("site '{0}' is not known")]
    UnknownSite(SiteId),
    #[error("listing line {line}: {message}")]
    Listing { line: usize, message: String },
    #[error("site objects: {0}")]
    Wire(String),
    #[error("import: {0}")]
    Import(String),
}

/// What rendering needs to know of a site.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SiteInfo {
    pub id: SiteId,
    pub name: String,
    /// The site id the APIC itself uses (fvSiteAssociated/fvRemoteId), for example 1.
    pub apic_site_id: u32,
}

/// Everything besides the schema that rendering reads.
#[derive(Debug, Clone, Default)]
pub struct RenderContext {
    /// Tenant id -> tenant name.
    pub tenants: BTreeMap<String, String>,
    /// The known sites; schema bindings to other sites are ignored.
    pub sites: Vec<SiteInfo>,
    /// Which (site, template) pairs are deployed; `None` means every binding of the schema.
    pub deployed: Option<BTreeSet<(SiteId, TemplateName)>>,
    /// What each site holds (at least its owned objects); used for the remote ids
    /// (pcTag, seg, scope) that an object's entries in the other sites carry.
    pub observed: BTreeMap<SiteId, MoSet>,
}

impl RenderContext {
    pub fn site(&self, id: &SiteId) -> Option<&SiteInfo> {
        self.sites.iter().find(|s| &s.id == id)
    }
}

/// Parse a schema document.
pub fn parse_schema(schema: &Value) -> Result<ndo::Schema, RenderError> {
    ndo::Schema::deserialize_from(schema)
}

impl ndo::Schema {
    fn deserialize_from(schema: &Value) -> Result<ndo::Schema, RenderError> {
        serde::Deserialize::deserialize(schema)
            .map_err(|e: serde_json::Error| RenderError::Schema(e.to_string()))
    }
}

/// The desired objects of one site: every template of the schema bound to (and deployed
/// on) it, with shadows and remote ids.
pub fn render_site(
    schema: &Value,
    ctx: &RenderContext,
    site: &SiteId,
) -> Result<MoSet, RenderError> {
    let parsed = parse_schema(schema)?;
    build::render(&parsed, ctx, site)
}

/// The desired objects of every known site.
pub fn render_all(
    schema: &Value,
    ctx: &RenderContext,
) -> Result<BTreeMap<SiteId, MoSet>, RenderError> {
    let parsed = parse_schema(schema)?;
    ctx.sites
        .iter()
        .map(|s| Ok((s.id.clone(), build::render(&parsed, ctx, &s.id)?)))
        .collect()
}

/// The DNs of the tenants a schema's templates use: the roots a site is read under.
pub fn tenant_roots(schema: &Value, ctx: &RenderContext) -> Result<Vec<String>, RenderError> {
    let parsed = parse_schema(schema)?;
    let mut out = BTreeSet::new();
    for t in &parsed.templates {
        let name = ctx
            .tenants
            .get(&t.tenant_id)
            .ok_or_else(|| RenderError::UnknownTenant {
                template: t.name.clone(),
                tenant_id: t.tenant_id.clone(),
            })?;
        out.insert(format!("uni/tn-{name}"));
    }
    Ok(out.into_iter().collect())
}

/// The (site, template) bindings of a schema, restricted to known sites.
pub fn bindings(
    schema: &Value,
    ctx: &RenderContext,
) -> Result<BTreeSet<(SiteId, TemplateName)>, RenderError> {
    let parsed = parse_schema(schema)?;
    Ok(parsed
        .sites
        .iter()
        .filter(|s| ctx.site(&SiteId(s.site_id.clone())).is_some())
        .map(|s| {
            (
                SiteId(s.site_id.clone()),
                TemplateName(s.template_name.clone()),
            )
        })
        .collect())
}
