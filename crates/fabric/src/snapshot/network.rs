//! Indexing of a site's networking objects: VRFs, bridge domains and their
//! subnets, EPGs, L3Outs with their border leaves, external EPGs and their
//! classification subnets. Shadow objects are kept for classification but
//! a shadow L3Out is never an exit.

use super::objects::Objects;
use super::{BdInfo, GroupInfo, Ix, L3OutInfo, Names, SiteView, VrfInfo};
use crate::addr::Prefix;
use crate::mo::{split_rns, Mo};
use crate::FabricError;

fn bad(site: &str, mo: &Mo, reason: String) -> FabricError {
    FabricError::BadObject {
        site: site.to_string(),
        dn: mo.dn.clone(),
        reason,
    }
}

fn prefix_attr(site: &str, mo: &Mo) -> Result<Prefix, FabricError> {
    mo.attr("ip")
        .parse()
        .map_err(|e: FabricError| bad(site, mo, e.to_string()))
}

fn pc_tag(mo: &Mo) -> Option<u32> {
    mo.attr("pcTag").parse().ok()
}

/// The node id of `topology/pod-{p}/node-{id}`.
pub(crate) fn node_of(tdn: &str) -> Option<u32> {
    split_rns(tdn)
        .iter()
        .find_map(|rn| rn.strip_prefix("node-"))
        .and_then(|n| n.parse().ok())
}

pub(crate) fn index(
    view: &mut SiteView,
    o: &Objects,
    names: &mut Names,
    site: &str,
) -> Result<(), FabricError> {
    for ctx in o.class("fvCtx") {
        let dn = names.intern(&ctx.dn);
        view.vrf_by_dn.insert(dn, view.vrfs.len() as Ix);
        view.vrfs.push(VrfInfo {
            dn,
            enforced: ctx.attr("pcEnfPref") != "unenforced",
            ..VrfInfo::default()
        });
    }
    let vrf_of = |o: &Objects, from: &Mo, rel: &str, names: &mut Names| {
        o.child(&from.dn, rel)
            .and_then(|r| o.resolve_named(&from.dn, "ctx-", r.attr("tnFvCtxName"), "fvCtx"))
            .map(|v| names.intern(&v.dn))
    };
    for bd in o.class("fvBD") {
        let vrf = vrf_of(o, bd, "fvRsCtx", names);
        let mut subnets = Vec::new();
        for s in o.children(&bd.dn, "fvSubnet") {
            subnets.push(prefix_attr(site, s)?);
        }
        view.bds
            .insert(names.intern(&bd.dn), BdInfo { vrf, subnets });
    }
    for epg in o.class("fvAEPg") {
        let bd = o
            .child(&epg.dn, "fvRsBd")
            .and_then(|r| o.resolve_named(&epg.dn, "BD-", r.attr("tnFvBDName"), "fvBD"));
        let vrf = bd
            .and_then(|b| view.bds.get(&names.intern(&b.dn)))
            .and_then(|b| b.vrf);
        let dn = names.intern(&epg.dn);
        view.group_by_dn.insert(dn, view.groups.len() as Ix);
        view.groups.push(GroupInfo {
            dn,
            vrf,
            pc_tag: pc_tag(epg),
            shadow: epg.is_shadow(),
            external: false,
        });
    }
    for out in o.class("l3extOut") {
        let vrf = vrf_of(o, out, "l3extRsEctx", names);
        let mut leaves: Vec<u32> = o
            .children(&out.dn, "l3extLNodeP")
            .flat_map(|np| {
                o.children(&np.dn, "l3extRsNodeL3OutAtt")
                    .collect::<Vec<_>>()
            })
            .filter_map(|att| node_of(att.attr("tDn")).or_else(|| node_of(&att.dn)))
            .collect();
        leaves.sort_unstable();
        leaves.dedup();
        view.l3outs.push(L3OutInfo {
            dn: names.intern(&out.dn),
            vrf,
            shadow: out.is_shadow(),
            leaves,
        });
        for inst in o.children(&out.dn, "l3extInstP") {
            let dn = names.intern(&inst.dn);
            let gix = view.groups.len() as Ix;
            view.group_by_dn.insert(dn, gix);
            view.groups.push(GroupInfo {
                dn,
                vrf,
                pc_tag: pc_tag(inst),
                shadow: inst.is_shadow(),
                external: true,
            });
            let Some(vix) = vrf.and_then(|v| view.vrf_by_dn.get(&v).copied()) else {
                continue;
            };
            for sub in o.children(&inst.dn, "l3extSubnet") {
                let scope = sub.attr("scope");
                if scope.is_empty() || scope.split(',').any(|s| s == "import-security") {
                    view.vrfs[vix as usize]
                        .ext_class
                        .insert(prefix_attr(site, sub)?, gix);
                }
            }
        }
    }
    Ok(())
}
