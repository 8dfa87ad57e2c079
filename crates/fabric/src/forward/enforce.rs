//! Policy at the enforcing (compute) leaf: intra-EPG and unenforced-VRF
//! shortcuts, the contract verdict, and the service chain: per node the
//! connector's redirect policy of this site, its threshold state, the
//! symmetric hash choice of a destination, the round trip through the
//! service leaf and the appliance.

use super::{Pos, Recorder, Run};
use crate::hash::{pbr_hash, pick_destination};
use crate::mo::name_of;
use crate::snapshot::{Ix, PolicyStatus, Verdict};
use crate::trace::{Disposition, DownAction, Hop, HopRole, Origin, Step};

impl<R: Recorder> Run<'_, R> {
    /// Applies policy at `leaf` of `site` for the flow between the two
    /// groups; returns where the packet is once the service chain is done.
    pub(super) fn enforce(
        &mut self,
        site: Ix,
        leaf: u32,
        src: Option<Ix>,
        dst: Option<Ix>,
    ) -> Result<Pos, Disposition> {
        let snap = self.snap;
        let view = &snap.sites[site as usize];
        let (Some(sg), Some(dg)) = (src, dst) else {
            let missing = if src.is_none() {
                "source"
            } else {
                "destination"
            };
            self.rec.step(|| Step::ContractDenies {
                contract: None,
                reason: format!("the {missing} has no EPG in {}", view.name),
            });
            return Err(Disposition::DeniedByContract);
        };
        let (gs, gd) = (&view.groups[sg as usize], &view.groups[dg as usize]);
        if sg == dg && !gs.external {
            self.rec.step(|| Step::IntraEpgPermitted {
                group: snap.dn(gs.dn).to_string(),
            });
            return Ok((site, leaf));
        }
        let unenforced = gs
            .vrf
            .and_then(|v| view.vrf_by_dn.get(&v))
            .is_some_and(|v| !view.vrfs[*v as usize].enforced);
        if unenforced {
            self.rec.step(|| Step::VrfUnenforced {
                vrf: gs.vrf.map(|v| snap.dn(v).to_string()).unwrap_or_default(),
            });
            return Ok((site, leaf));
        }
        match view.verdict(sg, dg, self.flow) {
            Verdict::NoContract => {
                self.rec.step(|| Step::ContractDenies {
                    contract: None,
                    reason: format!(
                        "no contract between {} and {} permits it",
                        snap.dn(gs.dn),
                        snap.dn(gd.dn)
                    ),
                });
                Err(Disposition::DeniedByContract)
            }
            Verdict::Deny { contract } => {
                self.rec.step(|| Step::ContractDenies {
                    contract: Some(snap.dn(view.contracts[contract as usize].dn).to_string()),
                    reason: "a deny filter matches".to_string(),
                });
                Err(Disposition::DeniedByContract)
            }
            Verdict::Permit {
                contract,
                subject,
                rule,
                c2p,
                chain,
            } => {
                self.rec.step(|| {
                    let c = &view.contracts[contract as usize];
                    let s = &c.subjects[subject as usize];
                    let r = &s.rules[rule as usize];
                    Step::ContractPermits {
                        contract: snap.dn(c.dn).to_string(),
                        subject: s.name.clone(),
                        filter: name_of(snap.dn(r.filter)).to_string(),
                        entry: r.entry.clone(),
                        consumer_to_provider: c2p,
                    }
                });
                match chain {
                    Some(ch) => self.service_chain(site, leaf, ch, c2p),
                    None => Ok((site, leaf)),
                }
            }
        }
    }

    fn service_chain(
        &mut self,
        site: Ix,
        leaf: u32,
        ch: Ix,
        c2p: bool,
    ) -> Result<Pos, Disposition> {
        let snap = self.snap;
        let view = &snap.sites[site as usize];
        let chain = &view.chains[ch as usize];
        if let Some(problem) = &chain.problem {
            self.rec.step(|| Step::GraphNotDeployed {
                graph: chain.graph.clone(),
                reason: problem.clone(),
            });
            return Err(Disposition::GraphNotDeployed);
        }
        let pod = view.leaves.get(&leaf).map_or(1, |l| l.1);
        let f = self.flow;
        let (cons_ip, prov_ip) = if c2p {
            (f.src_ip, f.dst_ip)
        } else {
            (f.dst_ip, f.src_ip)
        };
        let n = chain.nodes.len();
        let mut pos = (site, leaf);
        for i in 0..n {
            let node = &chain.nodes[if c2p { i } else { n - 1 - i }];
            let (conn, other) = if c2p {
                (&node.consumer, &node.provider)
            } else {
                (&node.provider, &node.consumer)
            };
            let Some(pix) = conn.policy else { continue };
            let pol = &view.policies[pix as usize];
            let pol_name = || name_of(snap.dn(pol.dn)).to_string();
            match pol.status {
                PolicyStatus::Ok => {}
                PolicyStatus::Down(action) => {
                    self.rec.step(|| Step::ThresholdDown {
                        policy: pol_name(),
                        action,
                        healthy: pol.healthy,
                        total: pol.dests.len(),
                    });
                    match action {
                        DownAction::Deny => return Err(Disposition::DroppedByThreshold),
                        DownAction::Permit => break,
                        DownAction::Bypass => continue,
                    }
                }
                PolicyStatus::NoHealthy => {
                    self.rec
                        .step(|| Step::NoHealthyDestination { policy: pol_name() });
                    return Err(Disposition::NoHealthyDestination);
                }
            }
            // Pod-aware PBR: a leaf uses only its own pod's destinations when it has any.
            let local = pol.pod_local && pol.dests.iter().any(|d| d.pod == pod);
            let eligible = |d: &crate::snapshot::Destination| !local || d.pod == pod;
            let count = pol.dests.iter().filter(|d| eligible(d)).count();
            let nth = |k: usize| pol.dests.iter().filter(|d| eligible(d)).nth(k);
            let hash = pbr_hash(pol.hashing, cons_ip, prov_ip, f.protocol.number());
            let picked = pick_destination(hash, count, pol.resilient, |k| {
                nth(k).is_some_and(|d| d.healthy)
            });
            let Some(dest) = picked.and_then(nth) else {
                self.rec
                    .step(|| Step::NoHealthyDestination { policy: pol_name() });
                return Err(Disposition::NoHealthyDestination);
            };
            self.rec.step(|| Step::Redirected {
                node: node.name.clone(),
                policy: pol_name(),
                hashing: pol.hashing,
                dest_ip: dest.ip,
                dest_mac: dest.mac.clone(),
            });
            let Some(&(svc, itf)) = snap.svc_by_ip.get(&(site, u32::from(dest.ip))) else {
                self.rec
                    .step(|| Step::ServiceNodeUnknown { dest_ip: dest.ip });
                return Err(Disposition::ServiceNodeUnknown);
            };
            if self.first_fw.is_none() {
                self.first_fw = Some((svc, dest.ip));
            }
            let sn = &snap.service_nodes[svc as usize];
            self.travel(pos, (site, sn.leaf));
            self.rec.step(|| Step::Forwarded {
                next: sn.device.clone(),
            });
            self.rec.hop(|| Hop {
                site: Some(view.name.clone()),
                node: sn.device.clone(),
                role: HopRole::ServiceNode,
                steps: Vec::new(),
            });
            self.rec.step(|| {
                let out_if = other
                    .lif
                    .and_then(|l| view.lif_members.get(&l))
                    .and_then(|m| m.iter().find(|(c, _)| *c == sn.concrete))
                    .map(|(_, i)| i.clone());
                Step::ServiceNode {
                    device: sn.device.clone(),
                    concrete: sn.concrete.clone(),
                    in_if: sn.interfaces[itf as usize].0.clone(),
                    out_if,
                }
            });
            self.rec.step(|| Step::Forwarded {
                next: format!("leaf {}", sn.leaf),
            });
            self.hop_leaf(site, sn.leaf);
            self.rec.step(|| Step::Received {
                from: Origin::ServiceNode {
                    device: sn.device.clone(),
                },
            });
            pos = (site, sn.leaf);
        }
        Ok(pos)
    }
}
