//! Which object goes to which site, real or shadow, and under which name (an external
//! EPG lives under the L3Out it has in that site). This is the one place that applies the
//! placement rules:
//! 1. a template's objects are real in every site the template is deployed on; an external
//!    EPG is real where it has an L3Out (site-local, or the template's L3Out deployed there);
//! 2. an external EPG of a template deployed on a site where it has no L3Out is a shadow
//!    there, under the L3Out of the first site where it is real;
//! 3. for every contract, a consumer is mirrored (shadow) into the sites where a provider is
//!    and it is not, and the other way round;
//! 4. a shadow EPG brings its application profile, BD and VRF (as shadows where they are
//!    not real); a shadow external EPG brings its VRF.

use std::collections::{BTreeMap, BTreeSet};

use crate::ndo::{ExtEpg, Ref, RefValue, Schema, SiteEntry, Template};
use crate::{RenderContext, RenderError, SiteId};

/// The kind of a placed object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    Vrf,
    Bd,
    Anp,
    Epg,
    Filter,
    Contract,
    Graph,
    L3Out,
    ExtEpg,
}

/// An object of the schema: its kind, template and name (`sub` is the EPG of an ANP).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Key {
    pub kind: Kind,
    pub template: String,
    pub name: String,
    pub sub: String,
}

impl Key {
    pub fn new(kind: Kind, template: &str, name: &str) -> Key {
        Key {
            kind,
            template: template.to_string(),
            name: name.to_string(),
            sub: String::new(),
        }
    }

    pub fn epg(template: &str, anp: &str, epg: &str) -> Key {
        Key {
            kind: Kind::Epg,
            template: template.to_string(),
            name: anp.to_string(),
            sub: epg.to_string(),
        }
    }

    /// The key a reference points at, for the kinds that are placed.
    pub fn from_ref(r: &Ref) -> Option<Key> {
        let kind = match r.kind.as_str() {
            "vrfs" => Kind::Vrf,
            "bds" => Kind::Bd,
            "anps" if r.sub.is_some() => {
                return Some(Key::epg(
                    &r.template,
                    &r.name,
                    r.sub.as_deref().unwrap_or(""),
                ))
            }
            "anps" => Kind::Anp,
            "filters" => Kind::Filter,
            "contracts" => Kind::Contract,
            "serviceGraphs" => Kind::Graph,
            "l3outs" | "intersiteL3outs" => Kind::L3Out,
            "externalEpgs" => Kind::ExtEpg,
            _ => return None,
        };
        Some(Key::new(kind, &r.template, &r.name))
    }
}

/// How an object is present in one site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Place {
    pub shadow: bool,
    /// External EPGs: the L3Out it sits under in this site.
    pub l3out: Option<String>,
}

/// Lookups over the parsed schema and the context.
pub(crate) struct Index<'a> {
    pub schema: &'a Schema,
    pub ctx: &'a RenderContext,
    pub bound: BTreeMap<String, BTreeSet<SiteId>>,
}

impl<'a> Index<'a> {
    pub fn new(schema: &'a Schema, ctx: &'a RenderContext) -> Index<'a> {
        let mut bound: BTreeMap<String, BTreeSet<SiteId>> = BTreeMap::new();
        for entry in &schema.sites {
            let site = SiteId(entry.site_id.clone());
            let deployed = match &ctx.deployed {
                Some(d) => d.contains(&(
                    site.clone(),
                    crate::TemplateName(entry.template_name.clone()),
                )),
                None => true,
            };
            if ctx.site(&site).is_some()
                && deployed
                && schema
                    .templates
                    .iter()
                    .any(|t| t.name == entry.template_name)
            {
                bound
                    .entry(entry.template_name.clone())
                    .or_default()
                    .insert(site);
            }
        }
        Index { schema, ctx, bound }
    }

    pub fn template(&self, name: &str) -> Option<&'a Template> {
        self.schema.templates.iter().find(|t| t.name == name)
    }

    pub fn bound(&self, template: &str) -> BTreeSet<SiteId> {
        self.bound.get(template).cloned().unwrap_or_default()
    }

    /// The tenant name of a template (of `fallback` when the template is not in this schema).
    pub fn tenant(&self, template: &str, fallback: &str) -> Result<String, RenderError> {
        let t = match self.template(template).or_else(|| self.template(fallback)) {
            Some(t) => t,
            None => {
                return Err(RenderError::Schema(format!(
                    "template '{template}' not found"
                )))
            }
        };
        self.ctx
            .tenants
            .get(&t.tenant_id)
            .cloned()
            .ok_or_else(|| RenderError::UnknownTenant {
                template: t.name.clone(),
                tenant_id: t.tenant_id.clone(),
            })
    }

    /// Every site-local entry of a site.
    pub fn site_entries(&self, site: &'a SiteId) -> impl Iterator<Item = &'a SiteEntry> + 'a {
        self.schema
            .sites
            .iter()
            .filter(move |e| e.site_id == site.0)
    }

    pub fn site_entry(&self, site: &SiteId, template: &str) -> Option<&'a SiteEntry> {
        self.schema
            .sites
            .iter()
            .find(|e| e.site_id == site.0 && e.template_name == template)
    }

    /// The L3Out an external EPG has in a site: site-local first (a template L3Out counts
    /// once its template is deployed there, an L3Out DN made on the site counts at once),
    /// then the template's own L3Out reference under the same rule.
    pub fn l3out_at(&self, template: &str, ext: &ExtEpg, site: &SiteId) -> Option<String> {
        if let Some(entry) = self.site_entry(site, template) {
            let local = entry
                .external_epgs
                .iter()
                .find(|e| e.external_epg_ref.name().as_deref() == Some(ext.name.as_str()));
            if let Some(local) = local {
                if let Some(r) = local.l3out_ref.resolve() {
                    return self.l3out_deployed(&r, site);
                }
                if let Some(name) = l3out_name_from_dn(&local.l3out_dn) {
                    return Some(name);
                }
            }
        }
        self.l3out_deployed(&ext.l3out_ref.resolve()?, site)
    }

    /// The name of a template L3Out when its template is deployed on the site (an L3Out of
    /// another schema is taken as present).
    fn l3out_deployed(&self, r: &Ref, site: &SiteId) -> Option<String> {
        match self.template(&r.template) {
            Some(_) => self
                .bound(&r.template)
                .contains(site)
                .then(|| r.name.clone()),
            None => Some(r.name.clone()),
        }
    }
}

/// `uni/tn-t/out-NAME` -> `NAME`.
pub(crate) fn l3out_name_from_dn(dn: &str) -> Option<String> {
    let last = dn.rsplit('/').next()?;
    last.strip_prefix("out-")
        .filter(|n| !n.is_empty())
        .map(str::to_string)
}

/// Where every object goes.
#[derive(Debug, Default)]
pub(crate) struct Placement {
    pub map: BTreeMap<Key, BTreeMap<SiteId, Place>>,
}

impl Placement {
    pub fn at(&self, key: &Key, site: &SiteId) -> Option<&Place> {
        self.map.get(key).and_then(|m| m.get(site))
    }

    pub fn sites(&self, key: &Key) -> BTreeSet<SiteId> {
        self.map
            .get(key)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    }

    fn put(&mut self, key: Key, site: &SiteId, place: Place) {
        let entry = self.map.entry(key).or_default();
        match entry.get(site) {
            Some(p) if !p.shadow => {}
            Some(_) if place.shadow => {}
            _ => {
                entry.insert(site.clone(), place);
            }
        }
    }

    fn real(&mut self, key: Key, site: &SiteId) {
        self.put(
            key,
            site,
            Place {
                shadow: false,
                l3out: None,
            },
        );
    }

    /// Add a shadow unless the object is already there.
    fn shadow(&mut self, key: Key, site: &SiteId, l3out: Option<String>) -> bool {
        if self.at(&key, site).is_some() {
            return false;
        }
        self.put(
            key,
            site,
            Place {
                shadow: true,
                l3out,
            },
        );
        true
    }
}

/// Compute the placement of every object of the schema.
pub(crate) fn compute(ix: &Index) -> Placement {
    let mut pl = Placement::default();
    let mut homeless = Vec::new();
    for t in &ix.schema.templates {
        for site in ix.bound(&t.name) {
            t.vrfs
                .iter()
                .for_each(|o| pl.real(Key::new(Kind::Vrf, &t.name, &o.name), &site));
            t.bds
                .iter()
                .for_each(|o| pl.real(Key::new(Kind::Bd, &t.name, &o.name), &site));
            t.filters
                .iter()
                .for_each(|o| pl.real(Key::new(Kind::Filter, &t.name, &o.name), &site));
            t.contracts
                .iter()
                .for_each(|o| pl.real(Key::new(Kind::Contract, &t.name, &o.name), &site));
            t.service_graphs
                .iter()
                .for_each(|o| pl.real(Key::new(Kind::Graph, &t.name, &o.name), &site));
            t.intersite_l3outs
                .iter()
                .for_each(|o| pl.real(Key::new(Kind::L3Out, &t.name, &o.name), &site));
            for anp in &t.anps {
                pl.real(Key::new(Kind::Anp, &t.name, &anp.name), &site);
                anp.epgs
                    .iter()
                    .for_each(|e| pl.real(Key::epg(&t.name, &anp.name, &e.name), &site));
            }
            for ext in &t.external_epgs {
                let key = Key::new(Kind::ExtEpg, &t.name, &ext.name);
                match ix.l3out_at(&t.name, ext, &site) {
                    Some(l3out) => pl.put(
                        key,
                        &site,
                        Place {
                            shadow: false,
                            l3out: Some(l3out),
                        },
                    ),
                    None => homeless.push((key, site.clone())),
                }
            }
        }
    }
    for (key, site) in homeless {
        add_shadow(ix, &mut pl, &key, &site);
    }

    // Contract pairs, judged on the placement before this step.
    let mut sides: BTreeMap<Key, (Vec<Key>, Vec<Key>)> = BTreeMap::new();
    for t in &ix.schema.templates {
        let mut note = |key: Key, rels: &[crate::ndo::ContractRel]| {
            for rel in rels {
                let Some(contract) = rel.contract_ref.resolve().and_then(|r| Key::from_ref(&r))
                else {
                    continue;
                };
                let side = sides.entry(contract).or_default();
                match rel.relationship_type.as_str() {
                    "consumer" => side.0.push(key.clone()),
                    "provider" => side.1.push(key.clone()),
                    _ => {}
                }
            }
        };
        for anp in &t.anps {
            for e in &anp.epgs {
                note(
                    Key::epg(&t.name, &anp.name, &e.name),
                    &e.contract_relationships,
                );
            }
        }
        for ext in &t.external_epgs {
            note(
                Key::new(Kind::ExtEpg, &t.name, &ext.name),
                &ext.contract_relationships,
            );
        }
    }
    let mut wanted = Vec::new();
    for (consumers, providers) in sides.values() {
        for c in consumers {
            for p in providers {
                let (sc, sp) = (pl.sites(c), pl.sites(p));
                sp.difference(&sc)
                    .for_each(|s| wanted.push((c.clone(), s.clone())));
                sc.difference(&sp)
                    .for_each(|s| wanted.push((p.clone(), s.clone())));
            }
        }
    }
    for (key, site) in wanted {
        add_shadow(ix, &mut pl, &key, &site);
    }
    pl
}

/// Mirror one object into a site, with what it needs there.
fn add_shadow(ix: &Index, pl: &mut Placement, key: &Key, site: &SiteId) {
    let Some(t) = ix.template(&key.template) else {
        return;
    };
    match key.kind {
        Kind::Epg => {
            let Some(anp) = t.anps.iter().find(|a| a.name == key.name) else {
                return;
            };
            let Some(epg) = anp.epgs.iter().find(|e| e.name == key.sub) else {
                return;
            };
            if !pl.shadow(key.clone(), site, None) {
                return;
            }
            pl.shadow(Key::new(Kind::Anp, &t.name, &anp.name), site, None);
            if let Some(bd_ref) = epg.bd_ref.resolve() {
                let bd_key = Key::new(Kind::Bd, &bd_ref.template, &bd_ref.name);
                pl.shadow(bd_key, site, None);
                let vrf = ix
                    .template(&bd_ref.template)
                    .and_then(|bt| bt.bds.iter().find(|b| b.name == bd_ref.name))
                    .map(|b| &b.vrf_ref);
                shadow_vrf(pl, vrf, site);
            }
        }
        Kind::ExtEpg => {
            let Some(ext) = t.external_epgs.iter().find(|e| e.name == key.name) else {
                return;
            };
            let home = pl
                .map
                .get(key)
                .and_then(|m| m.values().find(|p| !p.shadow).and_then(|p| p.l3out.clone()));
            let Some(l3out) = home else { return };
            if pl.shadow(key.clone(), site, Some(l3out)) {
                shadow_vrf(pl, Some(&ext.vrf_ref), site);
            }
        }
        _ => {}
    }
}

fn shadow_vrf(pl: &mut Placement, vrf: Option<&RefValue>, site: &SiteId) {
    if let Some(r) = vrf.and_then(RefValue::resolve) {
        pl.shadow(Key::new(Kind::Vrf, &r.template, &r.name), site, None);
    }
}
