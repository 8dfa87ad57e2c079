//! Service graph templates (terminals T1/T2, function nodes with their connectors and the
//! site's device, connections C1..) and the device selection policy of each contract that
//! uses a graph, built from this site's settings: device, cluster interfaces, redirect
//! policies, and the connector BDs (or external EPG) from the template.

use super::{dn_of, mo, Cx};
use crate::ndo::{Contract, Graph, GraphNode, NodeRel, Template};
use crate::place::{Key, Kind};
use crate::RenderError;

const FIREWALL: &str = "0000ffff0000000000000051";
const LOAD_BALANCER: &str = "0000ffff0000000000000052";

fn nodes(g: &Graph) -> Vec<&GraphNode> {
    let mut v: Vec<&GraphNode> = g.service_nodes.iter().collect();
    v.sort_by_key(|n| n.index);
    v
}

/// This site's device for a graph node.
fn device(cx: &Cx, graph: &str, node: &str) -> Option<String> {
    cx.ix
        .site_entries(cx.site)
        .flat_map(|e| e.service_graphs.iter())
        .filter(|g| g.service_graph_ref.name().as_deref() == Some(graph))
        .flat_map(|g| g.service_nodes.iter())
        .find(|n| n.service_node_ref.name().as_deref() == Some(node))
        .and_then(|n| n.device.as_ref())
        .map(|d| d.dn.clone())
        .filter(|d| !d.is_empty())
}

/// This site's connector settings of a contract for a graph node.
fn site_node_rel<'a>(cx: &Cx<'a>, contract: &str, node: &str) -> Option<&'a NodeRel> {
    cx.ix
        .site_entries(cx.site)
        .flat_map(|e| e.contracts.iter())
        .filter(|c| c.contract_ref.name().as_deref() == Some(contract))
        .filter_map(|c| c.service_graph_relationship.as_ref())
        .flat_map(|g| g.service_nodes_relationship.iter())
        .find(|n| n.service_node_ref.name().as_deref() == Some(node))
}

fn useful_dn(dn: Option<&crate::ndo::DnRef>) -> Option<&str> {
    dn.map(|d| d.dn.as_str())
        .filter(|d| !d.is_empty() && !d.ends_with("svcRedirectPol-None"))
}

/// Whether any contract of this site redirects through the node.
fn redirects(cx: &Cx, graph: &str, node: &str) -> bool {
    cx.ix
        .site_entries(cx.site)
        .flat_map(|e| e.contracts.iter())
        .filter_map(|c| c.service_graph_relationship.as_ref())
        .filter(|g| g.service_graph_ref.name().as_deref() == Some(graph))
        .flat_map(|g| g.service_nodes_relationship.iter())
        .filter(|n| n.service_node_ref.name().as_deref() == Some(node))
        .any(|n| {
            useful_dn(n.consumer_connector.redirect_policy.as_ref()).is_some()
                || useful_dn(n.provider_connector.redirect_policy.as_ref()).is_some()
        })
}

pub(super) fn graph(cx: &mut Cx, _t: &Template, g: &Graph, dn: &str, shadow: bool) {
    let filter = g
        .node_filter
        .as_deref()
        .filter(|f| !f.is_empty())
        .unwrap_or("allow-all");
    let m = mo("vnsAbsGraph", dn, shadow)
        .with("name", &g.name)
        .with("descr", &g.description)
        .with("uiTemplateType", "NDO_IMPLICIT_TEMPLATE")
        .with("filterBetweenNodes", filter);
    cx.put(m, shadow);
    let t1 = format!("{dn}/AbsTermNodeCon-T1");
    let t2 = format!("{dn}/AbsTermNodeProv-T2");
    for (class, term, name) in [
        ("vnsAbsTermNodeCon", &t1, "T1"),
        ("vnsAbsTermNodeProv", &t2, "T2"),
    ] {
        cx.put(mo(class, term.as_str(), shadow).with("name", name), shadow);
        cx.put(
            mo("vnsAbsTermConn", format!("{term}/AbsTConn"), shadow),
            shadow,
        );
        cx.put(mo("vnsInTerm", format!("{term}/intmnl"), shadow), shadow);
        cx.put(mo("vnsOutTerm", format!("{term}/outtmnl"), shadow), shadow);
    }
    let nodes = nodes(g);
    let mut chain = vec![format!("{t1}/AbsTConn")];
    for n in &nodes {
        let node_dn = format!("{dn}/AbsNode-{}", n.name);
        let func = match n.service_node_type_id.as_str() {
            FIREWALL | "firewall" => "FW_ROUTED",
            LOAD_BALANCER | "load-balancer" => "ADC_ONE_ARM",
            _ => "OTHER",
        };
        let redirect = redirects(cx, &g.name, &n.name);
        let m = mo("vnsAbsNode", &node_dn, shadow)
            .with("name", &n.name)
            .with("funcTemplateType", func)
            .with("funcType", "GoTo")
            .with(
                "routingMode",
                if redirect { "Redirect" } else { "unspecified" },
            )
            .with("managed", "no");
        cx.put(m, shadow);
        for side in ["consumer", "provider"] {
            let conn = mo(
                "vnsAbsFuncConn",
                format!("{node_dn}/AbsFConn-{side}"),
                shadow,
            )
            .with("name", side)
            .with("connType", if redirect { "redir" } else { "none" });
            cx.put(conn, shadow);
        }
        if let Some(dev) = device(cx, &g.name, &n.name) {
            cx.put(
                mo("vnsRsNodeToLDev", format!("{node_dn}/rsNodeToLDev"), shadow).with("tDn", dev),
                shadow,
            );
        }
        chain.push(format!("{node_dn}/AbsFConn-consumer"));
        chain.push(format!("{node_dn}/AbsFConn-provider"));
    }
    chain.push(format!("{t2}/AbsTConn"));
    let last = chain.len() / 2;
    for (i, pair) in chain.chunks(2).enumerate() {
        let conn_dn = format!("{dn}/AbsConnection-C{}", i + 1);
        let external = i == 0 || i + 1 == last;
        let m = mo("vnsAbsConnection", &conn_dn, shadow)
            .with("name", format!("C{}", i + 1))
            .with("connType", if external { "external" } else { "internal" })
            .with("adjType", "L3")
            .with("connDir", if i == 0 { "consumer" } else { "provider" })
            .with("unicastRoute", "yes");
        cx.put(m, shadow);
        for end in pair {
            cx.put(
                mo(
                    "vnsRsAbsConnectionConns",
                    format!("{conn_dn}/rsabsConnectionConns-[{end}]"),
                    shadow,
                )
                .with("tDn", end.as_str()),
                shadow,
            );
        }
    }
}

/// The device selection policy (`vnsLDevCtx`) of a contract in this site, one per node.
pub(super) fn device_selection(cx: &mut Cx, t: &Template, c: &Contract) -> Result<(), RenderError> {
    let Some(rel) = c.service_graph_relationship.as_ref() else {
        return Ok(());
    };
    let Some(gref) = rel.service_graph_ref.resolve() else {
        return Ok(());
    };
    let Some(g) = cx
        .ix
        .template(&gref.template)
        .and_then(|gt| gt.service_graphs.iter().find(|g| g.name == gref.name))
    else {
        return Ok(());
    };
    let tn = cx.tenant_dn(&t.name)?;
    for n in nodes(g) {
        let ctx_dn = format!("{tn}/ldevCtx-c-{}-g-{}-n-{}", c.name, g.name, n.name);
        let m = mo("vnsLDevCtx", &ctx_dn, false)
            .with("ctrctNameOrLbl", &c.name)
            .with("graphNameOrLbl", &g.name)
            .with("nodeNameOrLbl", &n.name);
        cx.put(m, false);
        if let Some(dev) = device(cx, &g.name, &n.name) {
            cx.put(
                mo(
                    "vnsRsLDevCtxToLDev",
                    format!("{ctx_dn}/rsLDevCtxToLDev"),
                    false,
                )
                .with("tDn", dev),
                false,
            );
        }
        let template_rel = rel
            .service_nodes_relationship
            .iter()
            .find(|r| r.service_node_ref.name().as_deref() == Some(n.name.as_str()));
        let site_rel = site_node_rel(cx, &c.name, &n.name);
        for side in ["consumer", "provider"] {
            let lif = format!("{ctx_dn}/lIfCtx-c-{side}");
            cx.put(
                mo("vnsLIfCtx", &lif, false)
                    .with("connNameOrLbl", side)
                    .with("l3Dest", "yes"),
                false,
            );
            let pick = |r: &NodeRel| {
                if side == "consumer" {
                    r.consumer_connector.clone()
                } else {
                    r.provider_connector.clone()
                }
            };
            if let Some(conn) = template_rel.map(pick) {
                if let Some(bd) = conn.bd_ref.resolve() {
                    let bd_dn = format!(
                        "{}/BD-{}",
                        cx.tenant_dn(&bd.template)
                            .or_else(|_| cx.tenant_dn(&t.name))?,
                        bd.name
                    );
                    cx.put(
                        mo("vnsRsLIfCtxToBD", format!("{lif}/rsLIfCtxToBD"), false)
                            .with("tDn", bd_dn),
                        false,
                    );
                } else if let Some(ext) = conn.external_epg_ref.resolve() {
                    let key = Key::new(Kind::ExtEpg, &ext.template, &ext.name);
                    if let Some(place) = cx.pl.at(&key, cx.site) {
                        let ext_dn = dn_of(cx.ix, &key, place)?;
                        cx.put(
                            mo(
                                "vnsRsLIfCtxToInstP",
                                format!("{lif}/rsLIfCtxToInstP"),
                                false,
                            )
                            .with("tDn", ext_dn),
                            false,
                        );
                    }
                }
            }
            if let Some(conn) = site_rel.map(pick) {
                if let Some(dn) = useful_dn(conn.cluster_interface.as_ref()) {
                    cx.put(
                        mo("vnsRsLIfCtxToLIf", format!("{lif}/rsLIfCtxToLIf"), false)
                            .with("tDn", dn),
                        false,
                    );
                }
                if let Some(dn) = useful_dn(conn.redirect_policy.as_ref()) {
                    cx.put(
                        mo(
                            "vnsRsLIfCtxToSvcRedirectPol",
                            format!("{lif}/rsLIfCtxToSvcRedirectPol"),
                            false,
                        )
                        .with("tDn", dn),
                        false,
                    );
                }
            }
        }
    }
    Ok(())
}
