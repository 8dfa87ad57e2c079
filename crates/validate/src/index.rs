//! One pass over the validated schema and the other schemas of the context that indexes
//! every template object by its key, every site-local object by (site, object), the
//! sites of each template and the consumers and providers of each contract, so that
//! every check afterwards is a lookup, never a nested scan.
//!
//! Objects live in one vector in document order (the validated schema first) and are
//! known elsewhere by their position; the maps use a cheap hasher.

use serde_json::Value;

use crate::fasthash::{map_with_capacity, FastMap, FastSet};
use crate::json::{arr, text};
use crate::keytable::KeyTable;
use crate::refs::{Key, Kind};

/// A template: its tenant and the sites it is associated with.
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

/// Site-local objects and contract parties wait until every document is indexed, since
/// they may point into a schema indexed later.
#[derive(Default)]
struct Pending<'a> {
    site_objects: Vec<(u32, Key<'a>, SiteObj<'a>)>,
    parties: Vec<(Key<'a>, Party<'a>)>,
}

pub(crate) struct Index<'a> {
    pub main: &'a str,
    /// The first object of each key, in document order (validated schema first); its
    /// position is its id in `ids`.
    objects: Vec<(Key<'a>, &'a Value)>,
    /// The values alone, for lookups by position.
    values: Vec<&'a Value>,
    ids: KeyTable<'a>,
    /// Positions of the validated schema's objects, per kind, in document order.
    main_kinds: [Vec<u32>; Kind::COUNT],
    /// The validated schema's objects are `objects[..main_len]`.
    main_len: usize,
    /// Objects whose key was already taken, in document order.
    pub duplicates: Vec<Key<'a>>,
    pub templates: FastMap<(&'a str, &'a str), Template<'a>>,
    pub site_entries: Vec<SiteEntry<'a>>,
    site_ids: FastMap<&'a str, u32>,
    site_objects: FastMap<(u32, u32), SiteObj<'a>>,
    /// Parties of object `i` are `parties[party_start[i]..party_start[i + 1]]`.
    party_start: Vec<u32>,
    parties: Vec<Party<'a>>,
    /// Ids of every indexed schema.
    pub schemas: FastSet<&'a str>,
}

const PLAIN: [Kind; 6] = [
    Kind::Vrf,
    Kind::Bd,
    Kind::Contract,
    Kind::Filter,
    Kind::ExternalEpg,
    Kind::L3out,
];

/// Site-local collections: (collection, ref field).
const TWINS: [(&str, &str); 7] = [
    ("vrfs", "vrfRef"),
    ("bds", "bdRef"),
    ("contracts", "contractRef"),
    ("externalEpgs", "externalEpgRef"),
    ("intersiteL3outs", "l3outRef"),
    ("serviceGraphs", "serviceGraphRef"),
    ("anps", "anpRef"),
];

impl<'a> Index<'a> {
    /// Indexes `main` and every other document (an entry with the main id is skipped).
    pub fn build(main: &'a Value, others: impl Iterator<Item = &'a Value>) -> Index<'a> {
        let main_id = text(main, "id");
        let mut index = Index {
            main: main_id,
            objects: Vec::new(),
            values: Vec::new(),
            ids: KeyTable::default(),
            main_kinds: Default::default(),
            main_len: 0,
            duplicates: Vec::new(),
            templates: FastMap::default(),
            site_entries: Vec::new(),
            site_ids: FastMap::default(),
            site_objects: FastMap::default(),
            party_start: Vec::new(),
            parties: Vec::new(),
            schemas: FastSet::default(),
        };
        let mut pending = Pending::default();
        index.add_document(main, &mut pending);
        index.main_len = index.objects.len();
        for (id, key) in index.objects.iter().map(|(k, _)| k).enumerate() {
            index.main_kinds[key.kind as usize].push(id as u32);
        }
        for doc in others {
            if text(doc, "id") != main_id {
                index.add_document(doc, &mut pending);
            }
        }
        index.resolve_pending(pending);
        index
    }

    fn insert(&mut self, key: Key<'a>, value: &'a Value) {
        if self.ids.insert(&key) {
            self.objects.push((key, value));
            self.values.push(value);
        } else {
            self.duplicates.push(key);
        }
    }

    /// Room for the objects of one template, counted from its collections' lengths.
    fn reserve_for(&mut self, tpl: &'a Value) {
        let mut count = 0;
        for kind in PLAIN {
            count += arr(tpl, kind.doc_collection()).len();
        }
        count += 2 * arr(tpl, "anps").len() + 2 * arr(tpl, "serviceGraphs").len();
        self.objects.reserve(count);
        self.values.reserve(count);
        self.ids.reserve(count);
    }

    fn add_document(&mut self, doc: &'a Value, pending: &mut Pending<'a>) {
        let sid = text(doc, "id");
        self.schemas.insert(sid);
        for tpl in arr(doc, "templates") {
            let tname = text(tpl, "name");
            let tenant = text(tpl, "tenantId");
            self.templates.entry((sid, tname)).or_insert(Template {
                tenant,
                sites: Vec::new(),
            });
            self.reserve_for(tpl);
            for kind in PLAIN {
                for obj in arr(tpl, kind.doc_collection()) {
                    let key = Key::new(sid, tname, kind, text(obj, "name"));
                    self.insert(key, obj);
                    if matches!(kind, Kind::ExternalEpg) {
                        add_parties(key, obj, pending);
                    }
                }
            }
            for anp in arr(tpl, "anps") {
                let akey = Key::new(sid, tname, Kind::Anp, text(anp, "name"));
                self.insert(akey, anp);
                for epg in arr(anp, "epgs") {
                    let ekey = akey.child(Kind::Epg, text(epg, "name"));
                    self.insert(ekey, epg);
                    add_parties(ekey, epg, pending);
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
            self.add_site_entry(sid, entry, pending);
        }
    }

    fn add_site_entry(&mut self, sid: &'a str, entry: &'a Value, pending: &mut Pending<'a>) {
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
        let next = self.site_ids.len() as u32;
        let site_id = *self.site_ids.entry(site).or_insert(next);
        let twin = |value| SiteObj {
            value,
            entry_template: template,
        };
        for (collection, ref_key) in TWINS {
            for obj in arr(entry, collection) {
                if let Some(key) = Key::parse(text(obj, ref_key)) {
                    pending.site_objects.push((site_id, key, twin(obj)));
                }
                for epg in arr(obj, "epgs") {
                    if let Some(key) = Key::parse(text(epg, "epgRef")) {
                        pending.site_objects.push((site_id, key, twin(epg)));
                    }
                }
            }
        }
    }

    /// Site-local objects by (site, object) and parties grouped by contract, keeping
    /// document order; those pointing to no object are never asked for.
    fn resolve_pending(&mut self, pending: Pending<'a>) {
        self.site_objects = map_with_capacity(pending.site_objects.len());
        for (site, key, obj) in pending.site_objects {
            if let Some(id) = self.ids.get(&key) {
                self.site_objects.insert((site, id), obj);
            }
        }
        let resolved: Vec<(u32, Party<'a>)> = pending
            .parties
            .into_iter()
            .filter_map(|(contract, party)| self.ids.get(&contract).map(|id| (id, party)))
            .collect();
        let mut start = vec![0u32; self.objects.len() + 1];
        for (id, _) in &resolved {
            start[*id as usize + 1] += 1;
        }
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        let mut fill = start.clone();
        let mut slots: Vec<Option<Party<'a>>> = vec![None; resolved.len()];
        for (id, party) in resolved {
            let at = &mut fill[id as usize];
            slots[*at as usize] = Some(party);
            *at += 1;
        }
        self.parties = slots.into_iter().flatten().collect();
        self.party_start = start;
    }

    fn id(&self, key: &Key<'a>) -> Option<u32> {
        self.ids.get(key)
    }

    pub fn get(&self, key: &Key<'a>) -> Option<&'a Value> {
        self.id(key).map(|id| self.values[id as usize])
    }

    /// The object a ref string points to, with its key.
    pub fn resolve(&self, r: &'a str) -> Option<(Key<'a>, &'a Value)> {
        let key = Key::parse(r)?;
        self.get(&key).map(|v| (key, v))
    }

    /// The consumers and providers of a contract, in document order.
    pub fn parties_of(&self, contract: &Key<'a>) -> &[Party<'a>] {
        let Some(id) = self.id(contract) else {
            return &[];
        };
        let (from, to) = (
            self.party_start[id as usize],
            self.party_start[id as usize + 1],
        );
        &self.parties[from as usize..to as usize]
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
        let site = *self.site_ids.get(site)?;
        let id = self.id(&key)?;
        self.site_objects.get(&(site, id)).copied()
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

    /// Every template object of the validated schema, in document order.
    pub fn main_all(&self) -> &[(Key<'a>, &'a Value)] {
        &self.objects[..self.main_len]
    }

    /// Template objects of one kind in the validated schema, in document order.
    pub fn main_objects(&self, kind: Kind) -> impl Iterator<Item = (Key<'a>, &'a Value)> + '_ {
        self.main_kinds[kind as usize]
            .iter()
            .map(|&id| self.objects[id as usize])
    }
}

fn add_parties<'a>(key: Key<'a>, obj: &'a Value, pending: &mut Pending<'a>) {
    for (rel, relation) in arr(obj, "contractRelationships").iter().enumerate() {
        let Some(contract) = Key::parse(text(relation, "contractRef")) else {
            continue;
        };
        let provider = text(relation, "relationshipType") == "provider";
        pending
            .parties
            .push((contract, Party { key, provider, rel }));
    }
}
