//! Filters with their entries, and contracts with the single subject `msc-subject`: filter
//! relations (both directions, or the two one-way terminals) and the service graph attachment.

use super::{bits, mo, yn, Cx};
use crate::ndo::{Contract, Entry, Filter, FilterRel};

/// The name of the one subject of every contract the orchestrator deploys.
pub(crate) const SUBJECT: &str = "msc-subject";

pub(super) fn filter(cx: &mut Cx, f: &Filter, dn: &str, shadow: bool) {
    cx.put(
        mo("vzFilter", dn, shadow)
            .with("name", &f.name)
            .with("descr", &f.description),
        shadow,
    );
    for e in &f.entries {
        cx.put(entry(e, &format!("{dn}/e-{}", e.name), shadow), shadow);
    }
}

/// Port numbers APIC stores by name.
fn port(v: &str) -> String {
    let named = [
        ("0", "unspecified"),
        ("20", "ftpData"),
        ("25", "smtp"),
        ("53", "dns"),
        ("80", "http"),
        ("110", "pop3"),
        ("443", "https"),
        ("554", "rtsp"),
    ];
    match named.iter().find(|(n, _)| *n == v) {
        Some((_, name)) => name.to_string(),
        None if v.is_empty() => "unspecified".into(),
        None => v.to_string(),
    }
}

/// Protocol numbers APIC stores by name.
fn protocol(v: &str) -> String {
    let named = [
        ("0", "unspecified"),
        ("1", "icmp"),
        ("2", "igmp"),
        ("6", "tcp"),
        ("8", "egp"),
        ("9", "igp"),
        ("17", "udp"),
        ("58", "icmpv6"),
        ("88", "eigrp"),
        ("89", "ospfigp"),
        ("103", "pim"),
        ("115", "l2tp"),
    ];
    match named.iter().find(|(n, _)| *n == v) {
        Some((_, name)) => name.to_string(),
        None if v.is_empty() => "unspecified".into(),
        None => v.to_string(),
    }
}

fn entry(e: &Entry, dn: &str, shadow: bool) -> crate::Mo {
    let arp = match e.arp_flag.as_str() {
        "request" | "req" => "req",
        "reply" => "reply",
        _ => "unspecified",
    };
    let ether = if e.ether_type.is_empty() {
        "unspecified"
    } else {
        e.ether_type.as_str()
    };
    mo("vzEntry", dn, shadow)
        .with("name", &e.name)
        .with("descr", &e.description)
        .with("etherT", ether)
        .with("prot", protocol(&e.ip_protocol))
        .with("sFromPort", port(&e.source_from))
        .with("sToPort", port(&e.source_to))
        .with("dFromPort", port(&e.destination_from))
        .with("dToPort", port(&e.destination_to))
        .with("arpOpc", arp)
        .with("stateful", yn(e.stateful))
        .with("applyToFrag", yn(e.match_only_fragments))
        .with(
            "tcpRules",
            bits(
                e.tcp_session_rules
                    .iter()
                    .map(String::as_str)
                    .filter(|r| *r != "unspecified"),
            ),
        )
}

fn filter_att(cx: &mut Cx, class: &str, parent: &str, rn: &str, r: &FilterRel, shadow: bool) {
    let Some(name) = r.filter_ref.name() else {
        return;
    };
    let directives = bits(
        r.directives
            .iter()
            .map(String::as_str)
            .filter(|d| *d != "none"),
    );
    let m = mo(class, format!("{parent}/{rn}-{name}"), shadow)
        .with("tnVzFilterName", name)
        .with(
            "action",
            r.action
                .as_deref()
                .filter(|a| !a.is_empty())
                .unwrap_or("permit"),
        )
        .with("directives", directives)
        .with(
            "priorityOverride",
            r.priority_override
                .as_deref()
                .filter(|a| !a.is_empty())
                .unwrap_or("default"),
        );
    cx.put(m, shadow);
}

pub(super) fn contract(cx: &mut Cx, c: &Contract, dn: &str, shadow: bool) {
    let scope = if c.scope.is_empty() {
        "context"
    } else {
        c.scope.as_str()
    };
    let prio = if c.prio.is_empty() {
        "unspecified"
    } else {
        c.prio.as_str()
    };
    cx.put(
        mo("vzBrCP", dn, shadow)
            .with("name", &c.name)
            .with("descr", &c.description)
            .with("scope", scope)
            .with("prio", prio),
        shadow,
    );
    let subj = format!("{dn}/subj-{SUBJECT}");
    let one_way = c.filter_type == "oneWay";
    cx.put(
        mo("vzSubj", &subj, shadow)
            .with("name", SUBJECT)
            .with("revFltPorts", yn(!one_way)),
        shadow,
    );
    if one_way {
        let terms = [
            (
                "vzInTerm",
                "intmnl",
                &c.filter_relationships_consumer_to_provider,
            ),
            (
                "vzOutTerm",
                "outtmnl",
                &c.filter_relationships_provider_to_consumer,
            ),
        ];
        for (class, rn, rels) in terms {
            let term = format!("{subj}/{rn}");
            cx.put(mo(class, &term, shadow), shadow);
            for r in rels {
                filter_att(cx, "vzRsFiltAtt", &term, "rsfiltAtt", r, shadow);
            }
        }
    } else {
        for r in &c.filter_relationships {
            filter_att(cx, "vzRsSubjFiltAtt", &subj, "rssubjFiltAtt", r, shadow);
        }
    }
    if let Some(graph) = c
        .service_graph_relationship
        .as_ref()
        .and_then(|g| g.service_graph_ref.name())
    {
        cx.put(
            mo("vzRsSubjGraphAtt", format!("{subj}/rsSubjGraphAtt"), shadow)
                .with("tnVnsAbsGraphName", graph),
            shadow,
        );
    }
}
