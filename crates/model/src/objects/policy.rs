//! Filters (with entries), contracts (with filter relationships and the service graph
//! binding) and service graphs (with nodes).

use super::{fill_display_name, unspecified, Ctx, Extra};
use crate::enums::*;
use crate::refs::{opt_ref, Ref, RefTarget};
use serde::{Deserialize, Serialize};

/// One entry of a filter: every field of the "Add Entry" dialog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FilterEntry {
    pub name: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub ether_type: EtherType,
    #[serde(default)]
    pub ip_protocol: IpProtocol,
    #[serde(default = "default_tcp_rules")]
    pub tcp_session_rules: Vec<TcpSessionRule>,
    #[serde(default = "unspecified")]
    pub source_from: String,
    #[serde(default = "unspecified")]
    pub source_to: String,
    #[serde(default = "unspecified")]
    pub destination_from: String,
    #[serde(default = "unspecified")]
    pub destination_to: String,
    #[serde(default)]
    pub arp_flag: ArpFlag,
    #[serde(default)]
    pub stateful: bool,
    #[serde(default)]
    pub match_only_fragments: bool,
    #[serde(flatten)]
    pub extra: Extra,
}

fn default_tcp_rules() -> Vec<TcpSessionRule> {
    vec![TcpSessionRule::Unspecified]
}

/// A filter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Filter {
    pub name: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default, with = "opt_ref", skip_serializing_if = "Option::is_none")]
    pub filter_ref: Option<Ref>,
    #[serde(default)]
    pub entries: Vec<FilterEntry>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Filter {
    pub(crate) fn normalise(&mut self, ctx: &Ctx) {
        fill_display_name(&mut self.display_name, &self.name);
        self.filter_ref = Some(Ref::new(
            &ctx.schema,
            &ctx.template,
            RefTarget::Filter(self.name.clone()),
        ));
        for e in &mut self.entries {
            fill_display_name(&mut e.display_name, &e.name);
        }
    }
}

/// A contract's use of a filter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FilterRelationship {
    pub filter_ref: Ref,
    #[serde(default = "default_directives")]
    pub directives: Vec<Directive>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<FilterAction>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority_override: Option<PriorityOverride>,
    #[serde(flatten)]
    pub extra: Extra,
}

fn default_directives() -> Vec<Directive> {
    vec![Directive::None]
}

/// One side of a service node in a template contract's graph binding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Connector {
    #[serde(default)]
    pub connector_type: ConnectorType,
    #[serde(default, with = "opt_ref", skip_serializing_if = "Option::is_none")]
    pub bd_ref: Option<Ref>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A service node's connectors in a template contract's graph binding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeRelationship {
    pub service_node_ref: Ref,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_connector: Option<Connector>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumer_connector: Option<Connector>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A template contract's binding to a service graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceGraphRelationship {
    pub service_graph_ref: Ref,
    #[serde(default)]
    pub service_nodes_relationship: Vec<NodeRelationship>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Contract {
    pub name: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default, with = "opt_ref", skip_serializing_if = "Option::is_none")]
    pub contract_ref: Option<Ref>,
    #[serde(default)]
    pub filter_type: FilterType,
    #[serde(default)]
    pub scope: ContractScope,
    #[serde(default)]
    pub prio: QosLevel,
    #[serde(default)]
    pub filter_relationships: Vec<FilterRelationship>,
    #[serde(default)]
    pub filter_relationships_consumer_to_provider: Vec<FilterRelationship>,
    #[serde(default)]
    pub filter_relationships_provider_to_consumer: Vec<FilterRelationship>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_graph_relationship: Option<ServiceGraphRelationship>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Contract {
    pub(crate) fn normalise(&mut self, ctx: &Ctx) {
        fill_display_name(&mut self.display_name, &self.name);
        let target = RefTarget::Contract(self.name.clone());
        self.contract_ref = Some(Ref::new(&ctx.schema, &ctx.template, target));
    }
}

/// A node of a service graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceNode {
    pub name: String,
    #[serde(default)]
    pub index: i64,
    #[serde(default)]
    pub service_node_type_id: String,
    #[serde(default, with = "opt_ref", skip_serializing_if = "Option::is_none")]
    pub service_node_ref: Option<Ref>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A service graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceGraph {
    pub name: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default, with = "opt_ref", skip_serializing_if = "Option::is_none")]
    pub service_graph_ref: Option<Ref>,
    /// Read as "allow-all" when absent or null.
    #[serde(default)]
    pub node_filter: Option<NodeFilter>,
    #[serde(default)]
    pub service_nodes: Vec<ServiceNode>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl ServiceGraph {
    pub(crate) fn normalise(&mut self, ctx: &Ctx) {
        fill_display_name(&mut self.display_name, &self.name);
        let own = RefTarget::ServiceGraph(self.name.clone());
        self.service_graph_ref = Some(Ref::new(&ctx.schema, &ctx.template, own));
        self.node_filter.get_or_insert(NodeFilter::AllowAll);
        for (i, node) in self.service_nodes.iter_mut().enumerate() {
            if node.index == 0 {
                node.index = i as i64 + 1;
            }
            let target = RefTarget::ServiceNode {
                graph: self.name.clone(),
                node: node.name.clone(),
            };
            node.service_node_ref = Some(Ref::new(&ctx.schema, &ctx.template, target));
        }
    }
}
