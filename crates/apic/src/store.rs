//! The object store behind [`crate::Tree`]: objects by DN, the class, naming-value,
//! child and relation-target indexes, identifier allocation and relation resolution.
//! Every mutation goes through `insert`/`remove` so the indexes never drift.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::dn::parent_and_rn;
use crate::meta::{self, Alloc, ClassInfo, Kind, RelMeta};
use crate::resolve::resolve_dn;
use crate::SiteIdentity;

/// One stored managed object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mo {
    pub class: &'static str,
    pub attrs: BTreeMap<String, String>,
}

/// Identifier allocation state, kept in the snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allocator {
    pub next_pctag: u32,
    pub next_bd_vnid: u64,
    pub next_vrf_vnid: u64,
    pub clock: u64,
}

pub const PCTAG_MIN: u32 = 16386;
pub const PCTAG_MAX: u32 = 65535;

impl Allocator {
    pub fn for_site(site_id: u32) -> Allocator {
        let slot = u64::from(site_id % 16);
        Allocator {
            next_pctag: PCTAG_MIN + 4096 * (site_id.saturating_sub(1) % 8),
            next_bd_vnid: 15_000_000 + slot * 100_000 + 1,
            next_vrf_vnid: 2_000_000 + slot * 100_000 + 1,
            clock: 0,
        }
    }

    /// The next free class id, skipping ids in `used`.
    pub fn pctag(&mut self, used: &dyn Fn(u32) -> bool) -> Option<u32> {
        for _ in PCTAG_MIN..=PCTAG_MAX {
            let c = self.next_pctag;
            self.next_pctag = if c >= PCTAG_MAX { PCTAG_MIN } else { c + 1 };
            if !used(c) {
                return Some(c);
            }
        }
        None
    }
}

#[derive(Debug, Clone)]
pub struct Store {
    pub identity: SiteIdentity,
    pub alloc: Allocator,
    pub objects: BTreeMap<String, Mo>,
    by_class: HashMap<&'static str, BTreeSet<String>>,
    by_name: HashMap<(&'static str, String), BTreeSet<String>>,
    children: HashMap<String, BTreeSet<String>>,
    rel_targets: HashMap<String, BTreeSet<String>>,
    rel_sources: HashMap<String, Vec<String>>,
    pctags: HashSet<u32>,
}

/// The value of the first naming property, the key of the naming index.
fn first_naming(info: &ClassInfo, attrs: &BTreeMap<String, String>) -> Option<String> {
    info.naming.first().and_then(|p| attrs.get(*p)).cloned()
}

/// The tenant DN (`uni/tn-x`) an object lives in, if any.
pub fn tenant_of(dn: &str) -> Option<&str> {
    let rest = dn.strip_prefix("uni/tn-")?;
    let mut depth = 0usize;
    for (i, c) in rest.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '/' if depth == 0 => return Some(&dn[..7 + i]),
            _ => {}
        }
    }
    Some(dn)
}

impl Store {
    pub fn new(identity: SiteIdentity) -> Store {
        let alloc = Allocator::for_site(identity.site_id);
        Store {
            identity,
            alloc,
            objects: BTreeMap::new(),
            by_class: HashMap::new(),
            by_name: HashMap::new(),
            children: HashMap::new(),
            rel_targets: HashMap::new(),
            rel_sources: HashMap::new(),
            pctags: HashSet::new(),
        }
    }

    pub fn get(&self, dn: &str) -> Option<&Mo> {
        self.objects.get(dn)
    }

    pub fn pctag_used(&self, tag: u32) -> bool {
        self.pctags.contains(&tag)
    }

    /// Insert or replace one object (its parent should already exist).
    pub fn insert(&mut self, dn: String, mo: Mo) {
        if self.objects.contains_key(&dn) {
            self.remove(&dn);
        }
        let info = meta::class(mo.class).expect("stored classes are known");
        self.by_class
            .entry(mo.class)
            .or_default()
            .insert(dn.clone());
        if let Some(n) = first_naming(info, &mo.attrs) {
            self.by_name
                .entry((mo.class, n))
                .or_default()
                .insert(dn.clone());
        }
        if info.meta.alloc != Alloc::None {
            if let Some(t) = mo.attrs.get("pcTag").and_then(|t| t.parse().ok()) {
                self.pctags.insert(t);
            }
        }
        if let (Some(parent), _) = parent_and_rn(&dn) {
            self.children
                .entry(parent.to_string())
                .or_default()
                .insert(dn.clone());
        }
        self.objects.insert(dn, mo);
    }

    /// Remove one object (not its subtree).
    pub fn remove(&mut self, dn: &str) -> Option<Mo> {
        let mo = self.objects.remove(dn)?;
        let info = meta::class(mo.class).expect("stored classes are known");
        if let Some(set) = self.by_class.get_mut(mo.class) {
            set.remove(dn);
        }
        if let Some(n) = first_naming(info, &mo.attrs) {
            if let Some(set) = self.by_name.get_mut(&(mo.class, n)) {
                set.remove(dn);
            }
        }
        if let Some(t) = mo.attrs.get("pcTag").and_then(|t| t.parse().ok()) {
            if info.meta.alloc != Alloc::None {
                self.pctags.remove(&t);
            }
        }
        if let (Some(parent), _) = parent_and_rn(dn) {
            if let Some(set) = self.children.get_mut(parent) {
                set.remove(dn);
                if set.is_empty() {
                    self.children.remove(parent);
                }
            }
        }
        if let Some(old) = self.rel_sources.remove(dn) {
            for t in old {
                if let Some(set) = self.rel_targets.get_mut(&t) {
                    set.remove(dn);
                }
            }
        }
        Some(mo)
    }

    /// Direct children of `dn`, in DN order.
    pub fn children(&self, dn: &str) -> impl Iterator<Item = &String> + '_ {
        self.children.get(dn).into_iter().flatten()
    }

    /// `dn` (if present) and every descendant, in DN order.
    pub fn subtree<'a>(&'a self, dn: &'a str) -> impl Iterator<Item = (&'a String, &'a Mo)> + 'a {
        let lo = format!("{dn}/");
        let hi = format!("{dn}0");
        self.objects
            .get_key_value(dn)
            .into_iter()
            .chain(self.objects.range(lo..hi))
    }

    /// Every object of a class, in DN order.
    pub fn class_dns(&self, class: &str) -> impl Iterator<Item = &String> + '_ {
        self.by_class.get(class).into_iter().flatten()
    }

    /// Objects of a class whose first naming property equals `value`.
    pub fn named(&self, class: &'static str, value: &str) -> impl Iterator<Item = &String> + '_ {
        self.by_name
            .get(&(class, value.to_string()))
            .into_iter()
            .flatten()
    }

    /// Relations that may resolve to `dn` (to recompute when it appears or goes).
    pub fn relations_towards(&self, dn: &str) -> Vec<String> {
        self.rel_targets
            .get(dn)
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// Recompute `tDn`, `tCl`, `state`, `stateQual` of the relation at `dn`.
    pub fn resolve_relation(&mut self, dn: &str) {
        let Some(mo) = self.objects.get(dn) else {
            return;
        };
        let info = meta::class(mo.class).expect("stored classes are known");
        let Some(rel) = info.meta.rel else { return };
        let (candidates, tcl, name_given, ttype) = match rel {
            RelMeta::Named {
                prop,
                target_class,
                target_prefix,
            } => {
                let name = mo.attrs.get(prop).map(String::as_str).unwrap_or("");
                let lookup = if name.is_empty() { "default" } else { name };
                let mut c = Vec::new();
                if let Some(t) = tenant_of(dn) {
                    c.push(format!("{t}/{target_prefix}{lookup}"));
                }
                let common = format!("uni/tn-common/{target_prefix}{lookup}");
                if !c.contains(&common) {
                    c.push(common);
                }
                (c, target_class.to_string(), !name.is_empty(), "name")
            }
            RelMeta::Explicit { target_class } => {
                let t = mo.attrs.get("tDn").cloned().unwrap_or_default();
                let tcl = if !target_class.is_empty() {
                    target_class.to_string()
                } else {
                    resolve_dn(&t)
                        .map(|r| r.class().name().to_string())
                        .unwrap_or_default()
                };
                let c = if t.is_empty() { vec![] } else { vec![t] };
                (c, tcl, true, "mo")
            }
        };
        let found = candidates
            .iter()
            .find(|c| self.objects.contains_key(*c))
            .cloned();
        let (tdn, state, qual, tcl) = match &found {
            Some(t) => {
                let qual = if name_given { "none" } else { "default-target" };
                (t.clone(), "formed", qual, self.objects[t].class.to_string())
            }
            None => {
                let tdn = if name_given {
                    candidates.first().cloned().unwrap_or_default()
                } else {
                    String::new()
                };
                (tdn, "missing-target", "none", tcl)
            }
        };
        if let Some(old) = self.rel_sources.insert(dn.to_string(), candidates.clone()) {
            for t in old {
                if let Some(set) = self.rel_targets.get_mut(&t) {
                    set.remove(dn);
                }
            }
        }
        for c in candidates {
            self.rel_targets
                .entry(c)
                .or_default()
                .insert(dn.to_string());
        }
        let attrs = &mut self.objects.get_mut(dn).expect("checked above").attrs;
        attrs.insert("tDn".into(), tdn);
        attrs.insert("tCl".into(), tcl);
        attrs.insert("state".into(), state.into());
        attrs.insert("stateQual".into(), qual.into());
        attrs.insert("tType".into(), ttype.into());
    }

    /// Recompute every relation (after a restore).
    pub fn resolve_all_relations(&mut self) {
        let rels: Vec<String> = self
            .objects
            .iter()
            .filter(|(_, mo)| meta::class(mo.class).is_some_and(|c| c.meta.kind == Kind::Relation))
            .map(|(dn, _)| dn.clone())
            .collect();
        for dn in rels {
            self.resolve_relation(&dn);
        }
    }
}

/// The default attribute set of a new object of `info` with its naming values.
pub fn default_attrs(
    info: &ClassInfo,
    naming: &[(&'static str, String)],
) -> BTreeMap<String, String> {
    let mut attrs: BTreeMap<String, String> = info
        .props
        .iter()
        .map(|p| (p.name.to_string(), p.default.to_string()))
        .collect();
    for (k, v) in naming {
        attrs.insert(k.to_string(), v.clone());
    }
    attrs
}

/// A deterministic logical timestamp: `clock` seconds after 2024-01-01T00:00:00.
pub fn mod_ts(clock: u64) -> String {
    let days = clock / 86_400 + 19_723; // days from 1970-01-01 to 2024-01-01
    let secs = clock % 86_400;
    // Civil date from a day count (proleptic Gregorian calendar).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.000+00:00",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logical_clock_formats_dates() {
        assert_eq!(mod_ts(0), "2024-01-01T00:00:00.000+00:00");
        assert_eq!(mod_ts(86_400 * 60 + 3661), "2024-03-01T01:01:01.000+00:00");
    }

    #[test]
    fn tenant_of_handles_brackets() {
        assert_eq!(tenant_of("uni/tn-t1/BD-b"), Some("uni/tn-t1"));
        assert_eq!(tenant_of("uni/tn-t1"), Some("uni/tn-t1"));
        assert_eq!(tenant_of("topology/pod-1"), None);
    }
}
