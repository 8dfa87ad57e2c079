//! Plain managed-object values: one object (`Mo`: class, DN, attributes), an ordered set of
//! them keyed by DN (`MoSet`), the ownership annotations, DN functions and POST bodies. The
//! text listing lives in `listing`, reading APIC's wire JSON in `wire`.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

/// The annotation on every object the orchestrator deploys.
pub const OWNER_ANNOTATION: &str = "orchestrator:msc";
/// The annotation on shadow objects (the mirror of an object deployed in another site).
pub const SHADOW_ANNOTATION: &str = "orchestrator:msc-shadow:yes";

/// Attributes the site fills in or computes; they are never part of a desired object and
/// never count as a difference.
const SITE_FILLED: &[&str] = &[
    "dn",
    "rn",
    "status",
    "childAction",
    "extMngdBy",
    "lcOwn",
    "modTs",
    "uid",
    "monPolDn",
    "pcTag",
    "seg",
    "configSt",
    "state",
    "stateQual",
    "tCl",
    "tType",
    "rType",
    "forceResolve",
    "configIssues",
];

/// Whether `attr` of `class` is filled in by the site (read-only state, allocated ids).
pub fn is_site_filled(class: &str, attr: &str) -> bool {
    SITE_FILLED.contains(&attr) || (class == "fvCtx" && attr == "scope")
}

/// One managed object.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Mo {
    pub class: String,
    pub dn: String,
    /// Attributes without `dn`, `rn` and `status`.
    pub attrs: BTreeMap<String, String>,
}

impl Mo {
    pub fn new(class: &str, dn: impl Into<String>) -> Mo {
        Mo {
            class: class.to_string(),
            dn: dn.into(),
            attrs: BTreeMap::new(),
        }
    }

    /// Builder: set one attribute.
    pub fn with(mut self, key: &str, value: impl Into<String>) -> Mo {
        self.attrs.insert(key.to_string(), value.into());
        self
    }

    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.get(key).map(String::as_str)
    }

    pub fn annotation(&self) -> &str {
        self.attr("annotation").unwrap_or("")
    }

    /// Deployed by the orchestrator (real or shadow).
    pub fn is_owned(&self) -> bool {
        is_owned_annotation(self.annotation())
    }

    pub fn is_shadow(&self) -> bool {
        self.annotation() == SHADOW_ANNOTATION
    }

    /// The parent DN, `None` for a one-RN DN.
    pub fn parent_dn(&self) -> Option<&str> {
        parent_dn(&self.dn)
    }

    /// The POST body that creates or updates this object with all its attributes.
    pub fn post_body(&self) -> Value {
        post_body(
            &self.class,
            &self.dn,
            self.attrs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        )
    }
}

/// Whether an annotation marks an object the orchestrator owns.
pub fn is_owned_annotation(annotation: &str) -> bool {
    annotation.starts_with(OWNER_ANNOTATION)
}

/// The parent of a DN (split at the last `/` outside brackets).
pub fn parent_dn(dn: &str) -> Option<&str> {
    multisite_apic::dn::parent_and_rn(dn).0
}

/// Whether `dn` lies strictly below `ancestor`.
pub fn is_below(dn: &str, ancestor: &str) -> bool {
    dn.len() > ancestor.len() + 1
        && dn.starts_with(ancestor)
        && dn.as_bytes()[ancestor.len()] == b'/'
}

/// A POST body `{class: {attributes: {dn, ..}}}`.
pub fn post_body<'a>(
    class: &str,
    dn: &str,
    attrs: impl Iterator<Item = (&'a str, &'a str)>,
) -> Value {
    let mut map = Map::new();
    map.insert("dn".into(), Value::String(dn.to_string()));
    for (k, v) in attrs {
        map.insert(k.to_string(), Value::String(v.to_string()));
    }
    json!({ class: { "attributes": Value::Object(map) } })
}

/// An ordered set of objects keyed by DN. DN order puts every parent before its children.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MoSet {
    objects: BTreeMap<String, Mo>,
}

impl MoSet {
    pub fn new() -> MoSet {
        MoSet::default()
    }

    /// Insert or replace.
    pub fn insert(&mut self, mo: Mo) {
        self.objects.insert(mo.dn.clone(), mo);
    }

    /// Insert unless an object with this DN is already there.
    pub fn insert_if_absent(&mut self, mo: Mo) {
        self.objects.entry(mo.dn.clone()).or_insert(mo);
    }

    pub fn get(&self, dn: &str) -> Option<&Mo> {
        self.objects.get(dn)
    }

    pub fn get_mut(&mut self, dn: &str) -> Option<&mut Mo> {
        self.objects.get_mut(dn)
    }

    pub fn contains(&self, dn: &str) -> bool {
        self.objects.contains_key(dn)
    }

    /// Every object in DN order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Mo> + '_ {
        self.objects.values()
    }

    /// Every object of one class, in DN order.
    pub fn by_class<'a>(&'a self, class: &'a str) -> impl Iterator<Item = &'a Mo> + 'a {
        self.objects.values().filter(move |m| m.class == class)
    }

    /// The object at `dn` and everything below it, in DN order.
    pub fn subtree<'a>(&'a self, dn: &'a str) -> impl Iterator<Item = &'a Mo> + 'a {
        self.objects
            .range(dn.to_string()..)
            .map(|(_, m)| m)
            .take_while(move |m| m.dn == dn || m.dn.starts_with(dn))
            .filter(move |m| m.dn == dn || is_below(&m.dn, dn))
    }

    /// The direct children of `dn`.
    pub fn children<'a>(&'a self, dn: &'a str) -> impl Iterator<Item = &'a Mo> + 'a {
        self.subtree(dn).filter(move |m| m.parent_dn() == Some(dn))
    }

    /// Remove the object at `dn` and its subtree.
    pub fn remove_subtree(&mut self, dn: &str) {
        let doomed: Vec<String> = self.subtree(dn).map(|m| m.dn.clone()).collect();
        for d in doomed {
            self.objects.remove(&d);
        }
    }

    pub fn len(&self) -> usize {
        self.objects.len()
    }

    pub fn is_empty(&self) -> bool {
        self.objects.is_empty()
    }

    /// Add every object of `other`, replacing objects with the same DN.
    pub fn extend(&mut self, other: MoSet) {
        self.objects.extend(other.objects);
    }
}

impl FromIterator<Mo> for MoSet {
    fn from_iter<I: IntoIterator<Item = Mo>>(iter: I) -> MoSet {
        let mut set = MoSet::new();
        for mo in iter {
            set.insert(mo);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subtree_stops_at_siblings_sharing_a_prefix() {
        let set: MoSet = [
            "uni/tn-t",
            "uni/tn-t/BD-b",
            "uni/tn-t/BD-b/rsctx",
            "uni/tn-t/BD-b2",
            "uni/tn-t2",
        ]
        .iter()
        .map(|d| Mo::new("x", *d))
        .collect();
        let dns: Vec<_> = set
            .subtree("uni/tn-t/BD-b")
            .map(|m| m.dn.as_str())
            .collect();
        assert_eq!(dns, ["uni/tn-t/BD-b", "uni/tn-t/BD-b/rsctx"]);
        assert_eq!(set.children("uni/tn-t").count(), 2);
    }
}
