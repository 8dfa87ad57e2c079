//! Pure assembly of the fabric simulator's input from what each site reported: its
//! topology (the emulator's file format, or one derived from a real APIC's inventory)
//! and its objects. Service appliances are placed from the objects (see
//! [`service_nodes`]); endpoints whose EPG the site does not hold are left out with a note.

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;

use multisite_fabric::mo::{name_of, parent_dn};
use multisite_fabric::topology::{
    Endpoint, ExternalRouter, Isn, Leaf, LeafRole, Pod, ServiceInterface, ServiceNode, Site,
};
use multisite_fabric::{Mo, SiteObjects, Topology};
use multisite_sitesim::topology as sim;

/// What one site reported.
#[derive(Debug, Clone)]
pub struct SiteInput {
    /// The site's name (as registered).
    pub name: String,
    /// The APIC site id.
    pub site_id: u32,
    /// The APIC release.
    pub release: String,
    /// Its fabric: pods, nodes, endpoints, external routers.
    pub topology: sim::Topology,
    /// Its managed objects.
    pub objects: Vec<Mo>,
}

/// The fabric simulator's input, plus what was left out and why.
#[derive(Debug, Clone)]
pub struct Assembled {
    pub topology: Topology,
    pub sites: Vec<SiteObjects>,
    /// Human sentences about endpoints or destinations that could not be placed.
    pub notes: Vec<String>,
}

/// A site whose reported topology cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("site '{site}': {reason}")]
pub struct ConvertError {
    pub site: String,
    pub reason: String,
}

/// Assembles every site, in the given order.
pub fn assemble(inputs: &[SiteInput]) -> Result<Assembled, ConvertError> {
    let topology = Topology {
        sites: Vec::new(),
        isn: Isn::default(),
        endpoints: Vec::new(),
        service_nodes: Vec::new(),
    };
    let mut out = Assembled {
        topology,
        sites: Vec::new(),
        notes: Vec::new(),
    };
    for input in inputs {
        out.topology.sites.push(site(input)?);
        out.topology
            .endpoints
            .extend(endpoints(input, &mut out.notes));
        out.topology
            .service_nodes
            .extend(service_nodes(input, &mut out.notes));
        out.sites.push(SiteObjects {
            site: input.name.clone(),
            site_id: input.site_id,
            objects: input.objects.clone(),
        });
    }
    Ok(out)
}

fn site(input: &SiteInput) -> Result<Site, ConvertError> {
    let err = |reason: String| ConvertError {
        site: input.name.clone(),
        reason,
    };
    let t = &input.topology;
    let mut pods = Vec::new();
    for pod in &t.pods {
        let tep_pool = pod
            .tep_pool
            .parse()
            .map_err(|e| err(format!("pod {}: {e}", pod.id)))?;
        let external_tep_pool = match &pod.external_tep_pool {
            Some(p) => Some(p.parse().map_err(|e| err(format!("pod {}: {e}", pod.id)))?),
            None => None,
        };
        let in_pod = |role| {
            t.nodes
                .iter()
                .filter(move |n| n.pod == pod.id && n.role == role)
        };
        let spines = in_pod(sim::NodeRole::Spine).map(|n| n.id).collect();
        let mut leaves = Vec::new();
        for n in in_pod(sim::NodeRole::Leaf) {
            let mut external_routers = Vec::new();
            for r in t.external_routers.iter().filter(|r| r.leaf == n.id) {
                let prefixes = r
                    .prefixes
                    .iter()
                    .map(|p| p.parse())
                    .collect::<Result<_, _>>()
                    .map_err(|e| err(format!("external router {}: {e}", r.name)))?;
                external_routers.push(ExternalRouter {
                    name: r.name.clone(),
                    prefixes,
                });
            }
            let role = match n.leaf_role {
                Some(sim::LeafRole::Border) => LeafRole::Border,
                Some(sim::LeafRole::Service) => LeafRole::Service,
                Some(sim::LeafRole::Compute) | None => LeafRole::Compute,
            };
            leaves.push(Leaf {
                id: n.id,
                role,
                external_routers,
            });
        }
        pods.push(Pod {
            id: pod.id,
            tep_pool,
            external_tep_pool,
            spines,
            leaves,
        });
    }
    Ok(Site {
        name: input.name.clone(),
        id: input.site_id,
        release: input.release.clone(),
        pods,
    })
}

/// The site's endpoints whose EPG it holds as a real (non-shadow) EPG.
fn endpoints(input: &SiteInput, notes: &mut Vec<String>) -> Vec<Endpoint> {
    let epgs: BTreeSet<&str> = input
        .objects
        .iter()
        .filter(|m| m.class == "fvAEPg" && !m.is_shadow())
        .map(|m| m.dn.as_str())
        .collect();
    let mut out = Vec::new();
    for ep in &input.topology.endpoints {
        let Ok(ip) = ep.ip.parse::<Ipv4Addr>() else {
            notes.push(format!(
                "{}: endpoint {} left out: bad address {}",
                input.name, ep.name, ep.ip
            ));
            continue;
        };
        if !epgs.contains(ep.epg.as_str()) {
            notes.push(format!(
                "{}: endpoint {} ({ip}) left out: the site does not hold its EPG {}",
                input.name, ep.name, ep.epg
            ));
            continue;
        }
        out.push(Endpoint {
            name: ep.name.clone(),
            site: input.name.clone(),
            ip,
            mac: ep.mac.clone(),
            epg: ep.epg.clone(),
            leaf: ep.leaf,
        });
    }
    out
}

/// The leaf a leaf-port path DN names (`topology/pod-1/paths-103/pathep-[eth1/5]`, or
/// the first node of `protpaths-103-104`).
pub fn path_leaf(path_dn: &str) -> Option<u32> {
    path_dn.split('/').find_map(|rn| {
        let ids = rn
            .strip_prefix("paths-")
            .or_else(|| rn.strip_prefix("protpaths-"))?;
        ids.split('-').next()?.parse().ok()
    })
}

/// A placed appliance: its leaf and its interfaces (name -> address, MAC).
type Placed = (u32, BTreeMap<String, (Ipv4Addr, String)>);

/// The service appliances of a site, placed from its objects: every redirect policy a
/// device-selection context uses is paired with the logical interface of that context;
/// its destinations (by address) are matched to the interface's concrete interfaces (by
/// DN) in order, unless a destination's `destName` names a concrete device. The leaf is
/// the one the concrete interface's path points at, else the site's first service leaf.
pub fn service_nodes(input: &SiteInput, notes: &mut Vec<String>) -> Vec<ServiceNode> {
    let objs = &input.objects;
    let rels = |class: &'static str| objs.iter().filter(move |m| m.class == class);
    let child_rel = |parent: &str, class: &str| {
        objs.iter()
            .find(|m| m.class == class && parent_dn(&m.dn) == Some(parent))
            .map(|m| m.attr("tDn").to_string())
    };
    let service_leaf = input
        .topology
        .nodes
        .iter()
        .find(|n| n.leaf_role == Some(sim::LeafRole::Service))
        .map(|n| n.id);
    // Keyed by (device DN, concrete device name).
    let mut nodes: BTreeMap<(String, String), Placed> = BTreeMap::new();
    let mut seen: BTreeSet<Ipv4Addr> = BTreeSet::new();
    for to_pol in rels("vnsRsLIfCtxToSvcRedirectPol") {
        let Some(ctx) = parent_dn(&to_pol.dn) else {
            continue;
        };
        let Some(lif) = child_rel(ctx, "vnsRsLIfCtxToLIf") else {
            continue;
        };
        let Some(device) = parent_dn(&lif) else {
            continue;
        };
        let policy = to_pol.attr("tDn");
        let mut dests: Vec<(Ipv4Addr, &Mo)> = rels("vnsRedirectDest")
            .filter(|d| parent_dn(&d.dn) == Some(policy))
            .filter_map(|d| d.attr("ip").parse().ok().map(|ip| (ip, d)))
            .collect();
        dests.sort_by_key(|(ip, _)| *ip);
        let mut cifs: Vec<&str> = rels("vnsRsCIfAttN")
            .filter(|r| parent_dn(&r.dn) == Some(lif.as_str()))
            .map(|r| r.attr("tDn"))
            .collect();
        cifs.sort_unstable();
        for (i, (ip, dest)) in dests.into_iter().enumerate() {
            if !seen.insert(ip) {
                continue;
            }
            let named = cifs.iter().find(|c| {
                parent_dn(c).map(name_of) == Some(dest.attr("destName"))
                    && !dest.attr("destName").is_empty()
            });
            let Some(cif) = named.or(cifs.get(i)).copied() else {
                notes.push(format!(
                    "{}: PBR destination {ip} of {} has no concrete interface in {lif}",
                    input.name,
                    name_of(policy)
                ));
                continue;
            };
            let Some(cdev) = parent_dn(cif) else { continue };
            let path_leaf = child_rel(cif, "vnsRsCIfPathAtt")
                .as_deref()
                .and_then(path_leaf);
            let Some(leaf) = path_leaf.or(service_leaf) else {
                notes.push(format!(
                    "{}: no leaf known for service interface {cif}",
                    input.name
                ));
                continue;
            };
            let if_name = objs
                .iter()
                .find(|m| m.dn == cif && !m.attr("name").is_empty())
                .map(|m| m.attr("name").to_string())
                .unwrap_or_else(|| {
                    name_of(cif)
                        .trim_start_matches('[')
                        .trim_end_matches(']')
                        .to_string()
                });
            let entry = nodes
                .entry((device.to_string(), name_of(cdev).to_string()))
                .or_insert((leaf, BTreeMap::new()));
            entry.1.insert(if_name, (ip, dest.attr("mac").to_string()));
        }
    }
    nodes
        .into_iter()
        .map(|((device, concrete), (leaf, ifs))| ServiceNode {
            site: input.name.clone(),
            device,
            concrete,
            leaf,
            interfaces: ifs
                .into_iter()
                .map(|(name, (ip, mac))| ServiceInterface { name, ip, mac })
                .collect(),
        })
        .collect()
}
