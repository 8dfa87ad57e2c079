//! The template objects the template view edits (VRF, BD, ANP, EPG, filter, contract,
//! service graph, L3Out, external EPG): for each kind, the element it becomes in the
//! template from a submitted form, and the form values of an existing element. The
//! patch is always one `add .../-`, `replace .../{name}` or `remove .../{name}`.

use serde_json::{json, Map, Value};

use super::doc::{items, s};
use super::form::{Errors, FormData};

/// A kind of template object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Vrf,
    Bd,
    Anp,
    Epg,
    Filter,
    Contract,
    ServiceGraph,
    L3out,
    ExtEpg,
}

/// Every kind, in the order the template view shows its areas.
pub const KINDS: [Kind; 9] = [
    Kind::Vrf,
    Kind::Bd,
    Kind::Anp,
    Kind::Epg,
    Kind::Filter,
    Kind::Contract,
    Kind::ServiceGraph,
    Kind::L3out,
    Kind::ExtEpg,
];

impl Kind {
    pub fn slug(self) -> &'static str {
        match self {
            Kind::Vrf => "vrf",
            Kind::Bd => "bd",
            Kind::Anp => "anp",
            Kind::Epg => "epg",
            Kind::Filter => "filter",
            Kind::Contract => "contract",
            Kind::ServiceGraph => "service-graph",
            Kind::L3out => "l3out",
            Kind::ExtEpg => "external-epg",
        }
    }
    pub fn from_slug(s: &str) -> Option<Kind> {
        KINDS.into_iter().find(|k| k.slug() == s)
    }
    /// The template's array (EPGs: the ANP's).
    pub fn collection(self) -> &'static str {
        match self {
            Kind::Vrf => "vrfs",
            Kind::Bd => "bds",
            Kind::Anp => "anps",
            Kind::Epg => "epgs",
            Kind::Filter => "filters",
            Kind::Contract => "contracts",
            Kind::ServiceGraph => "serviceGraphs",
            Kind::L3out => "intersiteL3outs",
            Kind::ExtEpg => "externalEpgs",
        }
    }
    pub fn title(self) -> &'static str {
        match self {
            Kind::Vrf => "VRF",
            Kind::Bd => "Bridge Domain",
            Kind::Anp => "Application Profile",
            Kind::Epg => "EPG",
            Kind::Filter => "Filter",
            Kind::Contract => "Contract",
            Kind::ServiceGraph => "Service Graph",
            Kind::L3out => "L3Out",
            Kind::ExtEpg => "External EPG",
        }
    }
    /// Document keys of the element and the form fields that set them, to place errors.
    pub fn error_fields(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Kind::Vrf | Kind::Anp => &[("name", "name"), ("displayName", "name")],
            Kind::Bd => &[
                ("name", "name"),
                ("vrfRef", "vrf"),
                ("subnets", "subnets"),
                ("ip", "subnets"),
            ],
            Kind::Epg => &[
                ("name", "name"),
                ("bdRef", "bd"),
                ("contractRelationships", "name"),
                ("anps", "anp"),
            ],
            Kind::Filter => &[
                ("name", "name"),
                ("entries", "entryName"),
                ("etherType", "etherType"),
                ("ipProtocol", "ipProtocol"),
            ],
            Kind::Contract => &[
                ("name", "name"),
                ("scope", "scope"),
                ("filterRelationships", "filter"),
                ("filterRef", "filter"),
                ("serviceGraphRef", "graph"),
                ("serviceGraphRelationship", "graph"),
                ("bdRef", "graph"),
            ],
            Kind::ServiceGraph => &[
                ("name", "name"),
                ("serviceNodes", "node1"),
                ("serviceNodeTypeId", "node1"),
            ],
            Kind::L3out => &[("name", "name"), ("vrfRef", "vrf")],
            Kind::ExtEpg => &[
                ("name", "name"),
                ("vrfRef", "vrf"),
                ("l3outRef", "l3out"),
                ("subnets", "subnets"),
                ("ip", "subnets"),
            ],
        }
    }
}

/// The service node types the graph form offers: `(id, name)`.
pub type NodeTypes = Vec<(String, String)>;

fn flag(form: &FormData, key: &str) -> Value {
    Value::Bool(form.checked(key))
}

fn split_list(text: &str) -> Vec<String> {
    text.split([',', ' ', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn relationships(form: &FormData) -> Vec<Value> {
    let mut out = Vec::new();
    for (kind, key) in [("consumer", "consumer"), ("provider", "provider")] {
        for r in form.all(key) {
            out.push(json!({"relationshipType": kind, "contractRef": r}));
        }
    }
    out
}

fn keep_subnets(
    existing: Option<&Value>,
    ips: &[String],
    fresh: impl Fn(&str) -> Value,
) -> Vec<Value> {
    ips.iter()
        .map(|ip| {
            existing
                .and_then(|e| items(e, "subnets").find(|sn| s(sn, "ip") == ip))
                .cloned()
                .unwrap_or_else(|| fresh(ip))
        })
        .collect()
}

/// Everything [`build`] needs besides the form: the document, for graph nodes.
pub struct BuildCtx<'a> {
    pub doc: &'a Value,
    pub node_types: &'a NodeTypes,
}

/// The element a form describes (merged over `existing` when editing); `None` with
/// `errors` filled when the form is incomplete.
pub fn build(
    kind: Kind,
    ctx: &BuildCtx<'_>,
    form: &FormData,
    existing: Option<&Value>,
    errors: &mut Errors,
) -> Option<Value> {
    let name = form.get("name");
    if name.is_empty() {
        errors.field("name", format!("The {} name is required", kind.title()));
    } else if name.contains(['/', ' ']) {
        errors.field("name", "A name cannot contain spaces or '/'");
    }
    let mut v: Map<String, Value> = existing
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    v.insert("name".into(), json!(name));
    v.insert("displayName".into(), json!(name));
    match kind {
        Kind::Vrf => {
            for k in ["l3MCast", "vzAnyEnabled", "preferredGroup"] {
                v.insert(k.into(), flag(form, k));
            }
            let dpl = if form.get("ipDataPlaneLearning") == "disabled" {
                "disabled"
            } else {
                "enabled"
            };
            v.insert("ipDataPlaneLearning".into(), json!(dpl));
        }
        Kind::Bd => {
            errors.require(form, "vrf", "The VRF");
            v.insert("vrfRef".into(), json!(form.get("vrf")));
            let ips = split_list(form.get("subnets"));
            let subnets = keep_subnets(
                existing,
                &ips,
                |ip| json!({"ip": ip, "description": ip, "scope": "private", "shared": false, "noDefaultGateway": false, "querier": false, "primary": false, "virtual": false}),
            );
            v.insert("subnets".into(), json!(subnets));
            for k in [
                "l2Stretch",
                "intersiteBumTrafficAllow",
                "unicastRouting",
                "arpFlood",
            ] {
                v.insert(k.into(), flag(form, k));
            }
            let l2u = if form.get("l2UnknownUnicast") == "flood" {
                "flood"
            } else {
                "proxy"
            };
            v.insert("l2UnknownUnicast".into(), json!(l2u));
        }
        Kind::Anp => {
            v.entry("epgs").or_insert(json!([]));
        }
        Kind::Epg => {
            if existing.is_none() {
                errors.require(form, "anp", "The application profile");
            }
            v.insert("bdRef".into(), json!(form.get("bd")));
            v.insert("contractRelationships".into(), json!(relationships(form)));
        }
        Kind::Filter => {
            let mut entries: Vec<Value> = existing
                .map(|e| {
                    items(e, "entries")
                        .filter(|en| !form.all("removeEntry").contains(&s(en, "name")))
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            let entry_name = form.get("entryName");
            if !entry_name.is_empty() {
                let or_unspec = |k: &str| {
                    if form.get(k).is_empty() {
                        "unspecified".to_string()
                    } else {
                        form.get(k).to_string()
                    }
                };
                let entry = json!({
                    "name": entry_name, "displayName": entry_name, "description": "",
                    "etherType": or_unspec("etherType"), "ipProtocol": or_unspec("ipProtocol"),
                    "tcpSessionRules": ["unspecified"],
                    "sourceFrom": or_unspec("sourceFrom"), "sourceTo": or_unspec("sourceTo"),
                    "destinationFrom": or_unspec("destinationFrom"), "destinationTo": or_unspec("destinationTo"),
                    "arpFlag": or_unspec("arpFlag"), "stateful": form.checked("stateful"),
                    "matchOnlyFragments": form.checked("matchOnlyFragments"),
                });
                match entries.iter_mut().find(|e| s(e, "name") == entry_name) {
                    Some(e) => *e = entry,
                    None => entries.push(entry),
                }
            } else if entries.is_empty() {
                errors.field(
                    "entryName",
                    "A filter needs at least one entry: give the entry a name",
                );
            }
            v.insert("entries".into(), json!(entries));
        }
        Kind::Contract => {
            errors.require(form, "scope", "The scope");
            v.insert("scope".into(), json!(form.get("scope")));
            let both = form.checked("bothWays");
            v.insert(
                "filterType".into(),
                json!(if both { "bothWay" } else { "oneWay" }),
            );
            let rels: Vec<Value> = form
                .all("filter")
                .iter()
                .map(|f| json!({"filterRef": f, "directives": ["none"]}))
                .collect();
            if rels.is_empty() {
                errors.field("filter", "Pick at least one filter for the filter chain");
            }
            let (all, c2p, p2c) = if both {
                (rels, vec![], vec![])
            } else {
                (vec![], rels.clone(), rels)
            };
            v.insert("filterRelationships".into(), json!(all));
            v.insert("filterRelationshipsConsumerToProvider".into(), json!(c2p));
            v.insert("filterRelationshipsProviderToConsumer".into(), json!(p2c));
            let graph = form.get("graph");
            if graph.is_empty() {
                v.remove("serviceGraphRelationship");
            } else {
                let nodes: Vec<Value> = super::doc::resolve(ctx.doc, graph)
                    .map(|g| items(g, "serviceNodes").cloned().collect())
                    .unwrap_or_default();
                let mut rel = Vec::new();
                for (i, node) in nodes.iter().enumerate() {
                    let (c, p) = (format!("n{}Consumer", i + 1), format!("n{}Provider", i + 1));
                    errors.require(form, &c, "The consumer connector bridge domain");
                    errors.require(form, &p, "The provider connector bridge domain");
                    rel.push(json!({
                        "serviceNodeRef": s(node, "serviceNodeRef"),
                        "consumerConnector": {"connectorType": "general", "bdRef": form.get(&c)},
                        "providerConnector": {"connectorType": "general", "bdRef": form.get(&p)},
                    }));
                }
                v.insert(
                    "serviceGraphRelationship".into(),
                    json!({"serviceGraphRef": graph, "serviceNodesRelationship": rel}),
                );
            }
        }
        Kind::ServiceGraph => {
            let filter = if form.get("nodeFilter") == "filters-from-contract" {
                "filters-from-contract"
            } else {
                "allow-all"
            };
            v.insert("nodeFilter".into(), json!(filter));
            errors.require(form, "node1", "The first service node");
            let mut nodes = Vec::new();
            for (i, key) in ["node1", "node2"].iter().enumerate() {
                let ty = form.get(key);
                if ty.is_empty() {
                    continue;
                }
                if !ctx.node_types.iter().any(|(id, _)| id == ty) {
                    errors.field(key, format!("Unknown service node type '{ty}'"));
                }
                nodes.push(json!({"name": key, "index": i + 1, "serviceNodeTypeId": ty}));
            }
            if !form.get("node2").is_empty() && form.get("node1").is_empty() {
                errors.field("node1", "Drop the first node before the second");
            }
            v.insert("serviceNodes".into(), json!(nodes));
        }
        Kind::L3out => {
            errors.require(form, "vrf", "The VRF");
            v.insert("vrfRef".into(), json!(form.get("vrf")));
        }
        Kind::ExtEpg => {
            errors.require(form, "vrf", "The VRF");
            v.insert("vrfRef".into(), json!(form.get("vrf")));
            if form.get("l3out").is_empty() {
                v.remove("l3outRef");
            } else {
                v.insert("l3outRef".into(), json!(form.get("l3out")));
            }
            let ips = split_list(form.get("subnets"));
            let subnets = keep_subnets(
                existing,
                &ips,
                |ip| json!({"ip": ip, "name": "", "scope": ["import-security"], "aggregate": []}),
            );
            v.insert("subnets".into(), json!(subnets));
            v.insert("contractRelationships".into(), json!(relationships(form)));
            v.entry("extEpgType").or_insert(json!("on-premise"));
        }
    }
    errors.is_empty().then_some(Value::Object(v))
}

fn push(out: &mut Vec<(String, String)>, k: &str, v: impl Into<String>) {
    out.push((k.to_string(), v.into()));
}

fn push_flag(out: &mut Vec<(String, String)>, o: &Value, k: &str) {
    if o.get(k).and_then(Value::as_bool) == Some(true) {
        push(out, k, "on");
    }
}

fn push_relationships(out: &mut Vec<(String, String)>, o: &Value) {
    for r in items(o, "contractRelationships") {
        push(out, s(r, "relationshipType"), s(r, "contractRef"));
    }
}

/// The form values of an existing element (`None`: a new one, with NDO's defaults).
pub fn to_form(kind: Kind, o: Option<&Value>) -> FormData {
    let mut out = Vec::new();
    let Some(o) = o else {
        match kind {
            Kind::Bd => {
                push(&mut out, "l2Stretch", "on");
                push(&mut out, "unicastRouting", "on");
            }
            Kind::Contract => {
                push(&mut out, "bothWays", "on");
                push(&mut out, "scope", "context");
            }
            _ => {}
        }
        return FormData(out);
    };
    push(&mut out, "name", s(o, "name"));
    match kind {
        Kind::Vrf => {
            for k in ["l3MCast", "vzAnyEnabled", "preferredGroup"] {
                push_flag(&mut out, o, k);
            }
            push(&mut out, "ipDataPlaneLearning", s(o, "ipDataPlaneLearning"));
        }
        Kind::Bd => {
            push(&mut out, "vrf", s(o, "vrfRef"));
            let ips: Vec<&str> = items(o, "subnets").map(|sn| s(sn, "ip")).collect();
            push(&mut out, "subnets", ips.join(", "));
            for k in [
                "l2Stretch",
                "intersiteBumTrafficAllow",
                "unicastRouting",
                "arpFlood",
            ] {
                push_flag(&mut out, o, k);
            }
            push(&mut out, "l2UnknownUnicast", s(o, "l2UnknownUnicast"));
        }
        Kind::Anp => {}
        Kind::Epg => {
            push(&mut out, "bd", s(o, "bdRef"));
            push_relationships(&mut out, o);
        }
        Kind::Filter => {
            let entries: Vec<&Value> = items(o, "entries").collect();
            if let [e] = entries.as_slice() {
                push(&mut out, "entryName", s(e, "name"));
                for k in [
                    "etherType",
                    "ipProtocol",
                    "sourceFrom",
                    "sourceTo",
                    "destinationFrom",
                    "destinationTo",
                    "arpFlag",
                ] {
                    push(&mut out, k, s(e, k));
                }
                push_flag(&mut out, e, "stateful");
                push_flag(&mut out, e, "matchOnlyFragments");
            }
        }
        Kind::Contract => {
            push(&mut out, "scope", s(o, "scope"));
            if s(o, "filterType") != "oneWay" {
                push(&mut out, "bothWays", "on");
            }
            let mut filters: Vec<&str> = Vec::new();
            for key in [
                "filterRelationships",
                "filterRelationshipsConsumerToProvider",
                "filterRelationshipsProviderToConsumer",
            ] {
                for r in items(o, key) {
                    if !filters.contains(&s(r, "filterRef")) {
                        filters.push(s(r, "filterRef"));
                    }
                }
            }
            for f in filters {
                push(&mut out, "filter", f);
            }
            if let Some(rel) = o.get("serviceGraphRelationship") {
                push(&mut out, "graph", s(rel, "serviceGraphRef"));
                for (i, n) in items(rel, "serviceNodesRelationship").enumerate() {
                    push(
                        &mut out,
                        &format!("n{}Consumer", i + 1),
                        s(&n["consumerConnector"], "bdRef"),
                    );
                    push(
                        &mut out,
                        &format!("n{}Provider", i + 1),
                        s(&n["providerConnector"], "bdRef"),
                    );
                }
            }
        }
        Kind::ServiceGraph => {
            push(&mut out, "nodeFilter", s(o, "nodeFilter"));
            for n in items(o, "serviceNodes") {
                push(&mut out, s(n, "name"), s(n, "serviceNodeTypeId"));
            }
        }
        Kind::L3out => push(&mut out, "vrf", s(o, "vrfRef")),
        Kind::ExtEpg => {
            push(&mut out, "vrf", s(o, "vrfRef"));
            push(&mut out, "l3out", s(o, "l3outRef"));
            let ips: Vec<&str> = items(o, "subnets").map(|sn| s(sn, "ip")).collect();
            push(&mut out, "subnets", ips.join(", "));
            push_relationships(&mut out, o);
        }
    }
    FormData(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> FormData {
        FormData(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn every_kind_round_trips_through_its_form() {
        let doc = json!({"id": "S", "templates": [{"name": "t", "serviceGraphs": [{"name": "sg", "serviceNodes": [
            {"name": "node1", "serviceNodeRef": "/schemas/S/templates/t/serviceGraphs/sg/serviceNodes/node1"}]}]}]});
        let types = vec![("fw-id".to_string(), "firewall".to_string())];
        let ctx = BuildCtx {
            doc: &doc,
            node_types: &types,
        };
        let cases: Vec<(Kind, FormData)> = vec![
            (
                Kind::Vrf,
                form(&[
                    ("name", "vrf1"),
                    ("preferredGroup", "on"),
                    ("ipDataPlaneLearning", "enabled"),
                ]),
            ),
            (
                Kind::Bd,
                form(&[
                    ("name", "bd-app"),
                    ("vrf", "/schemas/S/templates/t/vrfs/vrf1"),
                    ("subnets", "10.10.1.1/24"),
                    ("l2Stretch", "on"),
                    ("unicastRouting", "on"),
                    ("l2UnknownUnicast", "proxy"),
                ]),
            ),
            (
                Kind::Epg,
                form(&[
                    ("name", "web"),
                    ("anp", "app"),
                    ("bd", "/schemas/S/templates/t/bds/bd-app"),
                    ("consumer", "/schemas/S/templates/t/contracts/c1"),
                ]),
            ),
            (
                Kind::Filter,
                form(&[
                    ("name", "icmp"),
                    ("entryName", "icmp"),
                    ("etherType", "ip"),
                    ("ipProtocol", "icmp"),
                    ("sourceFrom", "unspecified"),
                    ("sourceTo", "unspecified"),
                    ("destinationFrom", "unspecified"),
                    ("destinationTo", "unspecified"),
                    ("arpFlag", "unspecified"),
                ]),
            ),
            (
                Kind::Contract,
                form(&[
                    ("name", "c1"),
                    ("scope", "context"),
                    ("bothWays", "on"),
                    ("filter", "/schemas/S/templates/t/filters/icmp"),
                    ("graph", "/schemas/S/templates/t/serviceGraphs/sg"),
                    ("n1Consumer", "/schemas/S/templates/t/bds/in"),
                    ("n1Provider", "/schemas/S/templates/t/bds/out"),
                ]),
            ),
            (
                Kind::ServiceGraph,
                form(&[
                    ("name", "sg"),
                    ("nodeFilter", "allow-all"),
                    ("node1", "fw-id"),
                ]),
            ),
            (
                Kind::ExtEpg,
                form(&[
                    ("name", "extEpg"),
                    ("vrf", "/schemas/S/templates/t/vrfs/vrf1"),
                    ("l3out", ""),
                    ("subnets", "0.0.0.0/0"),
                    ("provider", "/schemas/S/templates/t/contracts/c1"),
                ]),
            ),
        ];
        for (kind, f) in cases {
            let mut errors = Errors::default();
            let v = build(kind, &ctx, &f, None, &mut errors)
                .unwrap_or_else(|| panic!("{kind:?}: {errors:?}"));
            let back = to_form(kind, Some(&v));
            let mut a = f.0.clone();
            let mut b = back.0.clone();
            // The ANP is where an EPG is created, not a field of the EPG.
            a.retain(|(k, v)| !v.is_empty() && k != "anp");
            b.retain(|(_, v)| !v.is_empty());
            a.sort();
            b.sort();
            assert_eq!(a, b, "{kind:?}");
        }
    }

    #[test]
    fn incomplete_forms_name_the_missing_fields() {
        let doc = json!({"id": "S"});
        let types = NodeTypes::new();
        let ctx = BuildCtx {
            doc: &doc,
            node_types: &types,
        };
        let mut errors = Errors::default();
        assert!(build(Kind::Bd, &ctx, &form(&[("name", "")]), None, &mut errors).is_none());
        assert!(errors.get("name").is_some());
        assert!(errors.get("vrf").is_some());
        let mut errors = Errors::default();
        assert!(build(
            Kind::Contract,
            &ctx,
            &form(&[("name", "c"), ("scope", "context")]),
            None,
            &mut errors
        )
        .is_none());
        assert!(errors.get("filter").is_some());
        let mut errors = Errors::default();
        assert!(build(
            Kind::ServiceGraph,
            &ctx,
            &form(&[("name", "g"), ("node1", "nope")]),
            None,
            &mut errors
        )
        .is_none());
        assert!(errors.get("node1").unwrap().contains("Unknown"));
    }
}
