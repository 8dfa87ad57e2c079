//! One pass over the validated schema and the other schemas of the context that indexes
//! every template object by its key, every site-local object by (site, object), the
//! sites of each template and the consumers and providers of each contract, so that
//! every check afterwards is a lookup, never a nested scan.
//!
//! Objects live in one vector in document order (the validated schema first) and are
//! known elsewhere by their position; the maps use a cheap hasher.

use serde_json::Value;

use crate::checks::has_graph;
use crate::fasthash::{FastMap, FastSet};
use crate::json::{arr, field, text};
use crate::keytable::KeyTable;
use crate::refs::{Key, Kind};

/// A template: its tenant and the sites it is associated with.
pub(crate) struct Template<'a> {
    pub tenant: &'a str,
    pub sites: Vec<&'a str>,
}

/// A template object: its position, key and value.
#[derive(Clone, Copy)]
pub(crate) struct Obj<'a> {
    pub id: u32,
    pub key: Key<'a>,
    pub value: &'a Value,
}

/// A few fields of a template object, kept by position.
#[derive(Clone, Copy)]
struct Brief<'a> {
    /// Its own `vrfRef`.
    vrf: &'a str,
    /// The ref its VRF comes through otherwise: an EPG's `bdRef`, an external EPG's
    /// `l3outRef`.
    via: &'a str,
    /// A BD with `unicastRouting` false.
    no_routing: bool,
    /// A contract with a service graph.
    graph: bool,
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
    /// The EPG or external EPG, and its position.
    pub key: Key<'a>,
    pub id: u32,
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

/// A part of one template of the validated schema: the positions of up to
/// [`PART_SIZE`] of its objects, all and per kind, in document order. Checks work
/// through one part at a time, so what they read of the document and of the index
/// stays small.
#[derive(Default)]
pub(crate) struct Part<'a> {
    pub template: &'a str,
    /// Whether this is the template's first part (its site entries are checked with it).
    pub first: bool,
    all: Vec<u32>,
    kinds: [Vec<u32>; Kind::COUNT],
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
    /// What later checks ask of each object, read while indexing so that asking reads
    /// no more of the document.
    briefs: Vec<Brief<'a>>,
    ids: KeyTable<'a>,
    /// The validated schema's objects cut into parts, in document order.
    parts: Vec<Part<'a>>,
    /// Objects whose key was already taken, in document order.
    pub duplicates: Vec<Key<'a>>,
    pub templates: FastMap<(&'a str, &'a str), Template<'a>>,
    pub site_entries: Vec<SiteEntry<'a>>,
    site_ids: FastMap<&'a str, u32>,
    /// The site-local objects of each object, with their site.
    site_objects: Grouped<(u32, SiteObj<'a>)>,
    /// The consumers and providers of each contract.
    parties: Grouped<Party<'a>>,
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

/// Objects per part: the checks of a part touch a few megabytes of the document.
const PART_SIZE: usize = 1024;

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
            briefs: Vec::new(),
            ids: KeyTable::default(),
            parts: Vec::new(),
            duplicates: Vec::new(),
            templates: FastMap::default(),
            site_entries: Vec::new(),
            site_ids: FastMap::default(),
            site_objects: Grouped::default(),
            parties: Grouped::default(),
            schemas: FastSet::default(),
        };
        let mut pending = Pending::default();
        index.add_document(main, &mut pending);
        let mut part_of: FastMap<&'a str, usize> = FastMap::default();
        for (id, key) in index.objects.iter().map(|(k, _)| k).enumerate() {
            let next = index.parts.len();
            let at = match part_of.get(key.template) {
                Some(&at) if index.parts[at].all.len() < PART_SIZE => at,
                found => {
                    index.parts.push(Part {
                        template: key.template,
                        first: found.is_none(),
                        ..Part::default()
                    });
                    part_of.insert(key.template, next);
                    next
                }
            };
            let part = &mut index.parts[at];
            part.all.push(id as u32);
            part.kinds[key.kind as usize].push(id as u32);
        }
        for doc in others {
            if text(doc, "id") != main_id {
                index.add_document(doc, &mut pending);
            }
        }
        index.resolve_pending(pending);
        index
    }

    /// Adds an object; its position, or that of the first object with its key.
    fn insert(&mut self, key: Key<'a>, value: &'a Value) -> u32 {
        if self.ids.insert(&key) {
            self.objects.push((key, value));
            let via = match key.kind {
                Kind::Epg => text(value, "bdRef"),
                Kind::ExternalEpg => text(value, "l3outRef"),
                _ => "",
            };
            self.briefs.push(Brief {
                vrf: text(value, "vrfRef"),
                via,
                no_routing: key.kind == Kind::Bd
                    && field(value, "unicastRouting").and_then(Value::as_bool) == Some(false),
                graph: key.kind == Kind::Contract && has_graph(value),
            });
            self.objects.len() as u32 - 1
        } else {
            self.duplicates.push(key);
            self.ids.get(&key).unwrap_or_default()
        }
    }

    /// Room for the objects of one template, counted from its collections' lengths.
    fn reserve_for(&mut self, schema: &'a str, tpl: &'a Value) {
        let mut count = 0;
        for kind in PLAIN {
            count += arr(tpl, kind.doc_collection()).len();
        }
        count += 2 * arr(tpl, "anps").len() + 2 * arr(tpl, "serviceGraphs").len();
        self.objects.reserve(count);
        self.briefs.reserve(count);
        self.ids.reserve(schema, text(tpl, "name"), count);
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
            self.reserve_for(sid, tpl);
            for kind in PLAIN {
                for obj in arr(tpl, kind.doc_collection()) {
                    let key = Key::new(sid, tname, kind, text(obj, "name"));
                    let id = self.insert(key, obj);
                    if matches!(kind, Kind::ExternalEpg) {
                        add_parties(key, id, obj, pending);
                    }
                }
            }
            for anp in arr(tpl, "anps") {
                let akey = Key::new(sid, tname, Kind::Anp, text(anp, "name"));
                self.insert(akey, anp);
                for epg in arr(anp, "epgs") {
                    let ekey = akey.child(Kind::Epg, text(epg, "name"));
                    let id = self.insert(ekey, epg);
                    add_parties(ekey, id, epg, pending);
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
        let site_objects = pending
            .site_objects
            .into_iter()
            .filter_map(|(site, key, obj)| self.ids.get(&key).map(|id| (id, (site, obj))))
            .collect();
        self.site_objects = Grouped::build(self.objects.len(), site_objects);
        let parties = pending
            .parties
            .into_iter()
            .filter_map(|(contract, party)| self.ids.get(&contract).map(|id| (id, party)))
            .collect();
        self.parties = Grouped::build(self.objects.len(), parties);
    }

    fn id(&self, key: &Key<'a>) -> Option<u32> {
        self.ids.get(key)
    }

    pub fn get(&self, key: &Key<'a>) -> Option<&'a Value> {
        self.id(key).map(|id| self.objects[id as usize].1)
    }

    /// The object a ref string points to, with its key.
    pub fn resolve(&self, r: &'a str) -> Option<(Key<'a>, &'a Value)> {
        let key = Key::parse(r)?;
        self.get(&key).map(|v| (key, v))
    }

    /// The consumers and providers of a contract, in document order.
    pub fn parties_of(&self, contract: &Key<'a>) -> &[Party<'a>] {
        self.id(contract).map_or(&[], |id| self.parties.of(id))
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

    /// The site-local twin in `site` of the object at position `id`.
    pub fn site_object_at(&self, site: &'a str, id: u32) -> Option<SiteObj<'a>> {
        let site = *self.site_ids.get(site)?;
        // The last of several entries for one site wins, as a later write would.
        self.site_objects
            .of(id)
            .iter()
            .rev()
            .find(|(s, _)| *s == site)
            .map(|(_, obj)| *obj)
    }

    /// The VRF of the EPG at position `id` (its own `vrfRef`, else its BD's) or of the
    /// external EPG there (its own, else its L3Out's).
    pub fn vrf_at(&self, id: u32) -> Option<Key<'a>> {
        let brief = self.briefs[id as usize];
        if !brief.vrf.is_empty() {
            return Key::parse(brief.vrf);
        }
        let target = self.id(&Key::parse(brief.via)?)?;
        Key::parse(self.briefs[target as usize].vrf)
    }

    /// Whether the object at `id` is a contract with a service graph.
    pub fn has_graph_at(&self, id: u32) -> bool {
        self.briefs[id as usize].graph
    }

    /// Whether the object at `id` is a BD with unicast routing turned off.
    pub fn routing_off(&self, id: u32) -> bool {
        self.briefs[id as usize].no_routing
    }

    /// The validated schema's templates that hold objects, in document order.
    pub fn parts(&self) -> &[Part<'a>] {
        &self.parts
    }

    /// Every object of one part, in document order.
    pub fn part_all(&self, part: usize) -> Vec<(Key<'a>, &'a Value)> {
        self.parts.get(part).map_or_else(Vec::new, |p| {
            p.all.iter().map(|&id| self.objects[id as usize]).collect()
        })
    }

    /// The objects of one kind in one part, in document order.
    pub fn part_objects(&self, part: usize, kind: Kind) -> Vec<Obj<'a>> {
        self.parts.get(part).map_or_else(Vec::new, |p| {
            p.kinds[kind as usize]
                .iter()
                .map(|&id| self.obj(id))
                .collect()
        })
    }

    fn obj(&self, id: u32) -> Obj<'a> {
        let (key, value) = self.objects[id as usize];
        Obj { id, key, value }
    }

    /// The object a ref string points to, with its position and key.
    pub fn resolve_obj(&self, r: &'a str) -> Option<Obj<'a>> {
        let key = Key::parse(r)?;
        self.id(&key).map(|id| self.obj(id))
    }

    /// The consumers and providers of the contract at position `id`, in document order.
    pub fn parties_at(&self, id: u32) -> &[Party<'a>] {
        self.parties.of(id)
    }
}

fn add_parties<'a>(key: Key<'a>, id: u32, obj: &'a Value, pending: &mut Pending<'a>) {
    for (rel, relation) in arr(obj, "contractRelationships").iter().enumerate() {
        let Some(contract) = Key::parse(text(relation, "contractRef")) else {
            continue;
        };
        let provider = text(relation, "relationshipType") == "provider";
        pending.parties.push((
            contract,
            Party {
                key,
                id,
                provider,
                rel,
            },
        ));
    }
}

/// Items grouped by object position, each group in the order given: the items of
/// object `i` are `items[start[i]..start[i + 1]]`. Reads by position stay near the
/// object's other data, unlike a hash map keyed by position.
struct Grouped<T> {
    start: Vec<u32>,
    items: Vec<T>,
}

impl<T> Default for Grouped<T> {
    fn default() -> Self {
        Grouped {
            start: vec![0],
            items: Vec::new(),
        }
    }
}

impl<T> Grouped<T> {
    /// Groups `pairs` of (position, item) for `len` positions (a counting sort).
    fn build(len: usize, pairs: Vec<(u32, T)>) -> Grouped<T> {
        let mut start = vec![0u32; len + 1];
        for (id, _) in &pairs {
            start[*id as usize + 1] += 1;
        }
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        let mut fill = start.clone();
        let mut slots: Vec<Option<T>> = std::iter::repeat_with(|| None).take(pairs.len()).collect();
        for (id, item) in pairs {
            let at = &mut fill[id as usize];
            slots[*at as usize] = Some(item);
            *at += 1;
        }
        Grouped {
            start,
            items: slots.into_iter().flatten().collect(),
        }
    }

    fn of(&self, id: u32) -> &[T] {
        let i = id as usize;
        match (self.start.get(i), self.start.get(i + 1)) {
            (Some(&from), Some(&to)) => &self.items[from as usize..to as usize],
            _ => &[],
        }
    }
}
