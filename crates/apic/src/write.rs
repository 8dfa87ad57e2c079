//! Writes: a POST or DELETE is planned against a staged view of the store (locate
//! each posted object, validate and canonicalise its attributes, create implicit
//! containers and children, allocate identifiers), and only a fully valid plan is
//! committed. The commit reports exactly what changed, for `rsp-subtree=modified`.

use std::collections::{BTreeMap, HashSet};

use serde_json::{Map, Value};

use crate::dn::{format_rn, parent_and_rn};
use crate::error::ApicError;
use crate::meta::{self, Access, Alloc, ClassInfo, Kind};
use crate::params::{parse_path, parse_query, RspSubtree, Target};
use crate::read::envelope;
use crate::resolve::{resolve_dn, ResolvedDn};
use crate::store::{default_attrs, mod_ts, Allocator, Mo, Store};
use crate::value::{self, ValueError};

/// How an object changed in a commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Created,
    Modified,
    Deleted,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Created => "created",
            ChangeKind::Modified => "modified",
            ChangeKind::Deleted => "deleted",
        }
    }
}

/// One committed change; `old` holds the attributes of a deleted object.
#[derive(Debug, Clone)]
pub struct Change {
    pub dn: String,
    pub kind: ChangeKind,
    pub class: &'static str,
    pub old: Option<Mo>,
}

type Naming = Vec<(&'static str, String)>;

/// A planned write: staged objects (`None` = deleted) over the store.
struct Txn<'s> {
    store: &'s Store,
    staged: BTreeMap<String, Option<Mo>>,
    alloc: Allocator,
    new_pctags: HashSet<u32>,
}

fn value_error(e: ValueError, prop: &str, class: &str, dn: &str, raw: &str) -> ApicError {
    match e {
        ValueError::Pattern => ApicError::failed_validation(prop, dn, raw),
        ValueError::Enum => ApicError::unknown_value(raw, prop, class, dn),
    }
}

/// One posted element: class, attributes (if any), children.
type Element<'a> = (&'a str, Option<&'a Map<String, Value>>, &'a [Value]);

/// Split one `{"<class>": {"attributes": {...}, "children": [...]}}` element.
fn parse_element(v: &Value) -> Result<Element<'_>, ApicError> {
    let obj = v
        .as_object()
        .filter(|o| o.len() == 1)
        .ok_or_else(|| ApicError::bad_body("invalid data: expected one object per element"))?;
    let (class, inner) = obj.iter().next().expect("one key");
    let inner = inner
        .as_object()
        .ok_or_else(|| ApicError::bad_body(format!("invalid data for element '{class}'")))?;
    let mut attrs = None;
    let mut children: &[Value] = &[];
    for (k, v) in inner {
        match k.as_str() {
            "attributes" => {
                attrs = Some(v.as_object().ok_or_else(|| {
                    ApicError::bad_body(format!("invalid attributes in element '{class}'"))
                })?)
            }
            "children" => {
                if attrs.is_none() {
                    return Err(ApicError::bad_body(
                        "invalid data at line '1'. Attributes are missing, tag 'attributes' must be specified first, before any other tag",
                    ));
                }
                children = v.as_array().ok_or_else(|| {
                    ApicError::bad_body(format!("invalid children in element '{class}'"))
                })?;
            }
            other => {
                return Err(ApicError::bad_body(format!(
                    "unknown tag '{other}' in element '{class}'"
                )))
            }
        }
    }
    Ok((class, attrs, children))
}

fn str_attr<'a>(attrs: Option<&'a Map<String, Value>>, key: &str) -> Option<&'a str> {
    attrs.and_then(|a| a.get(key)).and_then(Value::as_str)
}

fn is_delete(attrs: Option<&Map<String, Value>>) -> Result<bool, ApicError> {
    let Some(raw) = attrs.and_then(|a| a.get("status")) else {
        return Ok(false);
    };
    let s = raw
        .as_str()
        .ok_or_else(|| ApicError::bad_body("status must be a string"))?;
    let parts: Vec<&str> = s
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts == ["deleted"] {
        return Ok(true);
    }
    if parts.iter().all(|p| *p == "created" || *p == "modified") {
        return Ok(false);
    }
    Err(ApicError::bad_body(format!("Invalid status '{s}'")))
}

impl<'s> Txn<'s> {
    fn new(store: &'s Store) -> Txn<'s> {
        Txn {
            store,
            staged: BTreeMap::new(),
            alloc: store.alloc.clone(),
            new_pctags: HashSet::new(),
        }
    }

    fn get(&self, dn: &str) -> Option<&Mo> {
        match self.staged.get(dn) {
            Some(staged) => staged.as_ref(),
            None => self.store.get(dn),
        }
    }

    /// `dn` and all its descendants as currently staged.
    fn subtree(&self, dn: &str) -> Vec<String> {
        let lo = format!("{dn}/");
        let hi = format!("{dn}0");
        let mut all: Vec<String> = self.store.subtree(dn).map(|(d, _)| d.clone()).collect();
        all.extend(self.staged.range(lo..hi).map(|(d, _)| d.clone()));
        all.sort();
        all.dedup();
        all.retain(|d| self.get(d).is_some());
        all
    }

    /// Naming values of `info` taken from posted attributes (canonicalised).
    fn naming_from(
        &self,
        info: &ClassInfo,
        attrs: Option<&Map<String, Value>>,
        fallback: Option<&Naming>,
        at: &str,
    ) -> Result<Naming, ApicError> {
        let mut out = Vec::new();
        for p in &info.naming {
            let meta = info.prop(p).expect("naming props are declared");
            let v = match (
                str_attr(attrs, p),
                fallback.and_then(|f| f.iter().find(|(k, _)| k == p)),
            ) {
                (Some(raw), _) => value::canonical(meta, raw)
                    .map_err(|e| value_error(e, p, info.name(), at, raw))?,
                (None, Some((_, v))) => v.clone(),
                (None, None) => {
                    return Err(ApicError::bad_body(format!(
                        "naming property '{p}' of class {} is missing under {at}",
                        info.name()
                    )))
                }
            };
            out.push((*p, v));
        }
        Ok(out)
    }

    fn rn_of(info: &ClassInfo, naming: &Naming) -> String {
        format_rn(&info.rn_parts, |p| {
            naming
                .iter()
                .find(|(k, _)| *k == p)
                .map(|(_, v)| v.as_str())
        })
        .expect("naming complete")
    }

    /// Where a posted child lives: its own `dn` if given (it must be under the parent),
    /// else the parent plus the RN built from its naming attributes.
    fn locate_child(
        &self,
        parent_dn: &str,
        parent_class: &str,
        info: &'static ClassInfo,
        attrs: Option<&Map<String, Value>>,
    ) -> Result<(String, Naming), ApicError> {
        let (dn, naming) = match str_attr(attrs, "dn") {
            Some(raw) => {
                let r = resolve_dn(raw)?;
                let dn = r.dn();
                if parent_and_rn(&dn).0 != Some(parent_dn) || r.class().name() != info.name() {
                    return Err(ApicError::cannot_contain(parent_and_rn(&dn).1, parent_dn));
                }
                (dn, r.last().naming.clone())
            }
            None => {
                let naming = self.naming_from(info, attrs, None, parent_dn)?;
                (
                    format!("{parent_dn}/{}", Self::rn_of(info, &naming)),
                    naming,
                )
            }
        };
        if !meta::registry().may_contain(parent_class, info.name()) {
            return Err(ApicError::cannot_contain(parent_and_rn(&dn).1, parent_dn));
        }
        Ok((dn, naming))
    }

    /// Where the top posted object lives, relative to the URL DN.
    fn locate_top(
        &self,
        url: &ResolvedDn,
        info: &'static ClassInfo,
        attrs: Option<&Map<String, Value>>,
    ) -> Result<(String, Naming), ApicError> {
        if let Some(raw) = str_attr(attrs, "dn") {
            let r = resolve_dn(raw)?;
            if r.class().name() != info.name() {
                return Err(ApicError::bad_body(format!(
                    "dn {} is not an object of class {}",
                    r.dn(),
                    info.name()
                )));
            }
            return Ok((r.dn(), r.last().naming.clone()));
        }
        let last = url.last();
        if last.class.name() == info.name() {
            let naming = self.naming_from(info, attrs, Some(&last.naming), &url.dn())?;
            if Self::rn_of(info, &naming) == last.rn {
                return Ok((url.dn(), naming));
            }
        }
        self.locate_child(&url.dn(), last.class.name(), info, attrs)
    }

    /// Every ancestor must exist, except implicit containers, which are created.
    fn ensure_ancestors(&mut self, dn: &str) -> Result<(), ApicError> {
        let r = resolve_dn(dn)?;
        let mut prefix = String::new();
        for (i, rn) in r.rns.iter().enumerate().take(r.rns.len() - 1) {
            if i > 0 {
                prefix.push('/');
            }
            prefix.push_str(&rn.rn);
            if self.get(&prefix).is_some() {
                continue;
            }
            if !rn.class.meta.auto {
                return Err(ApicError::new(
                    400,
                    "400",
                    format!(
                        "Parent object {prefix} (class {}) does not exist; create it before {dn}",
                        rn.class.name()
                    ),
                ));
            }
            self.staged.insert(
                prefix.clone(),
                Some(Mo {
                    class: rn.class.name(),
                    attrs: default_attrs(rn.class, &rn.naming),
                }),
            );
        }
        Ok(())
    }

    fn allocate(
        &mut self,
        info: &ClassInfo,
        attrs: &mut BTreeMap<String, String>,
    ) -> Result<(), ApicError> {
        let mut pctag = || {
            let store = self.store;
            let taken = &self.new_pctags;
            let t = self
                .alloc
                .pctag(&|t| store.pctag_used(t) || taken.contains(&t));
            t.ok_or_else(|| ApicError::new(400, "1", "class id space exhausted"))
        };
        match info.meta.alloc {
            Alloc::None => return Ok(()),
            Alloc::PcTag | Alloc::Bd | Alloc::Vrf => {
                let t = pctag()?;
                self.new_pctags.insert(t);
                attrs.insert("pcTag".into(), t.to_string());
            }
        }
        match info.meta.alloc {
            Alloc::Bd => {
                attrs.insert("seg".into(), self.alloc.next_bd_vnid.to_string());
                self.alloc.next_bd_vnid += 1;
            }
            Alloc::Vrf => {
                let v = self.alloc.next_vrf_vnid.to_string();
                attrs.insert("seg".into(), v.clone());
                attrs.insert("scope".into(), v);
                self.alloc.next_vrf_vnid += 1;
            }
            _ => {}
        }
        Ok(())
    }

    /// Validate and canonicalise posted attributes (read-only ones are ignored).
    fn updates(
        info: &ClassInfo,
        dn: &str,
        naming: &Naming,
        attrs: Option<&Map<String, Value>>,
    ) -> Result<Vec<(String, String)>, ApicError> {
        let mut out = Vec::new();
        for (k, v) in attrs.into_iter().flatten() {
            if matches!(k.as_str(), "dn" | "rn" | "status") {
                continue;
            }
            let prop = info
                .prop(k)
                .ok_or_else(|| ApicError::unknown_attribute(k, info.name()))?;
            let raw = v
                .as_str()
                .ok_or_else(|| ApicError::unknown_value(&v.to_string(), k, info.name(), dn))?;
            if prop.access == Access::ReadOnly {
                continue;
            }
            let canon =
                value::canonical(prop, raw).map_err(|e| value_error(e, k, info.name(), dn, raw))?;
            if prop.access == Access::Naming {
                if naming.iter().any(|(n, v)| n == k && *v != canon) {
                    return Err(ApicError::immutable_prop(info.name(), k));
                }
                continue;
            }
            out.push((k.clone(), canon));
        }
        Ok(out)
    }

    fn check_object(
        info: &ClassInfo,
        dn: &str,
        attrs: &BTreeMap<String, String>,
    ) -> Result<(), ApicError> {
        let yes = |k: &str| attrs.get(k).is_some_and(|v| v == "yes");
        if info.name() == "vnsSvcRedirectPol" && yes("AnycastEnabled") && yes("programLocalPodOnly")
        {
            return Err(ApicError::failed_validation(
                "programLocalPodOnly",
                dn,
                "yes",
            ));
        }
        Ok(())
    }

    /// Apply one posted element at `dn`, then its children.
    fn apply(
        &mut self,
        info: &'static ClassInfo,
        dn: String,
        naming: Naming,
        attrs: Option<&Map<String, Value>>,
        children: &[Value],
    ) -> Result<(), ApicError> {
        if info.meta.kind == Kind::System {
            return Err(ApicError::new(
                400,
                "400",
                format!(
                    "class {} is owned by the fabric and cannot be configured",
                    info.name()
                ),
            ));
        }
        if is_delete(attrs)? {
            return self.delete(&dn);
        }
        let updates = Self::updates(info, &dn, &naming, attrs)?;
        let mo = match self.get(&dn) {
            Some(existing) => {
                let mut next = existing.clone();
                for (k, v) in updates {
                    let access = info.prop(&k).map(|p| p.access);
                    if access == Some(Access::CreateOnly) && next.attrs.get(&k) != Some(&v) {
                        return Err(ApicError::immutable_prop(info.name(), &k));
                    }
                    next.attrs.insert(k, v);
                }
                next
            }
            None => {
                let mut attrs = default_attrs(info, &naming);
                attrs.insert("uid".into(), "15374".into());
                attrs.extend(updates);
                self.allocate(info, &mut attrs)?;
                for ic in info.meta.implicit {
                    let ci = meta::class(ic).expect("checked by the table test");
                    let cdn = format!("{dn}/{}", Self::rn_of(ci, &Vec::new()));
                    if self.get(&cdn).is_none() {
                        self.staged.insert(
                            cdn,
                            Some(Mo {
                                class: ci.name(),
                                attrs: default_attrs(ci, &[]),
                            }),
                        );
                    }
                }
                Mo {
                    class: info.name(),
                    attrs,
                }
            }
        };
        Self::check_object(info, &dn, &mo.attrs)?;
        if self.get(&dn) != Some(&mo) {
            self.staged.insert(dn.clone(), Some(mo));
        }
        for child in children {
            let (class, cattrs, cchildren) = parse_element(child)?;
            let ci = meta::class(class).ok_or_else(|| ApicError::unknown_class(class))?;
            let (cdn, cnaming) = self.locate_child(&dn, info.name(), ci, cattrs)?;
            self.apply(ci, cdn, cnaming, cattrs, cchildren)?;
        }
        Ok(())
    }

    /// Delete `dn` and its subtree; an implicit child is reset to its defaults instead.
    fn delete(&mut self, dn: &str) -> Result<(), ApicError> {
        let Some(mo) = self.get(dn) else {
            return Ok(());
        };
        let info = meta::class(mo.class).expect("stored classes are known");
        let parent = parent_and_rn(dn).0;
        let parent_mo = parent.and_then(|p| self.get(p));
        if info.meta.kind == Kind::System || parent.is_none() {
            return Err(ApicError::new(
                400,
                "400",
                format!("{dn} (class {}) cannot be deleted", info.name()),
            ));
        }
        if parent_mo.is_some_and(|p| {
            meta::class(p.class).is_some_and(|pi| pi.meta.implicit.contains(&info.name()))
        }) {
            let reset = Mo {
                class: info.name(),
                attrs: default_attrs(info, &[]),
            };
            self.staged.insert(dn.to_string(), Some(reset));
            return Ok(());
        }
        for d in self.subtree(dn) {
            self.staged.insert(d, None);
        }
        Ok(())
    }

    /// The plan, detached from the store borrow.
    fn finish(self) -> (BTreeMap<String, Option<Mo>>, Allocator) {
        (self.staged, self.alloc)
    }
}

/// Commit a plan: apply it, stamp `modTs`, re-resolve affected relations.
fn commit(
    store: &mut Store,
    staged: BTreeMap<String, Option<Mo>>,
    alloc: Allocator,
) -> Vec<Change> {
    let mut changes = Vec::new();
    for (dn, next) in &staged {
        let orig = store.get(dn);
        let kind = match (orig, next) {
            (None, Some(_)) => ChangeKind::Created,
            (Some(o), Some(n)) if o.attrs != n.attrs => ChangeKind::Modified,
            (Some(_), None) => ChangeKind::Deleted,
            _ => continue,
        };
        let class = next
            .as_ref()
            .or(orig)
            .map(|m| m.class)
            .expect("one side exists");
        changes.push(Change {
            dn: dn.clone(),
            kind,
            class,
            old: orig.cloned(),
        });
    }
    store.alloc = alloc;
    if changes.is_empty() {
        return changes;
    }
    store.alloc.clock += 1;
    let ts = mod_ts(store.alloc.clock);
    let mut affected = Vec::new();
    for c in changes.iter().filter(|c| c.kind == ChangeKind::Deleted) {
        store.remove(&c.dn);
        affected.extend(store.relations_towards(&c.dn));
    }
    let mut staged = staged;
    for c in changes.iter().filter(|c| c.kind != ChangeKind::Deleted) {
        let mut mo = staged.remove(&c.dn).flatten().expect("staged object");
        mo.attrs.insert("modTs".into(), ts.clone());
        store.insert(c.dn.clone(), mo);
        if c.kind == ChangeKind::Created {
            affected.extend(store.relations_towards(&c.dn));
        }
        affected.push(c.dn.clone());
    }
    for dn in affected {
        store.resolve_relation(&dn);
    }
    changes
}

/// The `rsp-subtree=modified` answer: changed objects nested under their changed or
/// traversed ancestors, each with all attributes and its `status`.
fn modified_response(store: &Store, changes: &[Change], anchor: Option<&str>) -> Value {
    let deleted: HashSet<&str> = changes
        .iter()
        .filter(|c| c.kind == ChangeKind::Deleted)
        .map(|c| c.dn.as_str())
        .collect();
    let mut nodes: BTreeMap<String, Option<&Change>> = BTreeMap::new();
    for c in changes {
        let mut p = parent_and_rn(&c.dn).0;
        let mut under_deleted = false;
        while let Some(pp) = p {
            under_deleted |= deleted.contains(pp);
            p = parent_and_rn(pp).0;
        }
        if !under_deleted {
            nodes.insert(c.dn.clone(), Some(c));
        }
    }
    if let Some(a) = anchor {
        let prefix = format!("{a}/");
        if !nodes.contains_key(a)
            && nodes.keys().any(|k| k.starts_with(&prefix))
            && store.get(a).is_some()
        {
            nodes.insert(a.to_string(), None);
        }
    }
    // Connect every change to the shallowest other change above it via unchanged ancestors.
    let tops: Vec<String> = nodes.keys().cloned().collect();
    for dn in &tops {
        let mut anc = Vec::new();
        let mut p = parent_and_rn(dn).0;
        while let Some(pp) = p {
            if nodes.contains_key(pp) {
                for a in anc.drain(..) {
                    nodes.entry(a).or_insert(None);
                }
            }
            anc.push(pp.to_string());
            p = parent_and_rn(pp).0;
        }
    }
    let mut imdata = Vec::new();
    for dn in nodes.keys() {
        let parent = parent_and_rn(dn).0;
        if !matches!(parent, Some(p) if nodes.contains_key(p)) {
            imdata.push(encode_change(store, &nodes, dn, true));
        }
    }
    envelope(imdata.len(), imdata)
}

fn encode_change(
    store: &Store,
    nodes: &BTreeMap<String, Option<&Change>>,
    dn: &str,
    top: bool,
) -> Value {
    let rn = parent_and_rn(dn).1;
    let mut attrs: BTreeMap<String, String> = BTreeMap::new();
    let class = match nodes[dn] {
        Some(c) => {
            let mo = if c.kind == ChangeKind::Deleted {
                c.old.as_ref()
            } else {
                store.get(dn)
            };
            if let Some(mo) = mo {
                attrs.extend(mo.attrs.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
            attrs.insert("status".into(), c.kind.as_str().into());
            c.class
        }
        None => store.get(dn).map(|m| m.class).unwrap_or(""),
    };
    if top {
        attrs.insert("dn".into(), dn.into());
        attrs.insert("rn".into(), String::new());
    } else {
        attrs.insert("rn".into(), rn.into());
    }
    let mut body = Map::new();
    body.insert(
        "attributes".into(),
        Value::Object(
            attrs
                .into_iter()
                .map(|(k, v)| (k, Value::String(v)))
                .collect(),
        ),
    );
    let lo = format!("{dn}/");
    let hi = format!("{dn}0");
    let kids: Vec<Value> = nodes
        .range(lo..hi)
        .filter(|(k, _)| parent_and_rn(k).0 == Some(dn))
        .map(|(k, _)| encode_change(store, nodes, k, false))
        .collect();
    if !kids.is_empty() {
        body.insert("children".into(), Value::Array(kids));
    }
    let mut wrap = Map::new();
    wrap.insert(class.to_string(), Value::Object(body));
    Value::Object(wrap)
}

fn mo_dn(path: &str) -> Result<ResolvedDn, ApicError> {
    match parse_path(path)? {
        Target::Mo(dn) => resolve_dn(&dn),
        Target::Class { .. } => Err(ApicError::new(
            400,
            "400",
            "writes must address an object: /api/mo/{dn}.json",
        )),
    }
}

fn respond(
    store: &Store,
    params: &[(String, String)],
    changes: &[Change],
    anchor: Option<&str>,
) -> Result<Value, ApicError> {
    let q = parse_query(params)?;
    if q.rsp_subtree == RspSubtree::Modified {
        Ok(modified_response(store, changes, anchor))
    } else {
        Ok(envelope(0, vec![]))
    }
}

/// Apply a POST atomically and report what changed.
pub fn post(
    store: &mut Store,
    path: &str,
    params: &[(String, String)],
    body: &Value,
) -> Result<(Value, Vec<Change>), ApicError> {
    parse_query(params)?;
    let (class, attrs, children) = parse_element(body)?;
    let info = meta::class(class).ok_or_else(|| ApicError::unknown_class(class))?;
    let url = mo_dn(path)?;
    let mut txn = Txn::new(store);
    let (dn, naming) = txn.locate_top(&url, info, attrs)?;
    txn.ensure_ancestors(&dn)?;
    txn.apply(info, dn.clone(), naming, attrs, children)?;
    let (staged, alloc) = txn.finish();
    let changes = commit(store, staged, alloc);
    Ok((respond(store, params, &changes, Some(&dn))?, changes))
}

/// Delete an object and its subtree (absent: nothing to do).
pub fn delete(
    store: &mut Store,
    path: &str,
    params: &[(String, String)],
) -> Result<(Value, Vec<Change>), ApicError> {
    parse_query(params)?;
    let url = mo_dn(path)?;
    let mut txn = Txn::new(store);
    txn.delete(&url.dn())?;
    let (staged, alloc) = txn.finish();
    let changes = commit(store, staged, alloc);
    Ok((respond(store, params, &changes, None)?, changes))
}

/// Insert or overwrite a fabric-owned object, creating missing ancestors.
pub fn insert_system(
    store: &mut Store,
    class: &str,
    dn: &str,
    attrs: BTreeMap<String, String>,
) -> Result<(), ApicError> {
    let info = meta::class(class).ok_or_else(|| ApicError::unknown_class(class))?;
    let r = resolve_dn(dn)?;
    if r.class().name() != info.name() {
        return Err(ApicError::bad_body(format!(
            "dn {} is not an object of class {class}",
            r.dn()
        )));
    }
    let mut prefix = String::new();
    let mut created = Vec::new();
    for (i, rn) in r.rns.iter().enumerate() {
        if i > 0 {
            prefix.push('/');
        }
        prefix.push_str(&rn.rn);
        let last = i + 1 == r.rns.len();
        if store.get(&prefix).is_some() && !last {
            continue;
        }
        let mut mo = store.get(&prefix).cloned().unwrap_or_else(|| Mo {
            class: rn.class.name(),
            attrs: default_attrs(rn.class, &rn.naming),
        });
        if store.get(&prefix).is_none() {
            created.push(prefix.clone());
        }
        if last {
            mo.attrs.extend(attrs.clone());
            for (k, v) in &rn.naming {
                mo.attrs.insert(k.to_string(), v.clone());
            }
        }
        store.insert(prefix.clone(), mo);
    }
    let mut affected = vec![prefix];
    for dn in created {
        affected.extend(store.relations_towards(&dn));
    }
    for dn in affected {
        store.resolve_relation(&dn);
    }
    Ok(())
}
