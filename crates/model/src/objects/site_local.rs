//! The site entry of a template (`sites[]`) and its site-local objects: the per-site
//! overlay of each template object (BD subnets, EPG ports, the L3Out DN of an external
//! EPG, the device of a service node, cluster interfaces and redirect policies).

use super::{Extra, Subnet};
use crate::enums::*;
use crate::ids::SiteId;
use crate::refs::{opt_ref, Ref};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A site entry without its collections: the association of a template with a site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteEntry {
    pub site_id: SiteId,
    pub template_name: String,
    #[serde(rename = "templateID", default)]
    pub template_id: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A site-local VRF.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteVrf {
    pub vrf_ref: Ref,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The ACI default BD MAC address.
pub const DEFAULT_BD_MAC: &str = "00:22:BD:F8:19:FF";

fn default_mac() -> String {
    DEFAULT_BD_MAC.to_string()
}

/// A site-local BD.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteBd {
    pub bd_ref: Ref,
    #[serde(default)]
    pub subnets: Vec<Subnet>,
    #[serde(default)]
    pub host_based_routing: bool,
    #[serde(default)]
    pub l3_outs: Vec<String>,
    #[serde(default = "default_mac")]
    pub mac: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A site-local ANP, without its EPGs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteAnp {
    pub anp_ref: Ref,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A site-local EPG.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteEpg {
    pub epg_ref: Ref,
    #[serde(default)]
    pub domain_associations: Vec<Value>,
    #[serde(default)]
    pub static_ports: Vec<Value>,
    #[serde(default)]
    pub static_leafs: Vec<Value>,
    #[serde(default)]
    pub subnets: Vec<Value>,
    #[serde(default)]
    pub selectors: Vec<Value>,
    #[serde(rename = "uSegAttrs", default)]
    pub useg_attrs: Vec<Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// An APIC object named by its DN (`{"dn": "uni/tn-T/..."}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DnRef {
    pub dn: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One side of a service node in a site contract's graph binding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteConnector {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster_interface: Option<DnRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_policy: Option<DnRef>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subnets: Vec<Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A service node's connectors in a site contract's graph binding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteNodeRelationship {
    pub service_node_ref: Ref,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumer_connector: Option<SiteConnector>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_connector: Option<SiteConnector>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A site contract's binding to a service graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteServiceGraphRelationship {
    pub service_graph_ref: Ref,
    #[serde(default)]
    pub service_nodes_relationship: Vec<SiteNodeRelationship>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A site-local contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteContract {
    pub contract_ref: Ref,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_graph_relationship: Option<SiteServiceGraphRelationship>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A site-local external EPG.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteExternalEpg {
    pub external_epg_ref: Ref,
    #[serde(default)]
    pub l3out_dn: String,
    #[serde(default, with = "opt_ref", skip_serializing_if = "Option::is_none")]
    pub l3out_ref: Option<Ref>,
    #[serde(default)]
    pub route_reachability_internet_type: RouteReachability,
    #[serde(default)]
    pub subnets: Vec<Value>,
    #[serde(default)]
    pub selectors: Vec<Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A site-local intersite L3Out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteL3out {
    pub l3out_ref: Ref,
    #[serde(default, with = "opt_ref", skip_serializing_if = "Option::is_none")]
    pub vrf_ref: Option<Ref>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// An L4-L7 device chosen for a service node in a site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Device {
    pub dn: String,
    #[serde(default)]
    pub func_type: FuncType,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A service node of a site-local service graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteServiceNode {
    pub service_node_ref: Ref,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<Device>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A site-local service graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteServiceGraph {
    pub service_graph_ref: Ref,
    #[serde(default)]
    pub service_nodes: Vec<SiteServiceNode>,
    #[serde(flatten)]
    pub extra: Extra,
}
