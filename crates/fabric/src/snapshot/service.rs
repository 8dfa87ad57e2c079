//! Service insertion as a site holds it: redirect policies with their
//! destinations and health (IP SLA state, health groups, threshold), device
//! cluster interfaces, and the service graph of a contract resolved through
//! the site's device selection policy to this site's device and policies.

use std::collections::BTreeMap;

use super::objects::Objects;
use super::{
    Chain, ChainNode, Connector, Destination, Ix, Names, PolicyStatus, RedirectPolicy, SiteView,
};
use crate::hash::Hashing;
use crate::mo::{name_of, Mo};
use crate::topology::State;
use crate::trace::DownAction;

fn down_action(s: &str) -> DownAction {
    match s {
        "deny" => DownAction::Deny,
        "bypass" => DownAction::Bypass,
        _ => DownAction::Permit,
    }
}

/// Indexes redirect policies (with health) and cluster interface members.
pub(crate) fn index(
    view: &mut SiteView,
    o: &Objects,
    names: &mut Names,
    state: &State,
    site: &str,
) {
    // A destination in a health group is healthy only if every member is.
    let mut groups: BTreeMap<&str, bool> = BTreeMap::new();
    for d in o.class("vnsRedirectDest") {
        if let Some(g) = o.rel_tdn(&d.dn, "vnsRsRedirectHealthGroup") {
            let up = d
                .attr("ip")
                .parse()
                .is_ok_and(|ip| state.destination_up(site, ip));
            *groups.entry(g).or_insert(true) &= up;
        }
    }
    for pol in o.class("vnsSvcRedirectPol") {
        let mut dests: Vec<Destination> = o
            .children(&pol.dn, "vnsRedirectDest")
            .filter_map(|d| {
                let ip = d.attr("ip").parse().ok()?;
                let group_up = o
                    .rel_tdn(&d.dn, "vnsRsRedirectHealthGroup")
                    .is_none_or(|g| groups.get(g).copied().unwrap_or(true));
                Some(Destination {
                    ip,
                    mac: d.attr("mac").to_string(),
                    pod: d.attr("podId").parse().unwrap_or(1),
                    healthy: state.destination_up(site, ip) && group_up,
                })
            })
            .collect();
        // The APIC orders destinations by address; both connectors' policies
        // list their firewalls in the same order, which keeps PBR symmetric.
        dests.sort_by_key(|d| u32::from(d.ip));
        let healthy = dests.iter().filter(|d| d.healthy).count();
        let total = dests.len();
        let threshold = pol.attr("thresholdEnable") == "yes";
        let min: usize = pol.attr("minThresholdPercent").parse().unwrap_or(0);
        let status = if threshold && (healthy == 0 || healthy * 100 < min * total) {
            PolicyStatus::Down(down_action(pol.attr("thresholdDownAction")))
        } else if healthy == 0 {
            PolicyStatus::NoHealthy
        } else {
            PolicyStatus::Ok
        };
        let dn = names.intern(&pol.dn);
        view.policy_by_dn.insert(dn, view.policies.len() as Ix);
        view.policies.push(RedirectPolicy {
            dn,
            hashing: Hashing::from_attr(pol.attr("hashingAlgorithm")),
            resilient: pol.attr("resilientHashEnabled") == "yes",
            pod_local: pol.attr("programLocalPodOnly") == "yes",
            dests,
            healthy,
            status,
        });
    }
    for lif in o.class("vnsLIf") {
        let members = o
            .children(&lif.dn, "vnsRsCIfAttN")
            .filter_map(|att| {
                // tDn = uni/tn-T/lDevVip-D/cDev-C/cIf-[I]
                let tdn = att.attr("tDn");
                let rns = crate::mo::split_rns(tdn);
                let cdev = rns.iter().find_map(|rn| rn.strip_prefix("cDev-"))?;
                let cif = rns.last()?.strip_prefix("cIf-")?;
                let cif = cif.trim_start_matches('[').trim_end_matches(']');
                Some((cdev.to_string(), cif.to_string()))
            })
            .collect();
        view.lif_members.insert(names.intern(&lif.dn), members);
    }
}

fn ldev_ctx<'a>(o: &Objects<'a>, contract: &Mo, graph: &str, node: &str) -> Option<&'a Mo> {
    let tenant = crate::mo::tenant_of(&contract.dn)?;
    let cname = name_of(&contract.dn);
    let prefix = format!("uni/tn-{tenant}/");
    let fits = |want: &str, have: &str| have == want || have == "any";
    let mut best: Option<(&Mo, usize)> = None;
    for ctx in o.class("vnsLDevCtx") {
        if !ctx.dn.starts_with(&prefix) {
            continue;
        }
        let (c, g, n) = (
            ctx.attr("ctrctNameOrLbl"),
            ctx.attr("graphNameOrLbl"),
            ctx.attr("nodeNameOrLbl"),
        );
        if fits(cname, c) && fits(graph, g) && fits(node, n) {
            let exact = [c == cname, g == graph, n == node]
                .iter()
                .filter(|x| **x)
                .count();
            if best.is_none_or(|(_, e)| exact > e) {
                best = Some((ctx, exact));
            }
        }
    }
    best.map(|(m, _)| m)
}

/// Resolves the graph `graph_name` attached to a subject of `contract` into a
/// chain of redirect nodes for this site; returns the chain's index.
pub(crate) fn chain(
    view: &mut SiteView,
    o: &Objects,
    names: &mut Names,
    contract: &Mo,
    graph_name: &str,
) -> Ix {
    let mut chain = Chain {
        graph: graph_name.to_string(),
        nodes: Vec::new(),
        problem: None,
    };
    match o.resolve_named(&contract.dn, "AbsGraph-", graph_name, "vnsAbsGraph") {
        None => chain.problem = Some("the site has no such service graph".to_string()),
        Some(graph) => {
            for node in o.children(&graph.dn, "vnsAbsNode") {
                let nname = node.attr("name");
                let nname = if nname.is_empty() {
                    name_of(&node.dn)
                } else {
                    nname
                };
                if node.attr("routingMode") != "Redirect" {
                    continue;
                }
                let Some(ctx) = ldev_ctx(o, contract, graph_name, nname) else {
                    chain.problem = Some(format!("no device selection policy for node {nname}"));
                    break;
                };
                let device = o
                    .rel_tdn(&ctx.dn, "vnsRsLDevCtxToLDev")
                    .filter(|d| o.get_class(d, "vnsLDevVip").is_some());
                if device.is_none() {
                    chain.problem = Some(format!("device of node {nname} is missing in the site"));
                    break;
                }
                let mut conn = |c: &str| -> Result<Connector, String> {
                    let ifctx = o.get(&format!("{}/lIfCtx-c-{c}", ctx.dn));
                    let Some(ifctx) = ifctx else {
                        return Err(format!("node {nname} has no {c} connector"));
                    };
                    let lif = o
                        .rel_tdn(&ifctx.dn, "vnsRsLIfCtxToLIf")
                        .map(|l| names.intern(l));
                    let policy = match o.rel_tdn(&ifctx.dn, "vnsRsLIfCtxToSvcRedirectPol") {
                        None => None,
                        Some(p) => Some(
                            names
                                .get(p)
                                .and_then(|id| view.policy_by_dn.get(&id).copied())
                                .ok_or_else(|| {
                                    format!(
                                        "redirect policy {} of node {nname} is missing in the site",
                                        name_of(p)
                                    )
                                })?,
                        ),
                    };
                    Ok(Connector { lif, policy })
                };
                match (conn("consumer"), conn("provider")) {
                    (Ok(consumer), Ok(provider)) => chain.nodes.push(ChainNode {
                        name: nname.to_string(),
                        consumer,
                        provider,
                    }),
                    (Err(e), _) | (_, Err(e)) => {
                        chain.problem = Some(e);
                        break;
                    }
                }
            }
        }
    }
    view.chains.push(chain);
    (view.chains.len() - 1) as Ix
}
