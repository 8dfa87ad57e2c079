//! Building a snapshot: checks the topology, indexes each site's objects,
//! places endpoints and service nodes, then computes the routing tables.

use std::collections::BTreeSet;

use super::objects::Objects;
use super::{
    network, policy, routes, service, EndpointInfo, Ix, Names, ServiceInfo, SiteView, Snapshot,
};
use crate::addr::Lpm;
use crate::mo::SiteObjects;
use crate::topology::{State, Topology};
use crate::FabricError;

fn check_topology(t: &Topology) -> Result<(), FabricError> {
    let mut names = BTreeSet::new();
    let mut ids = BTreeSet::new();
    for s in &t.sites {
        if !names.insert(&s.name) || !ids.insert(s.id) {
            return Err(FabricError::DuplicateSite(s.name.clone()));
        }
        let mut nodes = BTreeSet::new();
        for p in &s.pods {
            for id in p
                .spines
                .iter()
                .copied()
                .chain(p.leaves.iter().map(|l| l.id))
            {
                if !nodes.insert(id) {
                    return Err(FabricError::DuplicateNode {
                        site: s.name.clone(),
                        node: id,
                    });
                }
            }
        }
    }
    let leaf_ok = |site: &str, leaf: u32, what: &str| -> Result<(), FabricError> {
        let s = t
            .site(site)
            .ok_or_else(|| FabricError::UnknownSite(site.to_string()))?;
        s.leaf(leaf)
            .map(|_| ())
            .ok_or_else(|| FabricError::UnknownLeaf {
                site: site.to_string(),
                leaf,
                what: what.to_string(),
            })
    };
    for e in &t.endpoints {
        leaf_ok(&e.site, e.leaf, &e.name)?;
    }
    for n in &t.service_nodes {
        leaf_ok(&n.site, n.leaf, &n.concrete)?;
    }
    Ok(())
}

pub(super) fn build(
    topology: Topology,
    state: State,
    objects: Vec<SiteObjects>,
) -> Result<Snapshot, FabricError> {
    check_topology(&topology)?;
    for so in &objects {
        let site = topology
            .site(&so.site)
            .ok_or_else(|| FabricError::UnknownSite(so.site.clone()))?;
        if site.id != so.site_id {
            return Err(FabricError::SiteIdMismatch {
                site: so.site.clone(),
                objects: so.site_id,
                topology: site.id,
            });
        }
    }
    let mut names = Names::default();
    let mut sites = Vec::new();
    for tsite in &topology.sites {
        let mut view = SiteView {
            name: tsite.name.clone(),
            ..SiteView::default()
        };
        for pod in &tsite.pods {
            view.spines.push((pod.id, pod.spines.clone()));
            for leaf in &pod.leaves {
                view.leaves.insert(leaf.id, (leaf.role, pod.id));
            }
        }
        let empty = Vec::new();
        let mos = objects
            .iter()
            .find(|so| so.site == tsite.name)
            .map_or(&empty, |so| &so.objects);
        let o = Objects::new(mos);
        network::index(&mut view, &o, &mut names, &tsite.name)?;
        service::index(&mut view, &o, &mut names, &state, &tsite.name);
        policy::index(&mut view, &o, &mut names);
        sites.push(view);
    }
    let exits = routes::build(&mut sites, &names, &topology, &state);

    let mut snap = Snapshot {
        topology,
        state,
        objects,
        names,
        sites,
        exits,
        endpoints: Vec::new(),
        ep_by_ip: Default::default(),
        service_nodes: Vec::new(),
        svc_by_ip: Default::default(),
        fabric_subnets: Lpm::default(),
    };
    for view in &snap.sites {
        for bd in view.bds.values() {
            for s in &bd.subnets {
                snap.fabric_subnets.insert(*s, ());
            }
        }
    }
    place_endpoints(&mut snap)?;
    place_service_nodes(&mut snap)?;
    Ok(snap)
}

fn place_endpoints(snap: &mut Snapshot) -> Result<(), FabricError> {
    for e in &snap.topology.endpoints {
        let six = snap
            .site_ix(&e.site)
            .ok_or_else(|| FabricError::UnknownSite(e.site.clone()))?;
        let view = &snap.sites[six as usize];
        let group = snap
            .names
            .get(&e.epg)
            .and_then(|id| view.group_by_dn.get(&id))
            .map(|&g| &view.groups[g as usize])
            .filter(|g| !g.shadow && !g.external);
        let Some(group) = group else {
            return Err(FabricError::EndpointEpg {
                endpoint: e.name.clone(),
                site: e.site.clone(),
                epg: e.epg.clone(),
            });
        };
        let vrf = group.vrf.filter(|v| view.vrf_by_dn.contains_key(v));
        let Some(vrf) = vrf else {
            return Err(FabricError::EndpointNoVrf {
                endpoint: e.name.clone(),
                site: e.site.clone(),
                epg: e.epg.clone(),
            });
        };
        let ix = snap.endpoints.len() as Ix;
        if snap.ep_by_ip.insert(u32::from(e.ip), ix).is_some() {
            return Err(FabricError::DuplicateAddress(e.ip.to_string()));
        }
        snap.endpoints.push(EndpointInfo {
            name: e.name.clone(),
            site: six,
            leaf: e.leaf,
            epg: group.dn,
            vrf,
        });
    }
    Ok(())
}

fn place_service_nodes(snap: &mut Snapshot) -> Result<(), FabricError> {
    for n in &snap.topology.service_nodes {
        let six = snap
            .site_ix(&n.site)
            .ok_or_else(|| FabricError::UnknownSite(n.site.clone()))?;
        let ix = snap.service_nodes.len() as Ix;
        for (i, itf) in n.interfaces.iter().enumerate() {
            if snap
                .svc_by_ip
                .insert((six, u32::from(itf.ip)), (ix, i as u32))
                .is_some()
            {
                return Err(FabricError::DuplicateAddress(itf.ip.to_string()));
            }
        }
        snap.service_nodes.push(ServiceInfo {
            site: six,
            device: crate::mo::name_of(&n.device).to_string(),
            concrete: n.concrete.clone(),
            leaf: n.leaf,
            interfaces: n
                .interfaces
                .iter()
                .map(|i| (i.name.clone(), i.ip, i.mac.clone()))
                .collect(),
        });
    }
    Ok(())
}
