//! Class metadata: for every class the controller knows, its RN format and naming
//! properties, allowed parents, properties (type, default, access), implicit children,
//! relation target and identifier allocation. The tables live in one module per area;
//! this module holds the types and the registry built from them.

mod graph;
mod infra;
mod l3out;
mod l4l7;
mod tenant;
mod types;

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::dn::{parse_format, RnPart};
pub use types::*;

/// A class with its parsed RN format and its full property list (common ones added).
#[derive(Debug)]
pub struct ClassInfo {
    pub meta: &'static ClassMeta,
    pub rn_parts: Vec<RnPart>,
    pub props: Vec<PropMeta>,
    pub naming: Vec<&'static str>,
}

impl ClassInfo {
    pub fn name(&self) -> &'static str {
        self.meta.name
    }

    pub fn prop(&self, name: &str) -> Option<&PropMeta> {
        self.props.iter().find(|p| p.name == name)
    }

    /// True when the RN has no naming value (a singleton child such as `rsctx`).
    pub fn is_singleton(&self) -> bool {
        self.naming.is_empty()
    }

    /// The longest literal the RN starts with (used to try specific formats first).
    fn prefix_len(&self) -> usize {
        match self.rn_parts.first() {
            Some(RnPart::Lit(l)) => l.len(),
            _ => 0,
        }
    }
}

/// Every known class, by name, with the reverse parent index.
pub struct Registry {
    classes: HashMap<&'static str, ClassInfo>,
    children: HashMap<&'static str, Vec<&'static str>>,
    any_parent: Vec<&'static str>,
    roots: Vec<&'static str>,
}

fn tables() -> impl Iterator<Item = &'static ClassMeta> {
    tenant::CLASSES
        .iter()
        .chain(l3out::CLASSES)
        .chain(l4l7::CLASSES)
        .chain(graph::CLASSES)
        .chain(infra::CLASSES)
}

fn common_props(kind: Kind, rel: Option<RelMeta>) -> Vec<PropMeta> {
    let mut out = Vec::new();
    match kind {
        Kind::Policy => {
            out.extend_from_slice(&[
                cfg("descr", PropType::Descr, ""),
                cfg(
                    "nameAlias",
                    PropType::Name {
                        max: 63,
                        required: false,
                    },
                    "",
                ),
                cfg("annotation", PropType::Annotation, ""),
                cfg("ownerKey", PropType::Text { max: 128 }, ""),
                cfg("ownerTag", PropType::Text { max: 64 }, ""),
                cfg("userdom", PropType::Text { max: 128 }, ":all:"),
                ro("monPolDn", "uni/tn-common/monepg-default"),
            ]);
        }
        Kind::Relation => {
            out.extend_from_slice(&[
                cfg("annotation", PropType::Annotation, ""),
                cfg("userdom", PropType::Text { max: 128 }, ":all:"),
                ro("tCl", ""),
                ro("state", "missing-target"),
                ro("stateQual", "none"),
                ro("tType", "mo"),
                ro("forceResolve", "yes"),
                ro("rType", "mo"),
            ]);
            if let Some(RelMeta::Named { .. }) = rel {
                out.push(ro("tDn", ""));
            }
        }
        Kind::Tag | Kind::System => {}
    }
    out.extend_from_slice(&[
        ro("childAction", ""),
        ro("extMngdBy", ""),
        ro("lcOwn", "local"),
        ro("modTs", "never"),
        ro("uid", "0"),
    ]);
    out
}

fn build() -> Registry {
    let mut classes = HashMap::new();
    let mut children: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
    let mut any_parent = Vec::new();
    let mut roots = Vec::new();
    for meta in tables() {
        let rn_parts = parse_format(meta.rn);
        let naming = rn_parts
            .iter()
            .filter_map(|p| match p {
                RnPart::Var(v) => Some(*v),
                RnPart::Lit(_) => None,
            })
            .collect();
        let mut props: Vec<PropMeta> = meta.props.to_vec();
        for p in common_props(meta.kind, meta.rel) {
            if !props.iter().any(|q| q.name == p.name) {
                props.push(p);
            }
        }
        match meta.parents {
            [] => roots.push(meta.name),
            ["*"] => any_parent.push(meta.name),
            parents => {
                for p in parents {
                    children.entry(p).or_default().push(meta.name);
                }
            }
        }
        classes.insert(
            meta.name,
            ClassInfo {
                meta,
                rn_parts,
                props,
                naming,
            },
        );
    }
    let by_prefix = |list: &mut Vec<&'static str>, classes: &HashMap<&'static str, ClassInfo>| {
        list.sort_by_key(|c| (std::cmp::Reverse(classes[c].prefix_len()), *c));
    };
    for list in children.values_mut() {
        by_prefix(list, &classes);
    }
    by_prefix(&mut any_parent, &classes);
    Registry {
        classes,
        children,
        any_parent,
        roots,
    }
}

/// The process-wide registry.
pub fn registry() -> &'static Registry {
    static REG: OnceLock<Registry> = OnceLock::new();
    REG.get_or_init(build)
}

/// Metadata of one class by name.
pub fn class(name: &str) -> Option<&'static ClassInfo> {
    registry().classes.get(name)
}

impl Registry {
    /// Classes that may be children of `parent`, most specific RN prefix first.
    pub fn child_classes(
        &'static self,
        parent: &str,
    ) -> impl Iterator<Item = &'static ClassInfo> + 'static {
        self.children
            .get(parent)
            .into_iter()
            .flatten()
            .chain(self.any_parent.iter())
            .map(move |c| &self.classes[c])
    }

    /// Classes with no parent (`uni`, `topology`).
    pub fn roots(&'static self) -> impl Iterator<Item = &'static ClassInfo> + 'static {
        self.roots.iter().map(move |c| &self.classes[c])
    }

    /// Every class name, sorted.
    pub fn class_names(&self) -> Vec<&'static str> {
        let mut v: Vec<_> = self.classes.keys().copied().collect();
        v.sort_unstable();
        v
    }

    /// Whether `child` may live under `parent`.
    pub fn may_contain(&self, parent: &str, child: &str) -> bool {
        self.any_parent.contains(&child)
            || self
                .children
                .get(parent)
                .is_some_and(|l| l.contains(&child))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_entry_is_consistent() {
        let reg = registry();
        for name in reg.class_names() {
            let c = class(name).unwrap();
            for p in c.meta.parents {
                assert!(
                    *p == "*" || class(p).is_some(),
                    "{name}: unknown parent {p}"
                );
            }
            for i in c.meta.implicit {
                let ic = class(i).unwrap_or_else(|| panic!("{name}: unknown implicit {i}"));
                assert!(
                    ic.is_singleton(),
                    "{name}: implicit {i} must have a fixed RN"
                );
                assert!(reg.may_contain(name, i), "{name}: implicit {i} not a child");
            }
            for n in &c.naming {
                let p = c
                    .prop(n)
                    .unwrap_or_else(|| panic!("{name}: naming {n} has no prop"));
                assert_eq!(p.access, Access::Naming, "{name}.{n}");
            }
            for p in &c.props {
                if p.access == Access::Naming {
                    assert!(
                        c.naming.contains(&p.name),
                        "{name}.{}: naming prop not in RN",
                        p.name
                    );
                } else if p.access != Access::ReadOnly {
                    let ok = crate::value::canonical(p, p.default).is_ok()
                        || p.default.is_empty()
                        || c.meta.kind == Kind::System;
                    assert!(
                        ok,
                        "{name}.{}: default {:?} does not validate",
                        p.name, p.default
                    );
                }
            }
        }
    }
}
