//! The typed result of a trace: the flow, the final disposition and the hops
//! with their steps; printed as numbered text or serialised as JSON.

use std::fmt;
use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

use crate::flow::Flow;
use crate::hash::Hashing;

/// Where a flow ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Disposition {
    /// Reached an endpoint inside the fabric.
    Delivered,
    /// Left the fabric through an L3Out.
    DeliveredExternal,
    /// No contract permits it (or a contract denies it).
    DeniedByContract,
    /// No route towards the destination.
    NoRoute,
    /// The destination is inside a bridge domain subnet but no endpoint has it.
    NoEndpoint,
    /// The source is neither an endpoint nor reachable through any L3Out.
    UnknownSource,
    /// A redirect policy is below its threshold and its down action is `deny`.
    DroppedByThreshold,
    /// A redirect policy without threshold has no healthy destination.
    NoHealthyDestination,
    /// The contract's service graph cannot be rendered in the enforcing site.
    GraphNotDeployed,
    /// A PBR destination no service node in the topology answers to.
    ServiceNodeUnknown,
}

impl Disposition {
    /// Whether the flow reached its destination (inside or outside).
    pub fn is_delivered(&self) -> bool {
        matches!(
            self,
            Disposition::Delivered | Disposition::DeliveredExternal
        )
    }

    /// The snake_case name, as in JSON.
    pub fn as_str(&self) -> &'static str {
        match self {
            Disposition::Delivered => "delivered",
            Disposition::DeliveredExternal => "delivered_external",
            Disposition::DeniedByContract => "denied_by_contract",
            Disposition::NoRoute => "no_route",
            Disposition::NoEndpoint => "no_endpoint",
            Disposition::UnknownSource => "unknown_source",
            Disposition::DroppedByThreshold => "dropped_by_threshold",
            Disposition::NoHealthyDestination => "no_healthy_destination",
            Disposition::GraphNotDeployed => "graph_not_deployed",
            Disposition::ServiceNodeUnknown => "service_node_unknown",
        }
    }
}

/// What kind of node a hop is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HopRole {
    /// A leaf with application endpoints.
    ComputeLeaf,
    /// A leaf with service appliances.
    ServiceLeaf,
    /// A leaf with L3Outs.
    BorderLeaf,
    /// A spine.
    Spine,
    /// The inter-site network.
    Isn,
    /// A service appliance.
    ServiceNode,
}

impl HopRole {
    fn as_str(&self) -> &'static str {
        match self {
            HopRole::ComputeLeaf => "compute leaf",
            HopRole::ServiceLeaf => "service leaf",
            HopRole::BorderLeaf => "border leaf",
            HopRole::Spine => "spine",
            HopRole::Isn => "inter-site network",
            HopRole::ServiceNode => "service node",
        }
    }
}

/// Which end of the flow a classification is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum End {
    /// The source.
    Source,
    /// The destination.
    Destination,
}

/// How an address was classified.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ClassifiedBy {
    /// A known endpoint.
    Endpoint { name: String },
    /// A bridge domain subnet.
    BdSubnet { bd: String, subnet: String },
    /// An external EPG subnet (longest prefix match).
    ExternalSubnet { subnet: String },
    /// Nothing matched.
    Unclassified,
}

/// Where a packet came from when it entered a hop.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Origin {
    /// An attached endpoint.
    Endpoint { name: String },
    /// An external router through an L3Out.
    External { router: String, l3out: String },
    /// A service appliance returning the packet.
    ServiceNode { device: String },
}

/// What the threshold down action does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DownAction {
    /// Forward to the destination without the rest of the graph.
    Permit,
    /// Drop.
    Deny,
    /// Skip this node, continue with the rest of the graph.
    Bypass,
}

/// One thing that happened at a hop.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "step")]
pub enum Step {
    /// The packet arrived.
    Received { from: Origin },
    /// An address was classified into an EPG or external EPG.
    Classified {
        end: End,
        ip: Ipv4Addr,
        group: Option<String>,
        pc_tag: Option<u32>,
        by: ClassifiedBy,
    },
    /// A route was found for the destination.
    Routed {
        vrf: String,
        prefix: String,
        l3out: String,
        site: String,
        leaf: u32,
        leaked_from: Option<String>,
    },
    /// The source and destination VRFs are different and nothing leaks between them.
    NoRouteBetweenVrfs { from_vrf: String, to_vrf: String },
    /// No route for the destination in the VRF.
    NoRoute { vrf: String },
    /// This leaf does not apply policy; the compute leaf of the endpoint does.
    PolicyDeferred { site: String, leaf: u32 },
    /// Source and destination are in the same EPG.
    IntraEpgPermitted { group: String },
    /// The VRF does not enforce contracts.
    VrfUnenforced { vrf: String },
    /// A contract permits the flow.
    ContractPermits {
        contract: String,
        subject: String,
        filter: String,
        entry: String,
        consumer_to_provider: bool,
    },
    /// No contract permits the flow (`contract` is set when one denies it).
    ContractDenies {
        contract: Option<String>,
        reason: String,
    },
    /// The contract's service graph cannot be used in this site.
    GraphNotDeployed { graph: String, reason: String },
    /// A redirect policy is below its threshold.
    ThresholdDown {
        policy: String,
        action: DownAction,
        healthy: usize,
        total: usize,
    },
    /// A redirect policy without threshold has no healthy destination.
    NoHealthyDestination { policy: String },
    /// The packet is redirected to a PBR destination.
    Redirected {
        node: String,
        policy: String,
        hashing: Hashing,
        dest_ip: Ipv4Addr,
        dest_mac: String,
    },
    /// A PBR destination that no service node answers to.
    ServiceNodeUnknown { dest_ip: Ipv4Addr },
    /// The service appliance forwards the packet.
    ServiceNode {
        device: String,
        concrete: String,
        in_if: String,
        out_if: Option<String>,
    },
    /// Forwarded to the next node.
    Forwarded { next: String },
    /// Encapsulated towards another site.
    SentOverIsn { to_site: String },
    /// Sent out of the fabric.
    L3OutEgress { l3out: String, router: String },
    /// Handed to the destination endpoint.
    Delivered { endpoint: String },
}

/// One node the packet visits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hop {
    /// The site (none for the ISN).
    pub site: Option<String>,
    /// The node: a leaf or spine id, `ISN`, or a service appliance name.
    pub node: String,
    /// What the node is.
    pub role: HopRole,
    /// What happened there, in order.
    pub steps: Vec<Step>,
}

/// The result of tracing one flow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trace {
    /// The flow.
    pub flow: Flow,
    /// Where it ended.
    pub disposition: Disposition,
    /// The nodes it visited, in order.
    pub hops: Vec<Hop>,
}

impl fmt::Display for Trace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "flow {}", self.flow)?;
        for (i, hop) in self.hops.iter().enumerate() {
            match &hop.site {
                Some(site) => {
                    writeln!(f, "{:>3}. {site} {} {}", i + 1, hop.role.as_str(), hop.node)?
                }
                None => writeln!(f, "{:>3}. {} ({})", i + 1, hop.node, hop.role.as_str())?,
            }
            for step in &hop.steps {
                writeln!(f, "       {step}")?;
            }
        }
        writeln!(f, "disposition {}", self.disposition.as_str())
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Received { from } => match from {
                Origin::Endpoint { name } => write!(f, "received from endpoint {name}"),
                Origin::External { router, l3out } => {
                    write!(
                        f,
                        "received from external router {router} through L3Out {l3out}"
                    )
                }
                Origin::ServiceNode { device } => {
                    write!(f, "received back from service node {device}")
                }
            },
            Step::Classified {
                end,
                ip,
                group,
                pc_tag,
                by,
            } => {
                let end = match end {
                    End::Source => "source",
                    End::Destination => "destination",
                };
                write!(f, "classified {end} {ip} as ")?;
                match group {
                    Some(g) => write!(f, "{g}")?,
                    None => write!(f, "no group")?,
                }
                if let Some(t) = pc_tag {
                    write!(f, " (pcTag {t})")?;
                }
                match by {
                    ClassifiedBy::Endpoint { name } => write!(f, " by endpoint {name}"),
                    ClassifiedBy::BdSubnet { bd, subnet } => {
                        write!(f, " by subnet {subnet} of {bd}")
                    }
                    ClassifiedBy::ExternalSubnet { subnet } => {
                        write!(f, " by external subnet {subnet}")
                    }
                    ClassifiedBy::Unclassified => write!(f, " (nothing matched)"),
                }
            }
            Step::Routed {
                vrf,
                prefix,
                l3out,
                site,
                leaf,
                leaked_from,
            } => {
                write!(
                    f,
                    "route {prefix} in {vrf} via L3Out {l3out} on {site} leaf {leaf}"
                )?;
                if let Some(v) = leaked_from {
                    write!(f, " (leaked from {v})")?;
                }
                Ok(())
            }
            Step::NoRouteBetweenVrfs { from_vrf, to_vrf } => {
                write!(
                    f,
                    "no route from {from_vrf} to {to_vrf}: nothing leaks between them"
                )
            }
            Step::NoRoute { vrf } => write!(f, "no route in {vrf}"),
            Step::PolicyDeferred { site, leaf } => {
                write!(
                    f,
                    "no policy applied here: enforced by {site} compute leaf {leaf}"
                )
            }
            Step::IntraEpgPermitted { group } => write!(f, "permitted within {group}"),
            Step::VrfUnenforced { vrf } => write!(f, "permitted: {vrf} does not enforce contracts"),
            Step::ContractPermits {
                contract,
                subject,
                filter,
                entry,
                consumer_to_provider,
            } => {
                let dir = if *consumer_to_provider {
                    "consumer to provider"
                } else {
                    "provider to consumer"
                };
                write!(f, "permitted by contract {contract} subject {subject} filter {filter} entry {entry} ({dir})")
            }
            Step::ContractDenies { contract, reason } => match contract {
                Some(c) => write!(f, "denied by contract {c}: {reason}"),
                None => write!(f, "denied: {reason}"),
            },
            Step::GraphNotDeployed { graph, reason } => {
                write!(f, "service graph {graph} not deployed: {reason}")
            }
            Step::ThresholdDown {
                policy,
                action,
                healthy,
                total,
            } => {
                let a = match action {
                    DownAction::Permit => "permit (forward without the graph)",
                    DownAction::Deny => "deny (drop)",
                    DownAction::Bypass => "bypass (skip this node)",
                };
                write!(
                    f,
                    "redirect policy {policy} below threshold ({healthy}/{total} healthy): {a}"
                )
            }
            Step::NoHealthyDestination { policy } => {
                write!(
                    f,
                    "redirect policy {policy} has no healthy destination: dropped"
                )
            }
            Step::Redirected {
                node,
                policy,
                hashing,
                dest_ip,
                dest_mac,
            } => write!(
                f,
                "redirected for node {node} by policy {policy} ({}) to {dest_ip} {dest_mac}",
                hashing.as_str()
            ),
            Step::ServiceNodeUnknown { dest_ip } => {
                write!(
                    f,
                    "no service node answers to PBR destination {dest_ip}: dropped"
                )
            }
            Step::ServiceNode {
                device,
                concrete,
                in_if,
                out_if,
            } => {
                write!(f, "{device} ({concrete}) in {in_if}, out ")?;
                match out_if {
                    Some(o) => write!(f, "{o}"),
                    None => write!(f, "(unknown interface)"),
                }
            }
            Step::Forwarded { next } => write!(f, "forwarded to {next}"),
            Step::SentOverIsn { to_site } => write!(f, "sent over the ISN to {to_site}"),
            Step::L3OutEgress { l3out, router } => {
                write!(f, "sent out of L3Out {l3out} to {router}")
            }
            Step::Delivered { endpoint } => write!(f, "delivered to {endpoint}"),
        }
    }
}
