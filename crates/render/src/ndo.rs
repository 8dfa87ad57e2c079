//! The part of the orchestrator's schema document (NDO's JSON shape) that rendering reads,
//! as lenient serde structs: every field has a default, and references are accepted both as
//! strings (`/schemas/S/templates/T/bds/B`) and as objects (`{schemaId, templateName, bdName}`).

use serde::Deserialize;
use serde_json::Value;

/// A reference to a schema object, in either of NDO's two forms.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(untagged)]
pub enum RefValue {
    #[default]
    None,
    Path(String),
    Object(serde_json::Map<String, Value>),
}

/// A resolved reference: the template and the object's name(s).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ref {
    pub schema_id: String,
    pub template: String,
    /// The collection (`vrfs`, `bds`, `anps`, `contracts`, `filters`, `l3outs`, `externalEpgs`, `serviceGraphs`).
    pub kind: String,
    pub name: String,
    /// The inner name: an EPG of an ANP, a node of a graph.
    pub sub: Option<String>,
}

impl RefValue {
    /// Resolve to a reference, `None` when empty or malformed.
    pub fn resolve(&self) -> Option<Ref> {
        match self {
            RefValue::None => None,
            RefValue::Path(p) => parse_path(p),
            RefValue::Object(o) => {
                let s = |k: &str| o.get(k).and_then(Value::as_str).map(str::to_string);
                let (kind, name, sub) = if let Some(n) = s("serviceNodeName") {
                    ("serviceGraphs", s("serviceGraphName")?, Some(n))
                } else if let Some(e) = s("epgName") {
                    ("anps", s("anpName")?, Some(e))
                } else {
                    let pairs = [
                        ("vrfName", "vrfs"),
                        ("bdName", "bds"),
                        ("anpName", "anps"),
                        ("contractName", "contracts"),
                        ("filterName", "filters"),
                        ("l3outName", "l3outs"),
                        ("externalEpgName", "externalEpgs"),
                        ("serviceGraphName", "serviceGraphs"),
                    ];
                    let (key, kind) = pairs.iter().find(|(k, _)| o.contains_key(*k))?;
                    (*kind, s(key)?, None)
                };
                Some(Ref {
                    schema_id: s("schemaId").unwrap_or_default(),
                    template: s("templateName")?,
                    kind: kind.to_string(),
                    name,
                    sub,
                })
            }
        }
    }

    /// The last path segment (or object name) when the reference is only needed for a name.
    pub fn name(&self) -> Option<String> {
        self.resolve().map(|r| r.sub.unwrap_or(r.name))
    }
}

fn parse_path(p: &str) -> Option<Ref> {
    let parts: Vec<&str> = p.trim_start_matches('/').split('/').collect();
    match parts.as_slice() {
        ["schemas", sid, "templates", t, kind, name] => Some(Ref {
            schema_id: sid.to_string(),
            template: t.to_string(),
            kind: kind.to_string(),
            name: name.to_string(),
            sub: None,
        }),
        ["schemas", sid, "templates", t, kind, name, _, sub] => Some(Ref {
            schema_id: sid.to_string(),
            template: t.to_string(),
            kind: kind.to_string(),
            name: name.to_string(),
            sub: Some(sub.to_string()),
        }),
        _ => None,
    }
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Schema {
    pub id: String,
    pub display_name: String,
    pub templates: Vec<Template>,
    pub sites: Vec<SiteEntry>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Template {
    pub name: String,
    pub tenant_id: String,
    pub vrfs: Vec<Vrf>,
    pub bds: Vec<Bd>,
    pub anps: Vec<Anp>,
    pub contracts: Vec<Contract>,
    pub filters: Vec<Filter>,
    pub external_epgs: Vec<ExtEpg>,
    pub intersite_l3outs: Vec<L3Out>,
    pub service_graphs: Vec<Graph>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Vrf {
    pub name: String,
    pub description: String,
    pub ip_data_plane_learning: Option<String>,
    pub preferred_group: bool,
    pub vz_any_enabled: bool,
    pub vz_any_consumer_contracts: Vec<ContractRefOnly>,
    pub vz_any_provider_contracts: Vec<ContractRefOnly>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ContractRefOnly {
    pub contract_ref: RefValue,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Bd {
    pub name: String,
    pub description: String,
    pub vrf_ref: RefValue,
    pub subnets: Vec<Subnet>,
    pub l2_stretch: bool,
    pub intersite_bum_traffic_allow: bool,
    pub optimize_wan_bandwidth: bool,
    pub l2_unknown_unicast: String,
    pub unk_mcast_act: String,
    pub v6unk_mcast_act: String,
    pub multi_dst_pkt_act: String,
    pub arp_flood: bool,
    #[serde(default = "yes")]
    pub unicast_routing: bool,
}

impl Default for Bd {
    fn default() -> Self {
        Bd {
            name: String::new(),
            description: String::new(),
            vrf_ref: RefValue::None,
            subnets: Vec::new(),
            l2_stretch: false,
            intersite_bum_traffic_allow: false,
            optimize_wan_bandwidth: false,
            l2_unknown_unicast: String::new(),
            unk_mcast_act: String::new(),
            v6unk_mcast_act: String::new(),
            multi_dst_pkt_act: String::new(),
            arp_flood: false,
            unicast_routing: true,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Subnet {
    pub ip: String,
    pub description: String,
    pub scope: String,
    pub shared: bool,
    pub no_default_gateway: bool,
    pub querier: bool,
    pub primary: bool,
    #[serde(rename = "virtual")]
    pub is_virtual: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Anp {
    pub name: String,
    pub description: String,
    pub epgs: Vec<Epg>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Epg {
    pub name: String,
    pub description: String,
    pub bd_ref: RefValue,
    pub contract_relationships: Vec<ContractRel>,
    pub subnets: Vec<Subnet>,
    pub intra_epg: String,
    pub preferred_group: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ContractRel {
    pub relationship_type: String,
    pub contract_ref: RefValue,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Contract {
    pub name: String,
    pub description: String,
    pub filter_type: String,
    pub scope: String,
    pub prio: String,
    pub filter_relationships: Vec<FilterRel>,
    pub filter_relationships_consumer_to_provider: Vec<FilterRel>,
    pub filter_relationships_provider_to_consumer: Vec<FilterRel>,
    pub service_graph_relationship: Option<GraphRel>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct FilterRel {
    pub filter_ref: RefValue,
    pub directives: Vec<String>,
    pub action: Option<String>,
    pub priority_override: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct GraphRel {
    pub service_graph_ref: RefValue,
    pub service_nodes_relationship: Vec<NodeRel>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct NodeRel {
    pub service_node_ref: RefValue,
    pub consumer_connector: Connector,
    pub provider_connector: Connector,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Connector {
    pub connector_type: String,
    pub bd_ref: RefValue,
    pub external_epg_ref: RefValue,
    pub cluster_interface: Option<DnRef>,
    pub redirect_policy: Option<DnRef>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct DnRef {
    pub dn: String,
    pub func_type: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Filter {
    pub name: String,
    pub description: String,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Entry {
    pub name: String,
    pub description: String,
    pub ether_type: String,
    pub ip_protocol: String,
    pub tcp_session_rules: Vec<String>,
    pub source_from: String,
    pub source_to: String,
    pub destination_from: String,
    pub destination_to: String,
    pub arp_flag: String,
    pub stateful: bool,
    pub match_only_fragments: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ExtEpg {
    pub name: String,
    pub description: String,
    pub vrf_ref: RefValue,
    pub l3out_ref: RefValue,
    pub contract_relationships: Vec<ContractRel>,
    pub subnets: Vec<ExtSubnet>,
    pub preferred_group: bool,
    pub qos_priority: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ExtSubnet {
    pub ip: String,
    pub name: String,
    pub scope: Vec<String>,
    pub aggregate: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct L3Out {
    pub name: String,
    pub description: String,
    pub vrf_ref: RefValue,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Graph {
    pub name: String,
    pub description: String,
    pub node_filter: Option<String>,
    pub service_nodes: Vec<GraphNode>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct GraphNode {
    pub name: String,
    pub index: i64,
    pub service_node_type_id: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SiteEntry {
    pub site_id: String,
    pub template_name: String,
    pub bds: Vec<SiteBd>,
    pub anps: Vec<SiteAnp>,
    pub contracts: Vec<SiteContract>,
    pub external_epgs: Vec<SiteExtEpg>,
    pub service_graphs: Vec<SiteGraph>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SiteBd {
    pub bd_ref: RefValue,
    pub subnets: Vec<Subnet>,
    pub l3_outs: Vec<String>,
    pub host_based_routing: bool,
    pub mac: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SiteAnp {
    pub anp_ref: RefValue,
    pub epgs: Vec<SiteEpg>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SiteEpg {
    pub epg_ref: RefValue,
    pub domain_associations: Vec<DomainAssoc>,
    pub static_ports: Vec<StaticPort>,
    pub subnets: Vec<Subnet>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct DomainAssoc {
    pub dn: String,
    pub deploy_immediacy: Option<String>,
    pub resolution_immediacy: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct StaticPort {
    pub path: String,
    pub port_encap_vlan: Option<u64>,
    pub mode: Option<String>,
    pub deployment_immediacy: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SiteContract {
    pub contract_ref: RefValue,
    pub service_graph_relationship: Option<GraphRel>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SiteExtEpg {
    pub external_epg_ref: RefValue,
    pub l3out_dn: String,
    pub l3out_ref: RefValue,
    pub subnets: Vec<ExtSubnet>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SiteGraph {
    pub service_graph_ref: RefValue,
    pub service_nodes: Vec<SiteGraphNode>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SiteGraphNode {
    pub service_node_ref: RefValue,
    pub device: Option<DnRef>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn both_reference_forms_resolve_alike() {
        let p: RefValue = serde_json::from_value(json!(
            "/schemas/S/templates/T/serviceGraphs/sg/serviceNodes/node1"
        ))
        .unwrap();
        let o: RefValue = serde_json::from_value(
            json!({"schemaId": "S", "templateName": "T", "serviceGraphName": "sg", "serviceNodeName": "node1"}),
        )
        .unwrap();
        assert_eq!(p.resolve(), o.resolve());
        assert_eq!(p.name().as_deref(), Some("node1"));
        let e: RefValue = serde_json::from_value(
            json!({"schemaId": "S", "templateName": "T", "anpName": "a", "epgName": "e"}),
        )
        .unwrap();
        assert_eq!(e.resolve().unwrap().kind, "anps");
        let none: RefValue = serde_json::from_value(json!("")).unwrap();
        assert!(none.resolve().is_none());
    }
}
