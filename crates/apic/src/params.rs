//! Request paths and query parameters: which object or class a URL names, and the
//! parsed form of `query-target`, `rsp-subtree*`, `rsp-prop-include`, `order-by` and paging.

use std::collections::BTreeSet;

use crate::error::ApicError;
use crate::filter::{self, Filter, PropRef};

/// What a request path names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `/api/mo/{dn}.json` (or `/api/node/mo/...`).
    Mo(String),
    /// `/api/class/{class}.json` or `/api/class/{dn}/{class}.json`.
    Class {
        scope: Option<String>,
        class: String,
    },
}

/// Parse a request path (without the query string).
pub fn parse_path(path: &str) -> Result<Target, ApicError> {
    let unsupported = || ApicError::new(400, "400", format!("Unsupported request path {path}"));
    let rest = path.strip_prefix("/api/").ok_or_else(unsupported)?;
    let rest = rest.strip_prefix("node/").unwrap_or(rest);
    let (kind, rest) = rest.split_once('/').ok_or_else(unsupported)?;
    let body = match rest.strip_suffix(".json") {
        Some(b) => b,
        None if rest.ends_with(".xml") => {
            return Err(ApicError::new(
                400,
                "400",
                "XML encoding is not supported; use .json",
            ))
        }
        None => return Err(unsupported()),
    };
    if body.is_empty() {
        return Err(unsupported());
    }
    match kind {
        "mo" => Ok(Target::Mo(body.to_string())),
        "class" => {
            let (scope, class) = match crate::dn::parent_and_rn(body) {
                (Some(scope), class) => (Some(scope.to_string()), class),
                (None, class) => (None, class),
            };
            Ok(Target::Class {
                scope,
                class: class.to_string(),
            })
        }
        _ => Err(unsupported()),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryTarget {
    SelfOnly,
    Children,
    Subtree,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RspSubtree {
    No,
    Children,
    Full,
    Modified,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PropInclude {
    All,
    NamingOnly,
    ConfigOnly,
}

/// Every query parameter the controller understands, parsed.
#[derive(Debug, Clone)]
pub struct Query {
    pub target: QueryTarget,
    pub target_classes: Option<BTreeSet<String>>,
    pub filter: Option<Filter>,
    pub rsp_subtree: RspSubtree,
    pub rsp_classes: Option<BTreeSet<String>>,
    pub rsp_filter: Option<Filter>,
    pub include_count: bool,
    pub include_relations: bool,
    pub props: PropInclude,
    pub order_by: Vec<(PropRef, bool)>,
    pub page: Option<usize>,
    pub page_size: Option<usize>,
}

fn class_list(v: &str) -> BTreeSet<String> {
    v.split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(String::from)
        .collect()
}

fn bad(param: &str, v: &str) -> ApicError {
    ApicError::bad_query(format!("Invalid value '{v}' for query parameter {param}"))
}

/// Parse percent-decoded query parameters; unknown parameters are ignored.
pub fn parse_query(params: &[(String, String)]) -> Result<Query, ApicError> {
    let mut q = Query {
        target: QueryTarget::SelfOnly,
        target_classes: None,
        filter: None,
        rsp_subtree: RspSubtree::No,
        rsp_classes: None,
        rsp_filter: None,
        include_count: false,
        include_relations: false,
        props: PropInclude::All,
        order_by: Vec::new(),
        page: None,
        page_size: None,
    };
    for (k, v) in params {
        let v = v.as_str();
        match k.as_str() {
            "query-target" => {
                q.target = match v {
                    "self" => QueryTarget::SelfOnly,
                    "children" => QueryTarget::Children,
                    "subtree" => QueryTarget::Subtree,
                    _ => return Err(bad(k, v)),
                }
            }
            "target-subtree-class" => q.target_classes = Some(class_list(v)),
            "query-target-filter" => q.filter = Some(filter::parse(v)?),
            "rsp-subtree" => {
                q.rsp_subtree = match v {
                    "no" => RspSubtree::No,
                    "children" => RspSubtree::Children,
                    "full" => RspSubtree::Full,
                    "modified" => RspSubtree::Modified,
                    _ => return Err(bad(k, v)),
                }
            }
            "rsp-subtree-class" => q.rsp_classes = Some(class_list(v)),
            "rsp-subtree-filter" => q.rsp_filter = Some(filter::parse(v)?),
            "rsp-subtree-include" => {
                for item in class_list(v) {
                    match item.as_str() {
                        "count" => q.include_count = true,
                        "relations" => q.include_relations = true,
                        "faults"
                        | "health"
                        | "stats"
                        | "required"
                        | "no-scoped"
                        | "subtree"
                        | "audit-logs"
                        | "event-logs"
                        | "fault-count"
                        | "health-records"
                        | "fault-records"
                        | "relations-with-parent" => {}
                        _ => return Err(bad(k, v)),
                    }
                }
            }
            "rsp-prop-include" => {
                q.props = match v {
                    "all" => PropInclude::All,
                    "naming-only" => PropInclude::NamingOnly,
                    "config-only" => PropInclude::ConfigOnly,
                    _ => return Err(bad(k, v)),
                }
            }
            "order-by" => {
                for item in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    let (p, dir) = item.split_once('|').unwrap_or((item, "asc"));
                    let desc = match dir {
                        "asc" => false,
                        "desc" => true,
                        _ => return Err(bad(k, v)),
                    };
                    let (class, prop) = p
                        .split_once('.')
                        .filter(|(c, p)| !c.is_empty() && !p.is_empty())
                        .ok_or_else(|| bad(k, v))?;
                    q.order_by.push((
                        PropRef {
                            class: class.into(),
                            prop: prop.into(),
                        },
                        desc,
                    ));
                }
            }
            "page" => q.page = Some(v.parse().map_err(|_| bad(k, v))?),
            "page-size" => {
                let n: usize = v.parse().map_err(|_| bad(k, v))?;
                if n == 0 {
                    return Err(bad(k, v));
                }
                q.page_size = Some(n);
            }
            _ => {}
        }
    }
    Ok(q)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_paths() {
        assert_eq!(
            parse_path("/api/node/mo/uni/tn-t1.json").unwrap(),
            Target::Mo("uni/tn-t1".into())
        );
        assert_eq!(
            parse_path("/api/class/uni/fvTenant.json").unwrap(),
            Target::Class {
                scope: Some("uni".into()),
                class: "fvTenant".into()
            }
        );
        assert_eq!(
            parse_path("/api/mo/uni/tn-t1/out-o/instP-e/extsubnet-[0.0.0.0/0].json").unwrap(),
            Target::Mo("uni/tn-t1/out-o/instP-e/extsubnet-[0.0.0.0/0]".into())
        );
        assert!(parse_path("/api/foo/x.json").is_err());
        assert!(parse_path("/api/mo/uni.xml").is_err());
    }
}
