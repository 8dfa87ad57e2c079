//! Forwarding: follows one flow through the fabric (classification, routing,
//! contract, redirect, the ISN, the L3Out) and records what happened. The
//! same code serves the full trace and the fast path; the fast path's
//! recorder ignores every step, so nothing is formatted or allocated.

mod enforce;

use std::net::Ipv4Addr;

use crate::flow::Flow;
use crate::hash::mix;
use crate::snapshot::{Ix, Snapshot};
use crate::topology::LeafRole;
use crate::trace::{ClassifiedBy, Disposition, End, Hop, HopRole, Origin, Step, Trace};

/// The outcome of the fast path: the disposition and the first service
/// appliance the flow was redirected to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decision<'a> {
    /// Where the flow ended.
    pub disposition: Disposition,
    /// The first PBR destination chosen, if any.
    pub firewall: Option<FirewallChoice<'a>>,
}

/// A chosen PBR destination and the appliance behind it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FirewallChoice<'a> {
    /// The site of the appliance.
    pub site: &'a str,
    /// The device cluster name (e.g. `Site2-FW`).
    pub device: &'a str,
    /// The concrete device (e.g. `ASAv1`).
    pub concrete: &'a str,
    /// The PBR destination address.
    pub dest_ip: Ipv4Addr,
}

/// Traces a flow and returns every hop and step.
pub fn trace(snap: &Snapshot, flow: &Flow) -> Trace {
    let mut run = Run::new(snap, flow, Full::default());
    let disposition = run.start();
    Trace {
        flow: *flow,
        disposition,
        hops: run.rec.hops,
    }
}

/// Traces a flow without building hops: the disposition and the chosen
/// firewall only.
pub fn trace_disposition<'a>(snap: &'a Snapshot, flow: &Flow) -> Decision<'a> {
    let mut run = Run::new(snap, flow, Quiet);
    let disposition = run.start();
    Decision {
        disposition,
        firewall: run.first_fw.map(|(svc, ip)| {
            let n = &snap.service_nodes[svc as usize];
            FirewallChoice {
                site: &snap.sites[n.site as usize].name,
                device: &n.device,
                concrete: &n.concrete,
                dest_ip: ip,
            }
        }),
    }
}

/// Receives hops and steps as closures, so a quiet run never builds them.
pub(crate) trait Recorder {
    fn hop(&mut self, f: impl FnOnce() -> Hop);
    fn step(&mut self, f: impl FnOnce() -> Step);
}

#[derive(Default)]
struct Full {
    hops: Vec<Hop>,
}

impl Recorder for Full {
    fn hop(&mut self, f: impl FnOnce() -> Hop) {
        self.hops.push(f());
    }
    fn step(&mut self, f: impl FnOnce() -> Step) {
        if let Some(h) = self.hops.last_mut() {
            h.steps.push(f());
        }
    }
}

struct Quiet;

impl Recorder for Quiet {
    #[inline(always)]
    fn hop(&mut self, _: impl FnOnce() -> Hop) {}
    #[inline(always)]
    fn step(&mut self, _: impl FnOnce() -> Step) {}
}

/// A place in the fabric: site index and leaf id.
type Pos = (Ix, u32);

enum Target {
    Endpoint(Ix),
    Exit(Ix),
}

pub(crate) struct Run<'s, R> {
    pub(crate) snap: &'s Snapshot,
    pub(crate) flow: &'s Flow,
    pub(crate) rec: R,
    /// Symmetric flow hash for the spine choice (ECMP).
    ecmp: u64,
    pub(crate) first_fw: Option<(Ix, Ipv4Addr)>,
}

impl<'s, R: Recorder> Run<'s, R> {
    fn new(snap: &'s Snapshot, flow: &'s Flow, rec: R) -> Self {
        let (a, b) = (u32::from(flow.src_ip), u32::from(flow.dst_ip));
        let ecmp = mix(
            u64::from(a.min(b)) << 32 | u64::from(a.max(b)) ^ u64::from(flow.protocol.number())
        );
        Run {
            snap,
            flow,
            rec,
            ecmp,
            first_fw: None,
        }
    }

    fn start(&mut self) -> Disposition {
        let snap = self.snap;
        let src = snap.ep_by_ip.get(&u32::from(self.flow.src_ip)).copied();
        let dst = snap.ep_by_ip.get(&u32::from(self.flow.dst_ip)).copied();
        match (src, dst) {
            (Some(s), dst) => self.start_at_endpoint(s, dst).unwrap_or_else(|d| d),
            (None, Some(d)) => self.start_outside(d).unwrap_or_else(|d| d),
            (None, None) if snap.fabric_subnets.lookup(self.flow.dst_ip).is_some() => {
                Disposition::NoEndpoint
            }
            (None, None) => Disposition::UnknownSource,
        }
    }

    pub(crate) fn hop_leaf(&mut self, site: Ix, leaf: u32) {
        let snap = self.snap;
        self.rec.hop(|| {
            let view = &snap.sites[site as usize];
            let role = match view.leaves.get(&leaf).map(|l| l.0) {
                Some(LeafRole::Border) => HopRole::BorderLeaf,
                Some(LeafRole::Service) => HopRole::ServiceLeaf,
                _ => HopRole::ComputeLeaf,
            };
            Hop {
                site: Some(view.name.clone()),
                node: leaf.to_string(),
                role,
                steps: Vec::new(),
            }
        });
    }

    fn spine(&self, site: Ix, leaf: u32) -> Option<u32> {
        let view = &self.snap.sites[site as usize];
        let pod = view.leaves.get(&leaf).map_or(1, |l| l.1);
        let spines = &view.spines.iter().find(|(p, _)| *p == pod)?.1;
        if spines.is_empty() {
            return None;
        }
        Some(spines[(self.ecmp % spines.len() as u64) as usize])
    }

    fn hop_spine(&mut self, site: Ix, spine: u32) {
        let name = &self.snap.sites[site as usize].name;
        self.rec.hop(|| Hop {
            site: Some(name.clone()),
            node: spine.to_string(),
            role: HopRole::Spine,
            steps: Vec::new(),
        });
    }

    /// Moves the packet from one leaf to another through the spines (and
    /// the ISN between sites); the destination leaf's hop is opened.
    pub(crate) fn travel(&mut self, from: Pos, to: Pos) {
        if from == to {
            return;
        }
        let snap = self.snap;
        let (s1, s2) = (from.0, to.0);
        let site2 = &snap.sites[s2 as usize].name;
        if let Some(sp) = self.spine(s1, from.1) {
            self.rec.step(|| Step::Forwarded {
                next: format!("spine {sp}"),
            });
            self.hop_spine(s1, sp);
        }
        if s1 != s2 {
            self.rec.step(|| Step::SentOverIsn {
                to_site: site2.clone(),
            });
            let isn = &snap.topology.isn.name;
            self.rec.hop(|| Hop {
                site: None,
                node: isn.clone(),
                role: HopRole::Isn,
                steps: Vec::new(),
            });
            if let Some(sp) = self.spine(s2, to.1) {
                self.rec.step(|| Step::Forwarded {
                    next: format!("{site2} spine {sp}"),
                });
                self.hop_spine(s2, sp);
            }
        } else {
            let (p1, p2) = (self.spine(s1, from.1), self.spine(s2, to.1));
            if let (Some(a), Some(b)) = (p1, p2) {
                let pods = &snap.sites[s1 as usize].leaves;
                if pods.get(&from.1).map(|l| l.1) != pods.get(&to.1).map(|l| l.1) && a != b {
                    self.rec.step(|| Step::Forwarded {
                        next: format!("spine {b}"),
                    });
                    self.hop_spine(s2, b);
                }
            }
        }
        self.rec.step(|| Step::Forwarded {
            next: format!("leaf {}", to.1),
        });
        self.hop_leaf(s2, to.1);
    }

    pub(crate) fn classified(
        &mut self,
        site: Ix,
        end: End,
        group: Option<Ix>,
        by: impl FnOnce() -> ClassifiedBy,
    ) {
        let snap = self.snap;
        let ip = match end {
            End::Source => self.flow.src_ip,
            End::Destination => self.flow.dst_ip,
        };
        self.rec.step(|| {
            let view = &snap.sites[site as usize];
            let g = group.map(|g| &view.groups[g as usize]);
            Step::Classified {
                end,
                ip,
                group: g.map(|g| snap.dn(g.dn).to_string()),
                pc_tag: g.and_then(|g| g.pc_tag),
                by: by(),
            }
        });
    }

    fn start_at_endpoint(&mut self, s: Ix, dst: Option<Ix>) -> Result<Disposition, Disposition> {
        let snap = self.snap;
        let ep = &snap.endpoints[s as usize];
        let view = &snap.sites[ep.site as usize];
        self.hop_leaf(ep.site, ep.leaf);
        self.rec.step(|| Step::Received {
            from: Origin::Endpoint {
                name: ep.name.clone(),
            },
        });
        let sg = view.group_by_dn.get(&ep.epg).copied();
        self.classified(ep.site, End::Source, sg, || ClassifiedBy::Endpoint {
            name: ep.name.clone(),
        });
        let vrf = &view.vrfs[view.vrf_by_dn[&ep.vrf] as usize];
        let (target, dg) = if let Some(d) = dst {
            let de = &snap.endpoints[d as usize];
            if !view.leaks(ep.vrf, de.vrf) {
                self.rec.step(|| Step::NoRouteBetweenVrfs {
                    from_vrf: snap.dn(ep.vrf).to_string(),
                    to_vrf: snap.dn(de.vrf).to_string(),
                });
                return Err(Disposition::NoRoute);
            }
            let g = view.group_by_dn.get(&de.epg).copied();
            self.classified(ep.site, End::Destination, g, || ClassifiedBy::Endpoint {
                name: de.name.clone(),
            });
            (Target::Endpoint(d), g)
        } else if let Some((p, (bd, _))) = vrf.bd_subnets.lookup(self.flow.dst_ip) {
            self.classified(ep.site, End::Destination, None, || ClassifiedBy::BdSubnet {
                bd: snap.dn(*bd).to_string(),
                subnet: p.to_string(),
            });
            return Err(Disposition::NoEndpoint);
        } else if let Some((p, e)) = vrf.external.lookup(self.flow.dst_ip) {
            let exit = &snap.exits[*e as usize];
            self.rec.step(|| Step::Routed {
                vrf: snap.dn(ep.vrf).to_string(),
                prefix: p.to_string(),
                l3out: snap.dn(exit.l3out).to_string(),
                site: snap.sites[exit.site as usize].name.clone(),
                leaf: exit.leaf,
                leaked_from: (exit.vrf != ep.vrf).then(|| snap.dn(exit.vrf).to_string()),
            });
            let hit = self.ext_class(ep.site, exit.vrf, self.flow.dst_ip);
            self.classified(ep.site, End::Destination, hit.map(|h| h.1), || match hit {
                Some((p, _)) => ClassifiedBy::ExternalSubnet {
                    subnet: p.to_string(),
                },
                None => ClassifiedBy::Unclassified,
            });
            (Target::Exit(*e), hit.map(|h| h.1))
        } else {
            self.rec.step(|| Step::NoRoute {
                vrf: snap.dn(ep.vrf).to_string(),
            });
            return Err(Disposition::NoRoute);
        };
        let pos = self.enforce(ep.site, ep.leaf, sg, dg)?;
        Ok(self.finish(pos, target))
    }

    /// The external EPG an outside address falls in, in one site's view of a VRF.
    fn ext_class(&self, site: Ix, vrf: u32, ip: Ipv4Addr) -> Option<(crate::addr::Prefix, Ix)> {
        let view = &self.snap.sites[site as usize];
        let v = view.vrf_by_dn.get(&vrf)?;
        view.vrfs[*v as usize].ext_class.lookup(ip).copied()
    }

    fn start_outside(&mut self, d: Ix) -> Result<Disposition, Disposition> {
        let snap = self.snap;
        let de = &snap.endpoints[d as usize];
        let view = &snap.sites[de.site as usize];
        let vrf = &view.vrfs[view.vrf_by_dn[&de.vrf] as usize];
        let Some(&(_, e)) = vrf.external.lookup(self.flow.src_ip) else {
            return Err(Disposition::UnknownSource);
        };
        let exit = &snap.exits[e as usize];
        self.hop_leaf(exit.site, exit.leaf);
        self.rec.step(|| Step::Received {
            from: Origin::External {
                router: exit.router.clone(),
                l3out: snap.dn(exit.l3out).to_string(),
            },
        });
        let src_ip = self.flow.src_ip;
        let by = |hit: Option<(crate::addr::Prefix, Ix)>| match hit {
            Some((p, _)) => ClassifiedBy::ExternalSubnet {
                subnet: p.to_string(),
            },
            None => ClassifiedBy::Unclassified,
        };
        let hit = self.ext_class(exit.site, exit.vrf, src_ip);
        self.classified(exit.site, End::Source, hit.map(|h| h.1), || by(hit));
        let border_view = &snap.sites[exit.site as usize];
        let dg_border = border_view.group_by_dn.get(&de.epg).copied();
        self.classified(exit.site, End::Destination, dg_border, || {
            ClassifiedBy::Endpoint {
                name: de.name.clone(),
            }
        });
        let border: Pos = (exit.site, exit.leaf);
        let compute: Pos = (de.site, de.leaf);
        let mut sg = hit.map(|h| h.1);
        if border != compute {
            let site_name = &view.name;
            self.rec.step(|| Step::PolicyDeferred {
                site: site_name.clone(),
                leaf: de.leaf,
            });
            self.travel(border, compute);
            if exit.site != de.site {
                let hit = self.ext_class(de.site, exit.vrf, src_ip);
                self.classified(de.site, End::Source, hit.map(|h| h.1), || by(hit));
                sg = hit.map(|h| h.1);
            }
        }
        let dg = view.group_by_dn.get(&de.epg).copied();
        let pos = self.enforce(de.site, de.leaf, sg, dg)?;
        Ok(self.finish(pos, Target::Endpoint(d)))
    }

    fn finish(&mut self, pos: Pos, target: Target) -> Disposition {
        let snap = self.snap;
        match target {
            Target::Endpoint(d) => {
                let de = &snap.endpoints[d as usize];
                self.travel(pos, (de.site, de.leaf));
                self.rec.step(|| Step::Delivered {
                    endpoint: de.name.clone(),
                });
                Disposition::Delivered
            }
            Target::Exit(e) => {
                let exit = &snap.exits[e as usize];
                self.travel(pos, (exit.site, exit.leaf));
                self.rec.step(|| Step::L3OutEgress {
                    l3out: snap.dn(exit.l3out).to_string(),
                    router: exit.router.clone(),
                });
                Disposition::DeliveredExternal
            }
        }
    }
}
