//! The diff between a site's desired objects and what the site holds: ordered changes
//! (deletes first, children before parents; then creates and updates, parents before
//! children), their stable text form, and `apply`, the site's own semantics for them.
//!
//! Rules:
//! - Only attributes present in the desired object are compared, and never the ones the
//!   site fills in ([`is_site_filled`]), so defaults, allocated ids and relation state
//!   never count as differences.
//! - An object the site already has but the orchestrator does not own (made by the site's
//!   admins, for example the tenant) is adopted as it is: its annotation is left alone.
//! - Only owned objects (annotation `orchestrator:msc*`) are ever deleted, and never one
//!   that still holds an object the site's admins made (a device under the tenant).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::listing::quote;
use crate::mo::{is_below, is_site_filled, parent_dn, post_body, Mo, MoSet};

/// Relation and container children the controller creates by itself with its parent; they
/// carry no annotation and do not keep their parent alive.
const IMPLICIT: &[&str] = &[
    "vzAny",
    "fvRsCtx",
    "fvRsIgmpsn",
    "fvRsBdToEpRet",
    "fvRsBDToNdP",
    "fvRsMldsn",
    "fvRsBDToFhs",
    "fvRsBd",
    "fvRsCustQosPol",
    "l3extRsEctx",
    "vnsSvcCont",
];

/// One change to a site (serialized with an `action` tag: `create`, `modify`, `delete`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "action", rename_all = "camelCase")]
pub enum Change {
    /// Create the object with all its desired attributes.
    Create(Mo),
    /// Update the listed attributes: name -> (observed, desired).
    Modify {
        class: String,
        dn: String,
        attrs: BTreeMap<String, (String, String)>,
    },
    /// Delete the object and its subtree.
    Delete { class: String, dn: String },
}

impl Change {
    pub fn dn(&self) -> &str {
        match self {
            Change::Create(mo) => &mo.dn,
            Change::Modify { dn, .. } | Change::Delete { dn, .. } => dn,
        }
    }

    pub fn class(&self) -> &str {
        match self {
            Change::Create(mo) => &mo.class,
            Change::Modify { class, .. } | Change::Delete { class, .. } => class,
        }
    }

    /// `create`, `modify` or `delete`.
    pub fn verb(&self) -> &'static str {
        match self {
            Change::Create(_) => "create",
            Change::Modify { .. } => "modify",
            Change::Delete { .. } => "delete",
        }
    }

    /// The POST body that makes this change on an APIC (`status: deleted` for deletes).
    pub fn post_body(&self) -> Value {
        match self {
            Change::Create(mo) => mo.post_body(),
            Change::Modify { class, dn, attrs } => post_body(
                class,
                dn,
                attrs.iter().map(|(k, (_, new))| (k.as_str(), new.as_str())),
            ),
            Change::Delete { class, dn } => {
                post_body(class, dn, [("status", "deleted")].into_iter())
            }
        }
    }

    /// One line: `+ dn class k=v ..`, `~ dn class k: old -> new; ..`, `- dn class`.
    pub fn to_line(&self) -> String {
        let mut out = String::new();
        match self {
            Change::Create(mo) => {
                out.push_str(&format!("+ {} {}", mo.dn, mo.class));
                for (k, v) in &mo.attrs {
                    out.push_str(&format!(" {k}={}", quote(v)));
                }
            }
            Change::Modify { class, dn, attrs } => {
                out.push_str(&format!("~ {dn} {class} "));
                let parts: Vec<String> = attrs
                    .iter()
                    .map(|(k, (old, new))| format!("{k}: {} -> {}", quote(old), quote(new)))
                    .collect();
                out.push_str(&parts.join("; "));
            }
            Change::Delete { class, dn } => out.push_str(&format!("- {dn} {class}")),
        }
        out
    }
}

/// The text form of a list of changes, one line each (empty for no change).
pub fn changes_text(changes: &[Change]) -> String {
    changes.iter().map(|c| c.to_line() + "\n").collect()
}

/// The ordered changes that turn `observed` into `desired`. `observed` should hold
/// everything the site has in the scope (owned or not): ownership is decided here.
pub fn diff(desired: &MoSet, observed: &MoSet) -> Vec<Change> {
    let mut upserts = Vec::new();
    for want in desired.iter() {
        match observed.get(&want.dn) {
            None => upserts.push(Change::Create(want.clone())),
            Some(have) => {
                let adopt = !have.is_owned();
                let mut attrs = BTreeMap::new();
                for (k, v) in &want.attrs {
                    if is_site_filled(&want.class, k) || (adopt && k == "annotation") {
                        continue;
                    }
                    let old = have.attr(k).unwrap_or("");
                    if old != v || have.attr(k).is_none() {
                        attrs.insert(k.clone(), (old.to_string(), v.clone()));
                    }
                }
                if !attrs.is_empty() {
                    upserts.push(Change::Modify {
                        class: want.class.clone(),
                        dn: want.dn.clone(),
                        attrs,
                    });
                }
            }
        }
    }

    // Objects that must stay: ancestors of desired objects and of objects the site's admins made.
    let mut keep = BTreeSet::new();
    let mark_ancestors = |dn: &str, keep: &mut BTreeSet<String>| {
        let mut cur = parent_dn(dn);
        while let Some(p) = cur {
            if !keep.insert(p.to_string()) {
                break;
            }
            cur = parent_dn(p);
        }
    };
    for mo in desired.iter() {
        mark_ancestors(&mo.dn, &mut keep);
    }
    for mo in observed
        .iter()
        .filter(|m| !m.is_owned() && !IMPLICIT.contains(&m.class.as_str()))
    {
        mark_ancestors(&mo.dn, &mut keep);
    }
    let doomed: Vec<&Mo> = observed
        .iter()
        .filter(|m| m.is_owned() && !desired.contains(&m.dn) && !keep.contains(&m.dn))
        .collect();
    let doomed_dns: BTreeSet<&str> = doomed.iter().map(|m| m.dn.as_str()).collect();
    let mut deletes: Vec<Change> = doomed
        .iter()
        .filter(|m| {
            let mut cur = parent_dn(&m.dn);
            while let Some(p) = cur {
                if doomed_dns.contains(p) {
                    return false;
                }
                cur = parent_dn(p);
            }
            true
        })
        .map(|m| Change::Delete {
            class: m.class.clone(),
            dn: m.dn.clone(),
        })
        .collect();
    deletes.reverse();
    deletes.extend(upserts);
    deletes
}

/// Apply changes with the site's semantics: create-or-update merges attributes, delete
/// removes the subtree.
pub fn apply(set: &mut MoSet, changes: &[Change]) {
    for change in changes {
        match change {
            Change::Create(mo) => match set.get_mut(&mo.dn) {
                Some(have) => have.attrs.extend(mo.attrs.clone()),
                None => set.insert(mo.clone()),
            },
            Change::Modify { class, dn, attrs } => {
                if set.get(dn).is_none() {
                    set.insert(Mo::new(class, dn.clone()));
                }
                if let Some(have) = set.get_mut(dn) {
                    for (k, (_, new)) in attrs {
                        have.attrs.insert(k.clone(), new.clone());
                    }
                }
            }
            Change::Delete { dn, .. } => set.remove_subtree(dn),
        }
    }
}

/// Keep the objects of `observed` that lie in `scope_roots` (a root and its subtree).
pub fn within(observed: &MoSet, scope_roots: &[String]) -> MoSet {
    observed
        .iter()
        .filter(|m| scope_roots.iter().any(|r| m.dn == *r || is_below(&m.dn, r)))
        .cloned()
        .collect()
}
