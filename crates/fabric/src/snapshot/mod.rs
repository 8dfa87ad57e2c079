//! The snapshot: every site's objects, the topology and the state, indexed
//! once so that a trace is a handful of hash probes. Everything a trace
//! needs is resolved here (relations, device selection, health, the chosen
//! exit per prefix); the forwarding code only reads.

mod build;
mod network;
mod objects;
mod policy;
mod routes;
mod service;

use std::collections::HashMap;
use std::net::Ipv4Addr;

use crate::addr::Lpm;
use crate::hash::{FastHasher, Hashing};
use crate::mo::SiteObjects;
use crate::topology::{LeafRole, State, StateChange, Topology};
use crate::trace::DownAction;
use crate::FabricError;

pub(crate) use policy::{Contract, Verdict};

/// Index into one of the snapshot's tables.
pub(crate) type Ix = u32;
/// An interned DN.
pub(crate) type DnId = u32;

pub(crate) type FastMap<K, V> = HashMap<K, V, FastHasher>;

/// Interned DNs shared by all sites, so that "the same object in another
/// site" is a number comparison.
#[derive(Default, Clone, Debug)]
pub(crate) struct Names {
    map: FastMap<String, DnId>,
    list: Vec<String>,
}

impl Names {
    pub(crate) fn intern(&mut self, s: &str) -> DnId {
        if let Some(&id) = self.map.get(s) {
            return id;
        }
        let id = self.list.len() as DnId;
        self.list.push(s.to_string());
        self.map.insert(s.to_string(), id);
        id
    }

    pub(crate) fn get(&self, s: &str) -> Option<DnId> {
        self.map.get(s).copied()
    }

    pub(crate) fn dn(&self, id: DnId) -> &str {
        &self.list[id as usize]
    }
}

/// A traceable picture of the whole multi-site fabric at one moment.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub(crate) topology: Topology,
    pub(crate) state: State,
    pub(crate) objects: Vec<SiteObjects>,
    pub(crate) names: Names,
    pub(crate) sites: Vec<SiteView>,
    pub(crate) exits: Vec<Exit>,
    pub(crate) endpoints: Vec<EndpointInfo>,
    pub(crate) ep_by_ip: FastMap<u32, Ix>,
    pub(crate) service_nodes: Vec<ServiceInfo>,
    pub(crate) svc_by_ip: FastMap<(Ix, u32), (Ix, u32)>,
    pub(crate) fabric_subnets: Lpm<()>,
}

/// One site's indexed objects plus its part of the topology.
#[derive(Clone, Debug, Default)]
pub(crate) struct SiteView {
    pub(crate) name: String,
    pub(crate) leaves: FastMap<u32, (LeafRole, u32)>,
    pub(crate) spines: Vec<(u32, Vec<u32>)>,
    pub(crate) vrfs: Vec<VrfInfo>,
    pub(crate) vrf_by_dn: FastMap<DnId, Ix>,
    pub(crate) bds: FastMap<DnId, BdInfo>,
    pub(crate) groups: Vec<GroupInfo>,
    pub(crate) group_by_dn: FastMap<DnId, Ix>,
    pub(crate) l3outs: Vec<L3OutInfo>,
    pub(crate) contracts: Vec<Contract>,
    pub(crate) pairs: FastMap<(Ix, Ix), Vec<Ix>>,
    pub(crate) leaks: Vec<(DnId, DnId)>,
    pub(crate) chains: Vec<Chain>,
    pub(crate) policies: Vec<RedirectPolicy>,
    pub(crate) policy_by_dn: FastMap<DnId, Ix>,
    pub(crate) lif_members: FastMap<DnId, Vec<(String, String)>>,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct VrfInfo {
    pub(crate) dn: DnId,
    pub(crate) enforced: bool,
    /// BD subnets reachable from this VRF (own and leaked): BD DN and VRF.
    pub(crate) bd_subnets: Lpm<(DnId, DnId)>,
    /// External prefixes: the chosen exit.
    pub(crate) external: Lpm<Ix>,
    /// External EPG subnets of this VRF: the group.
    pub(crate) ext_class: Lpm<Ix>,
}

#[derive(Clone, Debug)]
pub(crate) struct BdInfo {
    pub(crate) vrf: Option<DnId>,
    pub(crate) subnets: Vec<crate::addr::Prefix>,
}

#[derive(Clone, Debug)]
pub(crate) struct GroupInfo {
    pub(crate) dn: DnId,
    pub(crate) vrf: Option<DnId>,
    pub(crate) pc_tag: Option<u32>,
    pub(crate) shadow: bool,
    pub(crate) external: bool,
}

#[derive(Clone, Debug)]
pub(crate) struct L3OutInfo {
    pub(crate) dn: DnId,
    pub(crate) vrf: Option<DnId>,
    pub(crate) shadow: bool,
    pub(crate) leaves: Vec<u32>,
}

/// A way out of the fabric: one L3Out on one border leaf towards one router.
#[derive(Clone, Debug)]
pub(crate) struct Exit {
    pub(crate) site: Ix,
    pub(crate) l3out: DnId,
    pub(crate) vrf: DnId,
    pub(crate) leaf: u32,
    pub(crate) router: String,
}

#[derive(Clone, Debug)]
pub(crate) struct EndpointInfo {
    pub(crate) name: String,
    pub(crate) site: Ix,
    pub(crate) leaf: u32,
    pub(crate) epg: DnId,
    pub(crate) vrf: DnId,
}

#[derive(Clone, Debug)]
pub(crate) struct ServiceInfo {
    pub(crate) site: Ix,
    pub(crate) device: String,
    pub(crate) concrete: String,
    pub(crate) leaf: u32,
    pub(crate) interfaces: Vec<(String, Ipv4Addr, String)>,
}

/// A service graph resolved for one contract in one site.
#[derive(Clone, Debug)]
pub(crate) struct Chain {
    pub(crate) graph: String,
    pub(crate) nodes: Vec<ChainNode>,
    /// Why the graph cannot be deployed in this site, if it cannot.
    pub(crate) problem: Option<String>,
}

#[derive(Clone, Debug)]
pub(crate) struct ChainNode {
    pub(crate) name: String,
    pub(crate) consumer: Connector,
    pub(crate) provider: Connector,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Connector {
    pub(crate) lif: Option<DnId>,
    pub(crate) policy: Option<Ix>,
}

/// What a redirect policy does right now, given its destinations' health.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PolicyStatus {
    Ok,
    Down(DownAction),
    NoHealthy,
}

#[derive(Clone, Debug)]
pub(crate) struct RedirectPolicy {
    pub(crate) dn: DnId,
    pub(crate) hashing: Hashing,
    pub(crate) resilient: bool,
    pub(crate) pod_local: bool,
    pub(crate) dests: Vec<Destination>,
    pub(crate) healthy: usize,
    pub(crate) status: PolicyStatus,
}

#[derive(Clone, Debug)]
pub(crate) struct Destination {
    pub(crate) ip: Ipv4Addr,
    pub(crate) mac: String,
    pub(crate) pod: u32,
    pub(crate) healthy: bool,
}

impl Snapshot {
    /// Indexes the sites' objects with the topology and the state.
    pub fn build(
        topology: Topology,
        state: State,
        sites: &[SiteObjects],
    ) -> Result<Snapshot, FabricError> {
        build::build(topology, state, sites.to_vec())
    }

    /// The same fabric after one state change (an L3Out or a PBR
    /// destination going down or up).
    pub fn with_state(&self, change: &StateChange) -> Result<Snapshot, FabricError> {
        let known = match change {
            StateChange::L3Out { site, dn, .. } => self.site_ix(site).is_some_and(|s| {
                let id = self.names.get(dn);
                self.sites[s as usize]
                    .l3outs
                    .iter()
                    .any(|l| Some(l.dn) == id)
            }),
            StateChange::Destination { site, ip, .. } => self.site_ix(site).is_some_and(|s| {
                self.sites[s as usize]
                    .policies
                    .iter()
                    .any(|p| p.dests.iter().any(|d| d.ip == *ip))
            }),
        };
        if !known {
            return Err(FabricError::UnknownStateTarget(change.to_string()));
        }
        let mut state = self.state.clone();
        state.apply(change);
        build::build(self.topology.clone(), state, self.objects.clone())
    }

    /// The topology the snapshot was built from.
    pub fn topology(&self) -> &Topology {
        &self.topology
    }

    /// The state the snapshot was built from.
    pub fn state(&self) -> &State {
        &self.state
    }

    pub(crate) fn site_ix(&self, name: &str) -> Option<Ix> {
        self.sites
            .iter()
            .position(|s| s.name == name)
            .map(|i| i as Ix)
    }

    pub(crate) fn dn(&self, id: DnId) -> &str {
        self.names.dn(id)
    }
}
