//! One pass over the validated schema and the other schemas of the context that indexes
//! every template object by its key, every site-local object by (site, key), the sites of
//! each template and the consumers and providers of each contract, so that every check
//! afterwards is a lookup, never a nested scan.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::refs::{Key, Kind};

/// The array under `key`, or an empty slice.
pub(crate) fn arr<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// The string under `key`, or "".
pub(crate) fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or_default()
}

/// A template: its tenant, its document and the sites it is associated with.
pub(crate) struct Template<'a> {
    pub tenant: &'a str,
    pub sites: Vec<&'a str>,
}

/// A site-local object and the template of the site entry that holds it.
#[derive(Clone, Copy)]
pub(crate) struct SiteObj<'a> {
    pub value: &'a Value,
    pub entry_template: &'a str,
}

/// One consumer or provider of a contract.
#[derive(Clone, Copy)]
pub(crate) struct Party<'a> {
    /// The EPG or external EPG.
    pub key: Key<'a>,
    pub provider: bool,
    /// Index in the party's `contractRelationships`.
    pub rel: usize,
}

impl Party<'_> {
    pub fn external(&self) -> bool {
        self.key.kind == Kind::ExternalEpg
    }

    pub fn rel_path(&self, main: &str) -> String {
        format!("{}/contractRelationships/{}", self.key.path(main), self.rel)
    }
}

/// A site entry (`sites[]` element) of one schema.
pub(crate) struct SiteEntry<'a> {
    pub schema: &'a str,
    pub site: &'a str,
    pub template: &'a str,
    pub value: &'a Value,
}

pub(crate) struct Index<'a> {
    pub main: &'a str,
    /// Every template object of every indexed schema.
    pub objects: HashMap<Key<'a>, &'a Value>,
    /// Template objects in document order (validated schema first).
    pub order: Vec<Key<'a>>,
    /// Objects whose key was already taken, in document order.
    pub duplicates: Vec<Key<'a>>,
    pub templates: HashMap<(&'a str, &'a str), Template<'a>>,
    pub site_entries: Vec<SiteEntry<'a>>,
    pub site_objects: HashMap<(&'a str, Key<'a>), SiteObj<'a>>,
    pub parties: HashMap<Key<'a>, Vec<Party<'a>>>,
    /// Ids of every indexed schema.
    pub schemas: HashSet<&'a str>,
}

const PLAIN: [Kind; 6] = [
    Kind::Vrf,
    Kind::Bd,
    Kind::Contract,
    Kind::Filter,
    Kind::ExternalEpg,
    Kind::L3out,
];

impl<'a> Index<'a> {
    /// Indexes `main` and every other document (an entry with the main id is skipped).
    pub fn build(main: &'a Value, others: impl Iterator<Item = &'a Value>) -> Index<'a> {
        let main_id = text(main, "id");
        let mut index = Index {
            main: main_id,
            objects: HashMap::new(),
            order: Vec::new(),
            duplicates: Vec::new(),
            templates: HashMap::new(),
            site_entries: Vec::new(),
            site_objects: HashMap::new(),
            parties: HashMap::new(),
            schemas: HashSet::new(),
        };
        index.add_document(main);
        for doc in others {
            if text(doc, "id") != main_id {
                index.add_document(doc);
            }
        }
        index
    }

    fn insert(&mut self, key: Key<'a>, value: &'a Value) {
        match self.objects.entry(key) {
            Entry::Occupied(_) => self.duplicates.push(key),
            Entry::Vacant(slot) => {
                slot.insert(value);
                self.order.push(key);
            }
        }
    }

    fn add_document(&mut self, doc: &'a Value) {
        let sid = text(doc, "id");
        self.schemas.insert(sid);
        for tpl in arr(doc, "templates") {
            let tname = text(tpl, "name");
            let tenant = text(tpl, "tenantId");
            self.templates.entry((sid, tname)).or_insert(Template {
                tenant,
                sites: Vec::new(),
            });
            for kind in PLAIN {
                for obj in arr(tpl, kind.doc_collection()) {
                    let key = Key::new(sid, tname, kind, text(obj, "name"));
                    self.insert(key, obj);
                    if matches!(kind, Kind::ExternalEpg) {
                        self.add_parties(key, obj);
                    }
                }
            }
            for anp in arr(tpl, "anps") {
                let akey = Key::new(sid, tname, Kind::Anp, text(anp, "name"));
                self.insert(akey, anp);
                for epg in arr(anp, "epgs") {
                    let ekey = akey.child(Kind::Epg, text(epg, "name"));
                    self.insert(ekey, epg);
                    self.add_parties(ekey, epg);
                }
            }
            for graph in arr(tpl, "serviceGraphs") {
                let gkey = Key::new(sid, tname, Kind::ServiceGraph, text(graph, "name"));
                self.insert(gkey, graph);
                for node in arr(graph, "serviceNodes") {
                    self.insert(gkey.child(Kind::ServiceNode, text(node, "name")), node);
                }
            }
        }
        for entry in arr(doc, "sites") {
            let site = text(entry, "siteId");
            let template = text(entry, "templateName");
            if let Some(t) = self.templates.get_mut(&(sid, template)) {
                if !t.sites.contains(&site) {
                    t.sites.push(site);
                }
            }
            self.site_entries.push(SiteEntry {
                schema: sid,
                site,
                template,
                value: entry,
            });
            let twins = [
                ("vrfs", "vrfRef"),
                ("bds", "bdRef"),
                ("contracts", "contractRef"),
                ("externalEpgs", "externalEpgRef"),
                ("intersiteL3outs", "l3outRef"),
                ("serviceGraphs", "serviceGraphRef"),
                ("anps", "anpRef"),
            ];
            for (collection, ref_key) in twins {
                for obj in arr(entry, collection) {
                    if let Some(key) = Key::parse(text(obj, ref_key)) {
                        self.site_objects.insert(
                            (site, key),
                            SiteObj {
                                value: obj,
                                entry_template: template,
                            },
                        );
                    }
                    for epg in arr(obj, "epgs") {
                        if let Some(key) = Key::parse(text(epg, "epgRef")) {
                            self.site_objects.insert(
                                (site, key),
                                SiteObj {
                                    value: epg,
                                    entry_template: template,
                                },
                            );
                        }
                    }
                }
            }
        }
    }

    fn add_parties(&mut self, key: Key<'a>, obj: &'a Value) {
        for (rel, relation) in arr(obj, "contractRelationships").iter().enumerate() {
            let Some(contract) = Key::parse(text(relation, "contractRef")) else {
                continue;
            };
            let provider = text(relation, "relationshipType") == "provider";
            self.parties
                .entry(contract)
                .or_default()
                .push(Party { key, provider, rel });
        }
    }

    pub fn get(&self, key: &Key<'a>) -> Option<&'a Value> {
        self.objects.get(key).copied()
    }

    /// The object a ref string points to, with its key.
    pub fn resolve(&self, r: &'a str) -> Option<(Key<'a>, &'a Value)> {
        let key = Key::parse(r)?;
        self.get(&key).map(|v| (key, v))
    }

    pub fn sites_of(&self, schema: &'a str, template: &'a str) -> &[&'a str] {
        self.templates
            .get(&(schema, template))
            .map_or(&[], |t| t.sites.as_slice())
    }

    pub fn tenant_of(&self, key: &Key<'a>) -> Option<&'a str> {
        self.templates
            .get(&(key.schema, key.template))
            .map(|t| t.tenant)
    }

    pub fn site_object(&self, site: &'a str, key: Key<'a>) -> Option<SiteObj<'a>> {
        self.site_objects.get(&(site, key)).copied()
    }

    /// The VRF of an EPG (its own `vrfRef`, else its BD's) or of an external EPG (its own,
    /// else its L3Out's).
    pub fn vrf_of(&self, key: &Key<'a>) -> Option<Key<'a>> {
        let obj = self.get(key)?;
        let own = text(obj, "vrfRef");
        if !own.is_empty() {
            return Key::parse(own);
        }
        let via = match key.kind {
            Kind::Epg => text(obj, "bdRef"),
            Kind::ExternalEpg => text(obj, "l3outRef"),
            _ => "",
        };
        let (_, target) = self.resolve(via)?;
        Key::parse(text(target, "vrfRef"))
    }

    /// Template objects of one kind in the validated schema, in document order.
    pub fn main_objects(&self, kind: Kind) -> impl Iterator<Item = (Key<'a>, &'a Value)> + '_ {
        self.order
            .iter()
            .filter(move |k| k.kind == kind && k.schema == self.main)
            .filter_map(|k| self.get(k).map(|v| (*k, v)))
    }
}
