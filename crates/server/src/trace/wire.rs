//! Managed objects between the APIC wire shape (`{"<class>": {"attributes": {...},
//! "children": [...]}}`) and the fabric simulator's flat [`Mo`] list, both ways: answers
//! of class queries become `Mo`s, and a flat list becomes the parent-first trees to POST.

use std::collections::{BTreeMap, BTreeSet};

use multisite_fabric::mo::parent_dn;
use multisite_fabric::Mo;
use serde_json::{json, Map, Value};

/// Attributes that describe the object's place or state rather than its configuration;
/// they are not kept in a [`Mo`] and never posted.
const NOT_CONFIG: &[&str] = &[
    "dn",
    "rn",
    "status",
    "childAction",
    "modTs",
    "lcOwn",
    "uid",
    "userdom",
];

/// One `imdata` item as a managed object (children, if any, are ignored).
/// `None` when the item is not an object with a class and a DN.
pub fn mo_from_wire(item: &Value) -> Option<Mo> {
    let (class, body) = item.as_object()?.iter().next()?;
    let attributes = body.get("attributes")?.as_object()?;
    let dn = attributes.get("dn")?.as_str()?.to_string();
    let attrs = attributes
        .iter()
        .filter(|(k, _)| !NOT_CONFIG.contains(&k.as_str()))
        .filter_map(|(k, v)| match v {
            Value::String(s) => Some((k.clone(), s.clone())),
            Value::Number(n) => Some((k.clone(), n.to_string())),
            Value::Bool(b) => Some((k.clone(), b.to_string())),
            _ => None,
        })
        .collect();
    Some(Mo {
        class: class.clone(),
        dn,
        attrs,
    })
}

/// The POST bodies that create a flat object list on a site: one `(dn, body)` per
/// object whose parent is not in the list, each carrying its descendants as nested
/// `children`. Ordered by DN, so a parent always comes before anything under it.
pub fn tree_bodies(objects: &[Mo]) -> Vec<(String, Value)> {
    let by_dn: BTreeMap<&str, &Mo> = objects.iter().map(|m| (m.dn.as_str(), m)).collect();
    let mut children: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut roots = Vec::new();
    for dn in by_dn.keys() {
        match parent_dn(dn).filter(|p| by_dn.contains_key(p)) {
            Some(p) => {
                children.entry(p).or_default().insert(dn);
            }
            None => roots.push(*dn),
        }
    }
    roots
        .iter()
        .map(|dn| (dn.to_string(), body(dn, &by_dn, &children)))
        .collect()
}

fn body(dn: &str, by_dn: &BTreeMap<&str, &Mo>, children: &BTreeMap<&str, BTreeSet<&str>>) -> Value {
    let mo = by_dn[dn];
    let attributes: Map<String, Value> = mo
        .attrs
        .iter()
        .filter(|(k, _)| !NOT_CONFIG.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .chain(std::iter::once((
            "dn".to_string(),
            Value::String(mo.dn.clone()),
        )))
        .collect();
    let kids: Vec<Value> = children
        .get(dn)
        .into_iter()
        .flatten()
        .map(|c| body(c, by_dn, children))
        .collect();
    let mut inner = json!({ "attributes": attributes });
    if !kids.is_empty() {
        inner["children"] = Value::Array(kids);
    }
    json!({ mo.class.clone(): inner })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_items_become_objects_and_back() {
        let item = json!({"fvBD": {"attributes": {
            "dn": "uni/tn-T/BD-b", "name": "b", "seg": 16000, "status": "", "modTs": "never"}}});
        let mo = mo_from_wire(&item).unwrap();
        assert_eq!(
            mo,
            Mo::new("fvBD", "uni/tn-T/BD-b", &[("name", "b"), ("seg", "16000")])
        );
        assert_eq!(mo_from_wire(&json!({"fvBD": {}})), None);

        let objects = vec![
            Mo::new("fvRsCtx", "uni/tn-T/BD-b/rsctx", &[("tnFvCtxName", "v")]),
            mo,
            Mo::new("fvTenant", "uni/tn-T", &[("name", "T")]),
            Mo::new("fvTenant", "uni/tn-U", &[("name", "U")]),
        ];
        let posts = tree_bodies(&objects);
        let dns: Vec<&str> = posts.iter().map(|(dn, _)| dn.as_str()).collect();
        assert_eq!(dns, ["uni/tn-T", "uni/tn-U"]);
        let bd = &posts[0].1["fvTenant"]["children"][0]["fvBD"];
        assert_eq!(bd["attributes"]["dn"], "uni/tn-T/BD-b");
        assert_eq!(
            bd["children"][0]["fvRsCtx"]["attributes"]["tnFvCtxName"],
            "v"
        );
        assert!(posts[1].1["fvTenant"].get("children").is_none());
    }
}
