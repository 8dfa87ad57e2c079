//! Contracts: filters and entries compiled to match rules, subjects with
//! their direction and service graph, consumers and providers indexed by
//! (consumer, provider) pair, the leaking between VRFs that inter-VRF
//! contracts imply, and the lookup that gives a verdict for a flow.

use super::objects::Objects;
use super::{service, DnId, Ix, Names, SiteView};
use crate::flow::Flow;
use crate::mo::{tenant_of, Mo};

/// Contract scope (`vzBrCP.scope`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scope {
    Context,
    Tenant,
    Global,
    ApplicationProfile,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dir {
    Both,
    ConsumerToProvider,
    ProviderToConsumer,
}

/// One filter entry inside one subject, compiled.
#[derive(Clone, Debug)]
pub(crate) struct Rule {
    pub(crate) filter: DnId,
    pub(crate) entry: String,
    dir: Dir,
    deny: bool,
    reverse_ports: bool,
    ether_ip: bool,
    proto: Option<u8>,
    sport: Option<(u16, u16)>,
    dport: Option<(u16, u16)>,
}

#[derive(Clone, Debug)]
pub(crate) struct Subject {
    pub(crate) name: String,
    pub(crate) rules: Vec<Rule>,
    pub(crate) graph_c2p: Option<Ix>,
    pub(crate) graph_p2c: Option<Ix>,
}

#[derive(Clone, Debug)]
pub(crate) struct Contract {
    pub(crate) dn: DnId,
    pub(crate) scope: Scope,
    pub(crate) subjects: Vec<Subject>,
}

/// The outcome of the contract lookup for one flow between two groups.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Verdict {
    Permit {
        contract: Ix,
        subject: u32,
        rule: u32,
        c2p: bool,
        chain: Option<Ix>,
    },
    Deny {
        contract: Ix,
    },
    NoContract,
}

fn port(s: &str) -> Option<u16> {
    match s {
        "" | "unspecified" => None,
        "ftpData" => Some(20),
        "smtp" => Some(25),
        "dns" => Some(53),
        "http" => Some(80),
        "pop3" => Some(110),
        "https" => Some(443),
        "rtsp" => Some(554),
        n => n.parse().ok(),
    }
}

fn range(from: &str, to: &str) -> Option<(u16, u16)> {
    match (port(from), port(to)) {
        (None, None) => None,
        (Some(a), None) | (None, Some(a)) => Some((a, a)),
        (Some(a), Some(b)) => Some((a.min(b), a.max(b))),
    }
}

fn proto(s: &str) -> Result<Option<u8>, ()> {
    Ok(Some(match s {
        "" | "unspecified" => return Ok(None),
        "icmp" => 1,
        "igmp" => 2,
        "tcp" => 6,
        "egp" => 8,
        "igp" => 9,
        "udp" => 17,
        "icmpv6" => 58,
        "eigrp" => 88,
        "ospfigp" => 89,
        "pim" => 103,
        "l2tp" => 115,
        n => n.parse().map_err(|_| ())?,
    }))
}

fn rules_of(
    o: &Objects,
    names: &mut Names,
    rel: &Mo,
    dir: Dir,
    reverse_ports: bool,
    out: &mut Vec<Rule>,
) {
    let Some(filter) = o.resolve_named(&rel.dn, "flt-", rel.attr("tnVzFilterName"), "vzFilter")
    else {
        return;
    };
    let fdn = names.intern(&filter.dn);
    for e in o.children(&filter.dn, "vzEntry") {
        let ether = e.attr("etherT");
        let Ok(proto) = proto(e.attr("prot")) else {
            continue;
        };
        out.push(Rule {
            filter: fdn,
            entry: e.attr("name").to_string(),
            dir,
            deny: rel.attr("action") == "deny",
            reverse_ports,
            ether_ip: matches!(ether, "" | "unspecified" | "ip" | "ipv4"),
            proto,
            sport: range(e.attr("sFromPort"), e.attr("sToPort")),
            dport: range(e.attr("dFromPort"), e.attr("dToPort")),
        });
    }
}

impl Rule {
    fn matches(&self, flow: &Flow, c2p: bool) -> bool {
        let dir_ok = match self.dir {
            Dir::Both => true,
            Dir::ConsumerToProvider => c2p,
            Dir::ProviderToConsumer => !c2p,
        };
        if !dir_ok || !self.ether_ip {
            return false;
        }
        let p = flow.protocol.number();
        if self.proto.is_some_and(|x| x != p) {
            return false;
        }
        if !flow.protocol.has_ports() {
            return self.sport.is_none() && self.dport.is_none() || self.proto.is_some();
        }
        let (s, d) = if self.dir == Dir::Both && !c2p && self.reverse_ports {
            (flow.dport, flow.sport)
        } else {
            (flow.sport, flow.dport)
        };
        let inr = |r: Option<(u16, u16)>, v: u16| r.is_none_or(|(a, b)| a <= v && v <= b);
        inr(self.sport, s) && inr(self.dport, d)
    }
}

fn scope_of(s: &str) -> Scope {
    match s {
        "tenant" => Scope::Tenant,
        "global" => Scope::Global,
        "application-profile" => Scope::ApplicationProfile,
        _ => Scope::Context,
    }
}

pub(crate) fn index(view: &mut SiteView, o: &Objects, names: &mut Names) {
    let mut by_dn = std::collections::HashMap::new();
    for brc in o.class("vzBrCP") {
        let mut subjects = Vec::new();
        for subj in o.children(&brc.dn, "vzSubj") {
            let rev = subj.attr("revFltPorts") != "no";
            let mut rules = Vec::new();
            for rel in o.children(&subj.dn, "vzRsSubjFiltAtt") {
                rules_of(o, names, rel, Dir::Both, rev, &mut rules);
            }
            let terms = [
                ("vzInTerm", Dir::ConsumerToProvider),
                ("vzOutTerm", Dir::ProviderToConsumer),
            ];
            for (class, dir) in terms {
                for term in o.children(&subj.dn, class) {
                    for rel in o.children(&term.dn, "vzRsFiltAtt") {
                        rules_of(o, names, rel, dir, false, &mut rules);
                    }
                }
            }
            let graph = |rel_parent: &str, class: &str, view: &mut SiteView, names: &mut Names| {
                let name = o.child(rel_parent, class)?.attr("tnVnsAbsGraphName");
                Some(service::chain(view, o, names, brc, name))
            };
            let both = graph(&subj.dn, "vzRsSubjGraphAtt", view, names);
            let in_g = o
                .child(&subj.dn, "vzInTerm")
                .and_then(|t| graph(&t.dn, "vzRsInTermGraphAtt", view, names));
            let out_g = o
                .child(&subj.dn, "vzOutTerm")
                .and_then(|t| graph(&t.dn, "vzRsOutTermGraphAtt", view, names));
            subjects.push(Subject {
                name: subj.attr("name").to_string(),
                rules,
                graph_c2p: in_g.or(both),
                graph_p2c: out_g.or(both),
            });
        }
        by_dn.insert(brc.dn.as_str(), view.contracts.len() as Ix);
        view.contracts.push(super::Contract {
            dn: names.intern(&brc.dn),
            scope: scope_of(brc.attr("scope")),
            subjects,
        });
    }
    // Consumers and providers, then every (consumer, provider) pair the scope allows.
    let mut cons: Vec<Vec<Ix>> = vec![Vec::new(); view.contracts.len()];
    let mut prov: Vec<Vec<Ix>> = vec![Vec::new(); view.contracts.len()];
    for (gix, g) in view.groups.iter().enumerate() {
        let gdn = names.dn(g.dn).to_string();
        for (class, list) in [("fvRsCons", &mut cons), ("fvRsProv", &mut prov)] {
            for rel in o.children(&gdn, class) {
                let c = o.resolve_named(&gdn, "brc-", rel.attr("tnVzBrCPName"), "vzBrCP");
                if let Some(&cix) = c.and_then(|c| by_dn.get(c.dn.as_str())) {
                    list[cix as usize].push(gix as Ix);
                }
            }
        }
    }
    for (cix, contract) in view.contracts.iter().enumerate() {
        for &c in &cons[cix] {
            for &p in &prov[cix] {
                let (gc, gp) = (&view.groups[c as usize], &view.groups[p as usize]);
                let (dc, dp) = (names.dn(gc.dn), names.dn(gp.dn));
                let ok = match contract.scope {
                    Scope::Context => gc.vrf.is_some() && gc.vrf == gp.vrf,
                    Scope::Tenant => tenant_of(dc) == tenant_of(dp),
                    Scope::Global => true,
                    Scope::ApplicationProfile => {
                        !gc.external
                            && !gp.external
                            && crate::mo::parent_dn(dc) == crate::mo::parent_dn(dp)
                    }
                };
                if !ok {
                    continue;
                }
                view.pairs.entry((c, p)).or_default().push(cix as Ix);
                if let (Some(a), Some(b)) = (gc.vrf, gp.vrf) {
                    if a != b && !view.leaks.contains(&(a, b)) {
                        view.leaks.push((a, b));
                        view.leaks.push((b, a));
                    }
                }
            }
        }
    }
}

impl SiteView {
    /// Whether routes leak between two VRFs in this site.
    pub(crate) fn leaks(&self, a: DnId, b: DnId) -> bool {
        a == b || self.leaks.contains(&(a, b))
    }

    /// The contract verdict for a flow from group `src` to group `dst`.
    pub(crate) fn verdict(&self, src: Ix, dst: Ix, flow: &Flow) -> Verdict {
        let mut result = Verdict::NoContract;
        for (key, c2p) in [((src, dst), true), ((dst, src), false)] {
            let Some(list) = self.pairs.get(&key) else {
                continue;
            };
            for &cix in list {
                for (si, subj) in self.contracts[cix as usize].subjects.iter().enumerate() {
                    for (ri, rule) in subj.rules.iter().enumerate() {
                        if !rule.matches(flow, c2p) {
                            continue;
                        }
                        if rule.deny {
                            return Verdict::Deny { contract: cix };
                        }
                        if matches!(result, Verdict::NoContract) {
                            result = Verdict::Permit {
                                contract: cix,
                                subject: si as u32,
                                rule: ri as u32,
                                c2p,
                                chain: if c2p { subj.graph_c2p } else { subj.graph_p2c },
                            };
                        }
                    }
                }
            }
        }
        result
    }
}
