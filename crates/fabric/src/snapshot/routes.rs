//! Routing tables per site and VRF: the bridge domain subnets reachable from
//! the VRF (its own and those leaked by inter-VRF contracts), and for every
//! external prefix the exit chosen now: an up, real L3Out of this site if
//! one learns the prefix, else one of another site (reached over the ISN).

use std::collections::BTreeMap;

use super::{Exit, Ix, Names, SiteView};
use crate::topology::{State, Topology};

pub(crate) fn build(
    sites: &mut [SiteView],
    names: &Names,
    topology: &Topology,
    state: &State,
) -> Vec<Exit> {
    let mut exits: Vec<Exit> = Vec::new();
    let mut exit_ix: BTreeMap<(Ix, u32, u32, String), Ix> = BTreeMap::new();
    // Per site: (l3out dn, vrf, leaf, router name, prefixes) of every usable exit.
    let mut usable = Vec::new();
    for (six, view) in sites.iter().enumerate() {
        let tsite = &topology.sites[six];
        let mut list = Vec::new();
        for l in &view.l3outs {
            let (false, Some(vrf)) = (l.shadow, l.vrf) else {
                continue;
            };
            if !state.l3out_up(&view.name, names.dn(l.dn)) {
                continue;
            }
            for &leaf in &l.leaves {
                let Some((leaf_def, _)) = tsite.leaf(leaf) else {
                    continue;
                };
                for r in &leaf_def.external_routers {
                    list.push((l.dn, vrf, leaf, r.name.clone(), r.prefixes.clone()));
                }
            }
        }
        usable.push(list);
    }
    for six in 0..sites.len() {
        let order: Vec<usize> = std::iter::once(six)
            .chain((0..sites.len()).filter(|&t| t != six))
            .collect();
        let mut bds: Vec<_> = sites[six]
            .bds
            .iter()
            .map(|(dn, bd)| (*dn, bd.clone()))
            .collect();
        bds.sort_by(|a, b| names.dn(a.0).cmp(names.dn(b.0)));
        for vix in 0..sites[six].vrfs.len() {
            let own = sites[six].vrfs[vix].dn;
            let mut reach = vec![own];
            reach.extend(
                sites[six]
                    .leaks
                    .iter()
                    .filter(|(a, _)| *a == own)
                    .map(|(_, b)| *b),
            );
            let view = &mut sites[six];
            for &k in &reach {
                for (bd_dn, bd) in &bds {
                    if bd.vrf == Some(k) {
                        for s in &bd.subnets {
                            view.vrfs[vix].bd_subnets.insert(*s, (*bd_dn, k));
                        }
                    }
                }
                for &t in &order {
                    for (l3out, vrf, leaf, router, prefixes) in &usable[t] {
                        if *vrf != k {
                            continue;
                        }
                        let key = (t as Ix, *l3out, *leaf, router.clone());
                        let ix = *exit_ix.entry(key).or_insert_with(|| {
                            exits.push(Exit {
                                site: t as Ix,
                                l3out: *l3out,
                                vrf: *vrf,
                                leaf: *leaf,
                                router: router.clone(),
                            });
                            (exits.len() - 1) as Ix
                        });
                        for p in prefixes {
                            view.vrfs[vix].external.insert(*p, ix);
                        }
                    }
                }
            }
        }
    }
    exits
}
