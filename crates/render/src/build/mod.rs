//! Building one site's desired objects from the placement: real objects first, then
//! shadows (which never replace a real object), then the tenants and the remote ids.

mod external;
mod graph;
mod network;
mod policy;
mod remote;

use crate::mo::{Mo, MoSet, OWNER_ANNOTATION, SHADOW_ANNOTATION};
use crate::ndo::Schema;
use crate::place::{self, Index, Key, Kind, Place, Placement};
use crate::{RenderContext, RenderError, SiteId, SiteInfo};

/// What every builder function reads and writes.
pub(crate) struct Cx<'a> {
    pub ix: &'a Index<'a>,
    pub pl: &'a Placement,
    pub site: &'a SiteId,
    pub info: &'a SiteInfo,
    pub out: MoSet,
}

impl Cx<'_> {
    /// Add an object; a shadow never replaces what is there.
    pub fn put(&mut self, mo: Mo, shadow: bool) {
        if shadow {
            self.out.insert_if_absent(mo);
        } else {
            self.out.insert(mo);
        }
    }

    /// `uni/tn-{tenant of template}`.
    pub fn tenant_dn(&self, template: &str) -> Result<String, RenderError> {
        Ok(format!("uni/tn-{}", self.ix.tenant(template, template)?))
    }
}

/// The annotation for a real or shadow object.
pub(crate) fn annotation(shadow: bool) -> &'static str {
    if shadow {
        SHADOW_ANNOTATION
    } else {
        OWNER_ANNOTATION
    }
}

/// A new object with its annotation.
pub(crate) fn mo(class: &str, dn: impl Into<String>, shadow: bool) -> Mo {
    Mo::new(class, dn).with("annotation", annotation(shadow))
}

/// `yes`/`no`.
pub(crate) fn yn(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// A comma list as APIC stores it: sorted, deduplicated, no spaces.
pub(crate) fn bits<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let set: std::collections::BTreeSet<&str> = items
        .into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    set.into_iter().collect::<Vec<_>>().join(",")
}

/// The DN an object has in a site, given where it is placed there.
pub(crate) fn dn_of(ix: &Index, key: &Key, place: &Place) -> Result<String, RenderError> {
    let tn = format!("uni/tn-{}", ix.tenant(&key.template, &key.template)?);
    Ok(match key.kind {
        Kind::Vrf => format!("{tn}/ctx-{}", key.name),
        Kind::Bd => format!("{tn}/BD-{}", key.name),
        Kind::Anp => format!("{tn}/ap-{}", key.name),
        Kind::Epg => format!("{tn}/ap-{}/epg-{}", key.name, key.sub),
        Kind::Filter => format!("{tn}/flt-{}", key.name),
        Kind::Contract => format!("{tn}/brc-{}", key.name),
        Kind::Graph => format!("{tn}/AbsGraph-{}", key.name),
        Kind::L3Out => format!("{tn}/out-{}", key.name),
        Kind::ExtEpg => format!(
            "{tn}/out-{}/instP-{}",
            place.l3out.as_deref().unwrap_or(&key.name),
            key.name
        ),
    })
}

/// Render one site.
pub(crate) fn render(
    schema: &Schema,
    ctx: &RenderContext,
    site: &SiteId,
) -> Result<MoSet, RenderError> {
    let info = ctx
        .site(site)
        .ok_or_else(|| RenderError::UnknownSite(site.clone()))?;
    let ix = Index::new(schema, ctx);
    let pl = place::compute(&ix);
    let mut cx = Cx {
        ix: &ix,
        pl: &pl,
        site,
        info,
        out: MoSet::new(),
    };
    let mut tenants = std::collections::BTreeSet::new();
    for shadow_pass in [false, true] {
        for (key, sites) in &pl.map {
            let Some(place) = sites.get(site) else {
                continue;
            };
            if place.shadow != shadow_pass {
                continue;
            }
            tenants.insert(cx.tenant_dn(&key.template)?);
            emit(&mut cx, key, place)?;
        }
    }
    for tn in tenants {
        let name = tn.trim_start_matches("uni/tn-").to_string();
        cx.out
            .insert_if_absent(mo("fvTenant", tn, false).with("name", name));
    }
    remote::add(&mut cx)?;
    Ok(cx.out)
}

fn emit(cx: &mut Cx, key: &Key, place: &Place) -> Result<(), RenderError> {
    let Some(t) = cx.ix.template(&key.template) else {
        return Ok(());
    };
    let dn = dn_of(cx.ix, key, place)?;
    let shadow = place.shadow;
    match key.kind {
        Kind::Vrf => {
            if let Some(v) = t.vrfs.iter().find(|v| v.name == key.name) {
                network::vrf(cx, t, v, &dn, shadow)?;
            }
        }
        Kind::Bd => {
            if let Some(b) = t.bds.iter().find(|b| b.name == key.name) {
                network::bd(cx, t, b, &dn, shadow)?;
            }
        }
        Kind::Anp => {
            if let Some(a) = t.anps.iter().find(|a| a.name == key.name) {
                cx.put(
                    mo("fvAp", dn, shadow)
                        .with("name", &a.name)
                        .with("descr", &a.description),
                    shadow,
                );
            }
        }
        Kind::Epg => {
            let epg = t
                .anps
                .iter()
                .find(|a| a.name == key.name)
                .and_then(|a| a.epgs.iter().find(|e| e.name == key.sub));
            if let Some(e) = epg {
                network::epg(cx, t, &key.name, e, &dn, shadow)?;
            }
        }
        Kind::Filter => {
            if let Some(f) = t.filters.iter().find(|f| f.name == key.name) {
                policy::filter(cx, f, &dn, shadow);
            }
        }
        Kind::Contract => {
            if let Some(c) = t.contracts.iter().find(|c| c.name == key.name) {
                policy::contract(cx, c, &dn, shadow);
                graph::device_selection(cx, t, c)?;
            }
        }
        Kind::Graph => {
            if let Some(g) = t.service_graphs.iter().find(|g| g.name == key.name) {
                graph::graph(cx, t, g, &dn, shadow);
            }
        }
        Kind::L3Out => {
            if let Some(l) = t.intersite_l3outs.iter().find(|l| l.name == key.name) {
                external::l3out(cx, l, &dn, shadow);
            }
        }
        Kind::ExtEpg => {
            if let Some(e) = t.external_epgs.iter().find(|e| e.name == key.name) {
                external::ext_epg(cx, t, e, &dn, shadow)?;
            }
        }
    }
    Ok(())
}
