//! The emulated fabric's topology: its JSON file format, the demo fabric used when no
//! file is given, validation, and the system objects (`fabricPod`, `fabricNode`,
//! `topSystem`, `firmwareCtrlrRunning`, `fabricSetupP`) it puts into the site's tree.
//!
//! The file is one JSON object (unknown keys are refused, optional keys may be left out):
//!
//! ```json
//! {
//!   "pods": [{"id": 1, "tep_pool": "10.1.0.0/16", "external_tep_pool": "172.16.1.0/24"}],
//!   "nodes": [
//!     {"id": 1, "pod": 1, "name": "site1-apic1", "role": "controller"},
//!     {"id": 1101, "pod": 1, "name": "site1-spine-1101", "role": "spine"},
//!     {"id": 101, "pod": 1, "name": "site1-leaf-101", "role": "leaf", "leaf_role": "border"}
//!   ],
//!   "endpoints": [{"name": "web-1", "ip": "10.10.1.11", "mac": "00:50:56:0A:01:0B",
//!                  "epg": "uni/tn-Tenant1/ap-app/epg-web", "leaf": 102, "interface": "eth1/10"}],
//!   "external_routers": [{"name": "ext-101", "leaf": 101, "prefixes": ["203.0.113.0/24", "0.0.0.0/0"]}]
//! }
//! ```
//!
//! `role` is `controller`, `spine` or `leaf`; `leaf_role` (leaves only) is `compute`,
//! `service` or `border`. Optional node keys: `model`, `serial`. Exactly one controller is
//! required; node TEP addresses are taken in node-id order from the pod's TEP pool.

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;

use multisite_apic::SiteIdentity;
use serde::{Deserialize, Serialize};

/// The whole emulated fabric of one site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topology {
    pub pods: Vec<Pod>,
    pub nodes: Vec<Node>,
    #[serde(default)]
    pub endpoints: Vec<Endpoint>,
    #[serde(default)]
    pub external_routers: Vec<ExternalRouter>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pod {
    pub id: u32,
    /// The fabric TEP pool, `a.b.c.d/len`.
    pub tep_pool: String,
    /// The external (routable) TEP pool used by intersite features, if planned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_tep_pool: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeRole {
    Controller,
    Spine,
    Leaf,
}

impl NodeRole {
    pub fn as_str(self) -> &'static str {
        match self {
            NodeRole::Controller => "controller",
            NodeRole::Spine => "spine",
            NodeRole::Leaf => "leaf",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LeafRole {
    Compute,
    Service,
    Border,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    pub id: u32,
    pub pod: u32,
    pub name: String,
    pub role: NodeRole,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leaf_role: Option<LeafRole>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
}

/// A host attached to a leaf.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    pub name: String,
    pub ip: String,
    /// Upper-case, colon separated (`00:50:56:0A:01:0B`); other spellings are canonicalised.
    pub mac: String,
    /// DN of the endpoint's EPG, e.g. `uni/tn-Tenant1/ap-app/epg-web`.
    pub epg: String,
    pub leaf: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interface: Option<String>,
}

/// A router outside the fabric, reached through a border leaf, with the prefixes it announces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExternalRouter {
    pub name: String,
    pub leaf: u32,
    pub prefixes: Vec<String>,
}

/// A topology that does not hold together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TopologyError {
    #[error("topology is not valid JSON: {0}")]
    Json(String),
    #[error("{what} {value:?} is not an IPv4 prefix (a.b.c.d/len)")]
    BadPrefix { what: String, value: String },
    #[error("{what} {value:?} is not an IPv4 address")]
    BadAddress { what: String, value: String },
    #[error("endpoint {endpoint}: MAC address {mac:?} is not six hex octets")]
    BadMac { endpoint: String, mac: String },
    #[error("duplicate {what} {id}")]
    Duplicate { what: &'static str, id: String },
    #[error("node {node} is in pod {pod}, which the topology does not list")]
    UnknownPod { node: u32, pod: u32 },
    #[error("{what} refers to node {node}, which is not a leaf of this topology")]
    NotALeaf { what: String, node: u32 },
    #[error("node {0} has a leaf role but is not a leaf")]
    LeafRoleOnNonLeaf(u32),
    #[error("the topology needs exactly one controller node, found {0}")]
    Controllers(usize),
    #[error("pod {pod}: TEP pool {pool} has no room for {nodes} nodes")]
    PoolTooSmall {
        pod: u32,
        pool: String,
        nodes: usize,
    },
}

/// Parse `a.b.c.d/len`.
pub fn parse_prefix(s: &str) -> Option<(Ipv4Addr, u8)> {
    let (addr, len) = s.split_once('/')?;
    let addr: Ipv4Addr = addr.parse().ok()?;
    let len: u8 = len.parse().ok()?;
    (len <= 32).then_some((addr, len))
}

/// Canonical MAC spelling: upper-case hex, colon separated. Accepts `-`, `:` or `.` groupings.
pub fn canonical_mac(mac: &str) -> Option<String> {
    let hex: String = mac
        .chars()
        .filter(|c| !matches!(c, ':' | '-' | '.'))
        .collect();
    if hex.len() != 12 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let upper = hex.to_ascii_uppercase();
    let octets: Vec<&str> = (0..6).map(|i| &upper[i * 2..i * 2 + 2]).collect();
    Some(octets.join(":"))
}

impl Topology {
    /// Parse and validate a topology file's content.
    pub fn from_json(text: &str) -> Result<Topology, TopologyError> {
        let mut topology: Topology =
            serde_json::from_str(text).map_err(|e| TopologyError::Json(e.to_string()))?;
        topology.validate()?;
        Ok(topology)
    }

    /// The demo fabric of the project's scenarios for a site id: site 1 and 2 as documented,
    /// any other id gets the same shape numbered after it.
    pub fn demo(site_name: &str, site_id: u32) -> Topology {
        crate::demo::demo_topology(site_name, site_id)
    }

    /// Check references and formats; canonicalises MAC addresses.
    pub fn validate(&mut self) -> Result<(), TopologyError> {
        let mut pods = BTreeSet::new();
        for pod in &self.pods {
            if !pods.insert(pod.id) {
                return Err(TopologyError::Duplicate {
                    what: "pod",
                    id: pod.id.to_string(),
                });
            }
            let pools = std::iter::once(("TEP pool", &pod.tep_pool)).chain(
                pod.external_tep_pool
                    .iter()
                    .map(|p| ("external TEP pool", p)),
            );
            for (what, pool) in pools {
                if parse_prefix(pool).is_none() {
                    return Err(TopologyError::BadPrefix {
                        what: format!("pod {} {what}", pod.id),
                        value: pool.clone(),
                    });
                }
            }
        }
        let mut ids = BTreeSet::new();
        for node in &self.nodes {
            if !ids.insert(node.id) {
                return Err(TopologyError::Duplicate {
                    what: "node",
                    id: node.id.to_string(),
                });
            }
            if !pods.contains(&node.pod) {
                return Err(TopologyError::UnknownPod {
                    node: node.id,
                    pod: node.pod,
                });
            }
            if node.leaf_role.is_some() && node.role != NodeRole::Leaf {
                return Err(TopologyError::LeafRoleOnNonLeaf(node.id));
            }
        }
        let controllers = self
            .nodes
            .iter()
            .filter(|n| n.role == NodeRole::Controller)
            .count();
        if controllers != 1 {
            return Err(TopologyError::Controllers(controllers));
        }
        self.node_addresses()?;
        let mut names = BTreeSet::new();
        for i in 0..self.endpoints.len() {
            let ep = self.endpoints[i].clone();
            self.endpoints[i] = self.check_endpoint(ep)?;
            if !names.insert(self.endpoints[i].name.clone()) {
                return Err(TopologyError::Duplicate {
                    what: "endpoint",
                    id: self.endpoints[i].name.clone(),
                });
            }
        }
        for router in &self.external_routers {
            self.require_leaf(router.leaf, &format!("external router {}", router.name))?;
            for prefix in &router.prefixes {
                if parse_prefix(prefix).is_none() {
                    return Err(TopologyError::BadPrefix {
                        what: format!("external router {} prefix", router.name),
                        value: prefix.clone(),
                    });
                }
            }
        }
        Ok(())
    }

    /// Validate one endpoint against this topology and return it canonicalised.
    pub fn check_endpoint(&self, mut ep: Endpoint) -> Result<Endpoint, TopologyError> {
        if ep.ip.parse::<Ipv4Addr>().is_err() {
            return Err(TopologyError::BadAddress {
                what: format!("endpoint {} IP", ep.name),
                value: ep.ip,
            });
        }
        ep.mac = canonical_mac(&ep.mac).ok_or_else(|| TopologyError::BadMac {
            endpoint: ep.name.clone(),
            mac: ep.mac.clone(),
        })?;
        self.require_leaf(ep.leaf, &format!("endpoint {}", ep.name))?;
        Ok(ep)
    }

    fn require_leaf(&self, id: u32, what: &str) -> Result<(), TopologyError> {
        match self.nodes.iter().find(|n| n.id == id) {
            Some(n) if n.role == NodeRole::Leaf => Ok(()),
            _ => Err(TopologyError::NotALeaf {
                what: what.to_string(),
                node: id,
            }),
        }
    }

    /// Each node's TEP address: the pod's pool base plus one plus the node's rank by id.
    pub fn node_addresses(&self) -> Result<BTreeMap<u32, Ipv4Addr>, TopologyError> {
        let mut out = BTreeMap::new();
        for pod in &self.pods {
            let (base, len) =
                parse_prefix(&pod.tep_pool).ok_or_else(|| TopologyError::BadPrefix {
                    what: format!("pod {} TEP pool", pod.id),
                    value: pod.tep_pool.clone(),
                })?;
            let mut members: Vec<u32> = self
                .nodes
                .iter()
                .filter(|n| n.pod == pod.id)
                .map(|n| n.id)
                .collect();
            members.sort_unstable();
            let room = if len >= 31 {
                0
            } else {
                (1u64 << (32 - len)) - 2
            };
            if members.len() as u64 > room {
                return Err(TopologyError::PoolTooSmall {
                    pod: pod.id,
                    pool: pod.tep_pool.clone(),
                    nodes: members.len(),
                });
            }
            let network = u32::from(base) & if len == 0 { 0 } else { u32::MAX << (32 - len) };
            for (rank, id) in members.into_iter().enumerate() {
                // rank < room <= 2^32, so the sum fits.
                let host = network.wrapping_add(1).wrapping_add(rank as u32);
                out.insert(id, Ipv4Addr::from(host));
            }
        }
        Ok(out)
    }

    /// The controller node (validated topologies have exactly one).
    pub fn controller(&self) -> Option<&Node> {
        self.nodes.iter().find(|n| n.role == NodeRole::Controller)
    }
}

/// The switch software release that goes with an APIC release (`5.1(4c)` → `n9000-15.1(4c)`).
pub fn switch_version(apic_version: &str) -> String {
    let digits: String = apic_version
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    match digits.parse::<u32>() {
        Ok(major) => format!("n9000-{}{}", major + 10, &apic_version[digits.len()..]),
        Err(_) => format!("n9000-{apic_version}"),
    }
}

/// One object the fabric owns, ready for `Tree::insert_system`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemObject {
    pub class: &'static str,
    pub dn: String,
    pub attrs: BTreeMap<String, String>,
}

fn attrs<const N: usize>(pairs: [(&str, String); N]) -> BTreeMap<String, String> {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// The objects a real controller reports for this topology, in insertion order (parents first).
pub fn system_objects(
    topology: &Topology,
    identity: &SiteIdentity,
) -> Result<Vec<SystemObject>, TopologyError> {
    let addresses = topology.node_addresses()?;
    let mut out = Vec::new();
    for pod in &topology.pods {
        out.push(SystemObject {
            class: "fabricPod",
            dn: format!("topology/pod-{}", pod.id),
            attrs: attrs([("id", pod.id.to_string()), ("podType", "physical".into())]),
        });
        out.push(SystemObject {
            class: "fabricSetupP",
            dn: format!("uni/controller/setuppol/setupp-{}", pod.id),
            attrs: attrs([
                ("podId", pod.id.to_string()),
                ("tepPool", pod.tep_pool.clone()),
                ("podType", "physical".into()),
            ]),
        });
    }
    let mut nodes: Vec<&Node> = topology.nodes.iter().collect();
    nodes.sort_by_key(|n| (n.pod, n.id));
    for node in nodes {
        let address = addresses
            .get(&node.id)
            .map(Ipv4Addr::to_string)
            .unwrap_or_default();
        let version = match node.role {
            NodeRole::Controller => identity.version.clone(),
            _ => switch_version(&identity.version),
        };
        let model = node.model.clone().unwrap_or_else(|| {
            match node.role {
                NodeRole::Controller => "APIC-SERVER-M3",
                NodeRole::Spine => "N9K-C9364C",
                NodeRole::Leaf => "N9K-C93180YC-FX",
            }
            .to_string()
        });
        let serial = node
            .serial
            .clone()
            .unwrap_or_else(|| format!("FDO{:02}{:05}", identity.site_id % 100, node.id));
        let node_dn = format!("topology/pod-{}/node-{}", node.pod, node.id);
        out.push(SystemObject {
            class: "fabricNode",
            dn: node_dn.clone(),
            attrs: attrs([
                ("id", node.id.to_string()),
                ("name", node.name.clone()),
                ("role", node.role.as_str().into()),
                ("address", address.clone()),
                ("model", model),
                ("serial", serial.clone()),
                (
                    "fabricSt",
                    if node.role == NodeRole::Controller {
                        "unknown"
                    } else {
                        "active"
                    }
                    .into(),
                ),
                ("nodeType", "unspecified".into()),
                ("version", version.clone()),
            ]),
        });
        out.push(SystemObject {
            class: "topSystem",
            dn: format!("{node_dn}/sys"),
            attrs: attrs([
                ("id", node.id.to_string()),
                ("name", node.name.clone()),
                ("role", node.role.as_str().into()),
                ("address", address),
                ("podId", node.pod.to_string()),
                ("siteId", identity.site_id.to_string()),
                ("fabricDomain", identity.name.clone()),
                ("serial", serial),
                ("state", "in-service".into()),
                ("version", version),
            ]),
        });
        if node.role == NodeRole::Controller {
            out.push(SystemObject {
                class: "firmwareCtrlrRunning",
                dn: format!("{node_dn}/sys/ctrlrfwstatuscont/ctrlrrunning"),
                attrs: attrs([
                    ("version", identity.version.clone()),
                    ("type", "controller".into()),
                ]),
            });
        }
    }
    Ok(out)
}
