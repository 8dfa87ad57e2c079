//! Sites as a whole: facts known for every site of the schema, and for the sites where an
//! external EPG's traffic may use an L3Out of another site (intersite L3Out): a supported
//! APIC release when PBR is involved, an external TEP pool in every pod, and TEP pools
//! that overlap nothing.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, BTreeSet};

use super::{tep, Checker};
use crate::fasthash::FastMap;
use crate::index::Obj;
use crate::json::{arr, text};
use crate::refs::{Key, Kind};
use crate::release::Release;
use crate::rules::{SITE_RELEASE, SITE_RELEASE_UNREAD, SITE_UNKNOWN, TEP_MISSING};

fn entry_path(main: &str, schema: &str, site: &str, template: &str) -> String {
    if schema == main {
        format!("/sites/{site}-{template}")
    } else {
        format!("/schemas/{schema}/sites/{site}-{template}")
    }
}

/// Where a site takes part: the (schema, template) of its site entry, made into a path
/// only for a finding.
type EntryOf<'a> = (&'a str, &'a str);

/// What the intersite checks carry from one part to the next: the partner sites found
/// per contract, and what was already reported.
#[derive(Default)]
pub(super) struct Usage<'a> {
    partners: FastMap<u32, Vec<(&'a str, EntryOf<'a>)>>,
    reported: Reported<'a>,
}

#[derive(Default)]
struct Reported<'a> {
    release: BTreeSet<&'a str>,
    pods: BTreeSet<(&'a str, i64)>,
    involved: BTreeSet<&'a str>,
}

impl<'a> Checker<'a> {
    /// Sites of the schema for which no facts are known.
    pub(super) fn unknown_sites(&mut self) {
        let main = self.main();
        let mut unknown = BTreeSet::new();
        let entries: Vec<(&'a str, &'a str)> = self
            .ix
            .site_entries
            .iter()
            .filter(|e| e.schema == main)
            .map(|e| (e.site, e.template))
            .collect();
        for (site, template) in entries {
            if !self.sites.contains_key(site) && unknown.insert(site) {
                let message = format!("no facts are known for site '{site}': its devices, cluster interfaces, redirect policies, L3Outs and release were not checked");
                self.out.push(
                    SITE_UNKNOWN,
                    entry_path(main, main, site, template),
                    message,
                );
            }
        }
    }

    /// The intersite checks of the current part's external EPGs.
    pub(super) fn site_usage(&mut self, usage: &mut Usage<'a>) {
        for obj in self.ix.part_objects(self.part, Kind::ExternalEpg) {
            self.intersite(obj, &mut usage.partners, &mut usage.reported);
        }
    }

    /// Once every part is checked: TEP pools of the sites an intersite L3Out involves.
    pub(super) fn tep_overlaps(&mut self, usage: &Usage<'a>) {
        let reported = &usage.reported;
        if !reported.involved.is_empty() {
            let mut all: Vec<&'a crate::facts::SiteFacts> = self.ctx.sites.values().collect();
            all.sort_by(|a, b| a.site_id.cmp(&b.site_id));
            tep::overlaps(all.into_iter(), Some(&reported.involved), &mut self.out);
        }
    }

    /// The sites (with a site entry path) of the application EPGs that consume or provide
    /// a contract.
    fn partner_sites(&self, contract: u32) -> Vec<(&'a str, EntryOf<'a>)> {
        let mut out = Vec::new();
        let mut seen = BTreeSet::new();
        for party in self.ix.parties_at(contract) {
            if party.external() {
                continue;
            }
            for site in self.ix.sites_of(party.key.schema, party.key.template) {
                if seen.insert((*site, party.key.schema, party.key.template)) {
                    out.push((*site, (party.key.schema, party.key.template)));
                }
            }
        }
        out
    }

    fn intersite(
        &mut self,
        obj: Obj<'a>,
        partners: &mut FastMap<u32, Vec<(&'a str, EntryOf<'a>)>>,
        reported: &mut Reported<'a>,
    ) {
        let (key, ext) = (obj.key, obj.value);
        let main = self.main();
        let mut l3out_sites: BTreeMap<&'a str, EntryOf<'a>> = BTreeMap::new();
        if let Some((l3out, _)) = self.ix.resolve(text(ext, "l3outRef")) {
            for site in self.ix.sites_of(l3out.schema, l3out.template) {
                l3out_sites.insert(site, (l3out.schema, l3out.template));
            }
        }
        let mut sites: BTreeMap<&'a str, EntryOf<'a>> = BTreeMap::new();
        for &site in self.ix.sites_of(key.schema, key.template) {
            sites.insert(site, (key.schema, key.template));
            let Some(twin) = self.ix.site_object_at(site, obj.id) else {
                continue;
            };
            if !text(twin.value, "l3outRef").is_empty() || !text(twin.value, "l3outDn").is_empty() {
                l3out_sites
                    .entry(site)
                    .or_insert((key.schema, key.template));
            }
        }
        let mut pbr = false;
        for rel in arr(ext, "contractRelationships") {
            let Some(contract) = self.ix.resolve_obj(text(rel, "contractRef")) else {
                continue;
            };
            pbr |= self.ix.has_graph_at(contract.id);
            let found = match partners.entry(contract.id) {
                Entry::Occupied(slot) => slot.into_mut(),
                Entry::Vacant(slot) => slot.insert(self.partner_sites(contract.id)),
            };
            for &(site, entry) in found.iter() {
                sites.entry(site).or_insert(entry);
            }
        }
        if l3out_sites.is_empty() {
            return;
        }
        for (site, path) in l3out_sites {
            sites.entry(site).or_insert(path);
        }
        if sites.len() < 2 {
            return;
        }
        for (site, (schema, template)) in sites {
            reported.involved.insert(site);
            let Some(facts) = self.sites.get(site) else {
                continue;
            };
            let facts = facts.facts;
            let label = self.site_label(site);
            for pod in &facts.pods {
                if pod.external_tep_pools.is_empty() && reported.pods.insert((site, pod.pod_id)) {
                    let message = format!("site '{label}' pod {} has no external TEP pool but takes part in intersite L3Out through {key}: add an external TEP pool in the infra configuration", pod.pod_id);
                    self.out.push(
                        TEP_MISSING,
                        format!("/infra/sites/{site}/pods/{}/externalTepPools", pod.pod_id),
                        message,
                    );
                }
            }
            if pbr && reported.release.insert(site) {
                let path = entry_path(main, schema, site, template);
                self.release(label, &facts.apic_version, key, path);
            }
        }
    }

    fn release(&mut self, label: &str, version: &str, ext: Key<'a>, path: String) {
        match Release::parse(version) {
            None => {
                let message = format!("site '{label}' reports APIC release '{version}', which cannot be read: release support for intersite L3Out with PBR was not checked");
                self.out.push(SITE_RELEASE_UNREAD, path, message);
            }
            Some(release) => {
                if let Some(problem) = release.pbr_support_problem() {
                    let message = format!(
                        "site '{label}' runs APIC {version} and takes part in intersite L3Out with PBR through {ext}; {problem}: upgrade the site to 4.2(5) or later 4.2, or 5.1 and later, or remove it from the template"
                    );
                    self.out.push(SITE_RELEASE, path, message);
                }
            }
        }
    }
}
