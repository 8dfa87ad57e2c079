//! Answering GETs: choosing the result set (MO or class, query-target, filters),
//! ordering and paging it, and encoding each object with its selected attributes and
//! nested `children` (omitted when empty).

use std::cmp::Ordering;
use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use crate::error::ApicError;
use crate::filter::{compare_values, Filter};
use crate::meta::{self, Access, Kind};
use crate::params::{parse_path, parse_query, PropInclude, Query, QueryTarget, RspSubtree, Target};
use crate::resolve::resolve_dn;
use crate::store::{Mo, Store};

/// The `{"totalCount": "N", "imdata": [...]}` envelope.
pub fn envelope(total: usize, imdata: Vec<Value>) -> Value {
    json!({"totalCount": total.to_string(), "imdata": imdata})
}

/// Value of a property for filtering and ordering (`dn` and `rn` included).
pub fn prop_value<'a>(dn: &'a str, mo: &'a Mo, prop: &str) -> Option<&'a str> {
    match prop {
        "dn" => Some(dn),
        "rn" => Some(crate::dn::parent_and_rn(dn).1),
        "status" => Some(""),
        _ => mo.attrs.get(prop).map(String::as_str),
    }
}

fn matches(filter: &Filter, dn: &str, mo: &Mo) -> bool {
    filter.matches(mo.class, &|p| prop_value(dn, mo, p))
}

/// The attributes of `mo` selected by `props`, with `dn` (top level) or `rn` (nested).
pub fn attributes(dn: &str, mo: &Mo, props: PropInclude, top: bool) -> Map<String, Value> {
    let info = meta::class(mo.class).expect("stored classes are known");
    let mut out = Map::new();
    let mut pairs: Vec<(&str, &str)> = Vec::with_capacity(mo.attrs.len() + 2);
    for (k, v) in &mo.attrs {
        let keep = match props {
            PropInclude::All => true,
            PropInclude::ConfigOnly => info.prop(k).is_some_and(|p| p.access != Access::ReadOnly),
            PropInclude::NamingOnly => info.naming.contains(&k.as_str()),
        };
        if keep {
            pairs.push((k, v));
        }
    }
    if props == PropInclude::All {
        pairs.push(("status", ""));
    }
    let rn = crate::dn::parent_and_rn(dn).1;
    pairs.push(if top { ("dn", dn) } else { ("rn", rn) });
    pairs.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for (k, v) in pairs {
        out.insert(k.to_string(), Value::String(v.to_string()));
    }
    out
}

/// Encode one object and the part of its subtree that `q` selects.
pub fn encode(store: &Store, dn: &str, q: &Query, top: bool, depth_left: usize) -> Value {
    let mo = store.get(dn).expect("encode is called on stored objects");
    let mut body = Map::new();
    body.insert(
        "attributes".into(),
        Value::Object(attributes(dn, mo, q.props, top)),
    );
    if depth_left > 0 {
        let mut kids = Vec::new();
        for child in store.children(dn) {
            let cmo = &store.objects[child];
            if q.rsp_classes
                .as_ref()
                .is_some_and(|set| !set.contains(cmo.class))
            {
                continue;
            }
            if let Some(f) = &q.rsp_filter {
                if f.classes().contains(cmo.class) && !matches(f, child, cmo) {
                    continue;
                }
            }
            kids.push(encode(store, child, q, false, depth_left - 1));
        }
        if !kids.is_empty() {
            body.insert("children".into(), Value::Array(kids));
        }
    }
    let mut wrap = Map::new();
    wrap.insert(mo.class.to_string(), Value::Object(body));
    Value::Object(wrap)
}

/// Candidate DNs of a class query, narrowed by the naming index when the filter
/// requires an exact naming value.
fn class_candidates(store: &Store, class: &'static str, filter: Option<&Filter>) -> Vec<String> {
    let info = meta::class(class).expect("checked by caller");
    if let Some((prop, value)) = filter.and_then(Filter::required_eq) {
        if prop.class == class {
            if prop.prop == "dn" {
                return store
                    .get(value)
                    .filter(|mo| mo.class == class)
                    .map(|_| vec![value.to_string()])
                    .unwrap_or_default();
            }
            if info.naming.first() == Some(&prop.prop.as_str()) {
                return store.named(class, value).cloned().collect();
            }
        }
    }
    store.class_dns(class).cloned().collect()
}

fn in_scope(dn: &str, scope: &str) -> bool {
    dn == scope || (dn.starts_with(scope) && dn.as_bytes().get(scope.len()) == Some(&b'/'))
}

/// Answer a GET request.
pub fn get(store: &Store, path: &str, params: &[(String, String)]) -> Result<Value, ApicError> {
    let q = parse_query(params)?;
    let base: Vec<String> = match parse_path(path)? {
        Target::Mo(dn) => {
            let dn = resolve_dn(&dn)?.dn();
            if store.get(&dn).is_some() {
                vec![dn]
            } else {
                vec![]
            }
        }
        Target::Class { scope, class } => {
            let info = meta::class(&class).ok_or_else(|| ApicError::unresolved_class(&class))?;
            let scope = scope.map(|s| resolve_dn(&s).map(|r| r.dn())).transpose()?;
            let mut c = class_candidates(
                store,
                info.name(),
                if q.target == QueryTarget::SelfOnly {
                    q.filter.as_ref()
                } else {
                    None
                },
            );
            if let Some(s) = &scope {
                c.retain(|dn| in_scope(dn, s));
            }
            c
        }
    };
    let mut set: Vec<String> = Vec::new();
    for dn in &base {
        match q.target {
            QueryTarget::SelfOnly => set.push(dn.clone()),
            QueryTarget::Children => set.extend(store.children(dn).cloned()),
            QueryTarget::Subtree => set.extend(store.subtree(dn).map(|(d, _)| d.clone())),
        }
    }
    if q.target != QueryTarget::SelfOnly && base.len() > 1 {
        set.sort();
        set.dedup();
    }
    if let Some(classes) = &q.target_classes {
        if q.target != QueryTarget::SelfOnly {
            set.retain(|dn| classes.contains(store.objects[dn].class));
        }
    }
    if let Some(f) = &q.filter {
        set.retain(|dn| matches(f, dn, &store.objects[dn]));
    }
    if !q.order_by.is_empty() {
        set.sort_by(|a, b| order(store, &q, a, b));
    }
    if q.include_count {
        return Ok(envelope(
            1,
            vec![
                json!({"moCount": {"attributes": {"childAction": "", "count": set.len().to_string(), "dn": "", "status": ""}}}),
            ],
        ));
    }
    let total = set.len();
    let page = match q.page_size {
        Some(size) => {
            let start = q.page.unwrap_or(0).saturating_mul(size);
            set.into_iter().skip(start).take(size).collect()
        }
        None => set,
    };
    let depth = match q.rsp_subtree {
        RspSubtree::No | RspSubtree::Modified => 0,
        RspSubtree::Children => 1,
        RspSubtree::Full => usize::MAX,
    };
    let mut imdata: Vec<Value> = page
        .iter()
        .map(|dn| encode(store, dn, &q, true, depth))
        .collect();
    if q.include_relations {
        let mut seen: BTreeSet<&String> = page.iter().collect();
        for dn in &page {
            for (rdn, mo) in store.subtree(dn) {
                let is_rel = meta::class(mo.class).is_some_and(|c| c.meta.kind == Kind::Relation);
                if is_rel && seen.insert(rdn) {
                    imdata.push(encode(store, rdn, &q, true, 0));
                }
            }
        }
    }
    Ok(envelope(total.max(imdata.len()), imdata))
}

fn order(store: &Store, q: &Query, a: &str, b: &str) -> Ordering {
    let (ma, mb) = (&store.objects[a], &store.objects[b]);
    for (prop, desc) in &q.order_by {
        let va = if ma.class == prop.class {
            prop_value(a, ma, &prop.prop)
        } else {
            None
        };
        let vb = if mb.class == prop.class {
            prop_value(b, mb, &prop.prop)
        } else {
            None
        };
        let o = match (va, vb) {
            (Some(x), Some(y)) => compare_values(x, y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        let o = if *desc { o.reverse() } else { o };
        if o != Ordering::Equal {
            return o;
        }
    }
    a.cmp(b)
}
