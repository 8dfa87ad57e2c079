//! The physical fabric: sites, pods, spines, leaves and their roles, the
//! inter-site network, external routers, endpoints and service nodes. Read
//! from JSON (the serde shape below is the file format) or built by
//! [`Topology::demo`].
//!
//! File format (all keys lower-case, addresses as strings):
//! ```json
//! {"sites": [{"name": "site1", "id": 1, "release": "5.1(4c)",
//!    "pods": [{"id": 1, "tep_pool": "10.1.0.0/16", "external_tep_pool": "172.16.1.0/24",
//!              "spines": [1101, 1102],
//!              "leaves": [{"id": 101, "role": "border",
//!                          "external_routers": [{"name": "ext-rtr-1", "prefixes": ["0.0.0.0/0"]}]},
//!                         {"id": 102, "role": "compute"}]}]}],
//!  "isn": {"name": "ISN"},
//!  "endpoints": [{"name": "web-1", "site": "site1", "ip": "10.10.1.11",
//!                 "mac": "00:50:56:01:01:11", "epg": "uni/tn-Tenant1/ap-app/epg-web", "leaf": 102}],
//!  "service_nodes": [{"site": "site1", "device": "uni/tn-Tenant1/lDevVip-Site1-FW", "concrete": "ASAv1",
//!                     "leaf": 103, "interfaces": [{"name": "g0/0", "ip": "192.168.11.1",
//!                                                  "mac": "00:50:56:95:11:01"}]}]}
//! ```

mod demo;
mod state;

use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

use crate::addr::Prefix;

pub use state::{Health, State, StateChange};

/// The whole fabric.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topology {
    /// The sites, in display order.
    pub sites: Vec<Site>,
    /// The inter-site network joining every site's spines.
    #[serde(default)]
    pub isn: Isn,
    /// Application endpoints.
    #[serde(default)]
    pub endpoints: Vec<Endpoint>,
    /// Service appliances (one per concrete device) and their addresses.
    #[serde(default)]
    pub service_nodes: Vec<ServiceNode>,
}

/// One site (one APIC cluster).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Site {
    /// The site's name, e.g. `site1`.
    pub name: String,
    /// The site id.
    pub id: u32,
    /// The APIC release, e.g. `5.1(4c)`.
    #[serde(default)]
    pub release: String,
    /// The pods.
    pub pods: Vec<Pod>,
}

/// One pod of a site.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pod {
    /// The pod id.
    pub id: u32,
    /// The fabric TEP pool.
    pub tep_pool: Prefix,
    /// The external TEP pool (needed by intersite L3Out).
    #[serde(default)]
    pub external_tep_pool: Option<Prefix>,
    /// Spine node ids.
    pub spines: Vec<u32>,
    /// The leaves.
    pub leaves: Vec<Leaf>,
}

/// What a leaf is used for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LeafRole {
    /// Application endpoints attach here.
    Compute,
    /// Service appliances attach here.
    Service,
    /// L3Outs attach here.
    Border,
}

impl LeafRole {
    /// Human name.
    pub fn as_str(&self) -> &'static str {
        match self {
            LeafRole::Compute => "compute leaf",
            LeafRole::Service => "service leaf",
            LeafRole::Border => "border leaf",
        }
    }
}

/// One leaf switch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leaf {
    /// The node id.
    pub id: u32,
    /// Its role.
    pub role: LeafRole,
    /// External routers peering with this leaf (border leaves).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub external_routers: Vec<ExternalRouter>,
}

/// A router outside the fabric and the prefixes the fabric learns from it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalRouter {
    /// Its name.
    pub name: String,
    /// Prefixes learned through it.
    pub prefixes: Vec<Prefix>,
}

/// The inter-site network.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Isn {
    /// Its name in traces.
    pub name: String,
}

impl Default for Isn {
    fn default() -> Self {
        Isn {
            name: "ISN".to_string(),
        }
    }
}

/// An application endpoint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endpoint {
    /// Its name, e.g. `web-2`.
    pub name: String,
    /// The site it lives in.
    pub site: String,
    /// Its address.
    pub ip: Ipv4Addr,
    /// Its MAC address.
    pub mac: String,
    /// The DN of its EPG (`uni/tn-T/ap-A/epg-E`).
    pub epg: String,
    /// The leaf it is attached to.
    pub leaf: u32,
}

/// One service appliance (a concrete device) and where it is attached.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceNode {
    /// The site.
    pub site: String,
    /// The DN of its device cluster (`uni/tn-T/lDevVip-X`).
    pub device: String,
    /// The concrete device name (`vnsCDev` name).
    pub concrete: String,
    /// The leaf its interfaces attach to.
    pub leaf: u32,
    /// Its data interfaces.
    pub interfaces: Vec<ServiceInterface>,
}

/// A data interface of a service node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceInterface {
    /// Interface name, e.g. `g0/0` (the `vnsCIf` name).
    pub name: String,
    /// The address PBR redirects to.
    pub ip: Ipv4Addr,
    /// Its MAC address.
    pub mac: String,
}

impl Topology {
    /// A site by name.
    pub fn site(&self, name: &str) -> Option<&Site> {
        self.sites.iter().find(|s| s.name == name)
    }

    /// Parses the JSON file format.
    pub fn from_json(text: &str) -> Result<Topology, crate::FabricError> {
        serde_json::from_str(text).map_err(|e| crate::FabricError::Parse {
            input: "topology".to_string(),
            reason: e.to_string(),
        })
    }
}

impl Site {
    /// A leaf and its pod id.
    pub fn leaf(&self, id: u32) -> Option<(&Leaf, u32)> {
        self.pods
            .iter()
            .find_map(|p| p.leaves.iter().find(|l| l.id == id).map(|l| (l, p.id)))
    }
}
