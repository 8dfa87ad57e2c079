//! Read access to one site's flat object list: by DN, by class, children of
//! a parent, and named-relation resolution (own tenant, then `common`).

use std::collections::{BTreeMap, HashMap};

use crate::mo::{parent_dn, tenant_of, Mo};

/// Indexes over one site's objects, borrowed for the duration of a build.
pub(crate) struct Objects<'a> {
    by_dn: HashMap<&'a str, &'a Mo>,
    by_class: BTreeMap<&'a str, Vec<&'a Mo>>,
    children: HashMap<&'a str, Vec<&'a Mo>>,
}

impl<'a> Objects<'a> {
    pub(crate) fn new(objects: &'a [Mo]) -> Objects<'a> {
        let mut o = Objects {
            by_dn: HashMap::new(),
            by_class: BTreeMap::new(),
            children: HashMap::new(),
        };
        for mo in objects {
            o.by_dn.insert(mo.dn.as_str(), mo);
            o.by_class.entry(mo.class.as_str()).or_default().push(mo);
            if let Some(p) = parent_dn(&mo.dn) {
                o.children.entry(p).or_default().push(mo);
            }
        }
        for list in o.by_class.values_mut().chain(o.children.values_mut()) {
            list.sort_by(|a, b| a.dn.cmp(&b.dn));
        }
        o
    }

    /// All objects of a class, ordered by DN.
    pub(crate) fn class(&self, class: &str) -> &[&'a Mo] {
        self.by_class.get(class).map(Vec::as_slice).unwrap_or(&[])
    }

    /// An object by DN.
    pub(crate) fn get(&self, dn: &str) -> Option<&'a Mo> {
        self.by_dn.get(dn).copied()
    }

    /// An object by DN, only if it has the given class.
    pub(crate) fn get_class(&self, dn: &str, class: &str) -> Option<&'a Mo> {
        self.get(dn).filter(|m| m.class == class)
    }

    /// Children of `dn` with the given class, ordered by DN.
    pub(crate) fn children(&self, dn: &str, class: &str) -> impl Iterator<Item = &'a Mo> + '_ {
        let class = class.to_string();
        self.children
            .get(dn)
            .into_iter()
            .flatten()
            .copied()
            .filter(move |m| m.class == class)
    }

    /// The first child of `dn` with the given class.
    pub(crate) fn child(&self, dn: &str, class: &str) -> Option<&'a Mo> {
        self.children(dn, class).next()
    }

    /// Resolves a named relation from an object in a tenant: the object
    /// `uni/tn-{tenant}/{rn_prefix}{name}`, else the same in tenant `common`.
    pub(crate) fn resolve_named(
        &self,
        from_dn: &str,
        rn_prefix: &str,
        name: &str,
        class: &str,
    ) -> Option<&'a Mo> {
        if name.is_empty() {
            return None;
        }
        let tenant = tenant_of(from_dn)?;
        [tenant, "common"]
            .iter()
            .find_map(|t| self.get_class(&format!("uni/tn-{t}/{rn_prefix}{name}"), class))
    }

    /// The target DN of an explicit relation child (`tDn`) of `dn`.
    pub(crate) fn rel_tdn(&self, dn: &str, class: &str) -> Option<&'a str> {
        self.child(dn, class)
            .map(|m| m.attr("tDn"))
            .filter(|t| !t.is_empty())
    }
}
