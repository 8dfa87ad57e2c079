//! The trace picture, in the manner of the guide's figures: one box per site with its
//! spines on top, its border, compute and service leaves below, the firewall under the
//! service leaf, the external router and L3Out under the border leaf; the inter-site
//! network between the sites on top; and the path as numbered arrows in order.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::Value;

use super::doc::s;

const SITE_W: f64 = 460.0;
const GAP: f64 = 140.0;
const TOP: f64 = 110.0;
const NODE_W: f64 = 104.0;
const NODE_H: f64 = 40.0;

fn esc(t: &str) -> String {
    t.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Where a node is drawn: centre and label.
#[derive(Debug, Clone)]
struct Node {
    x: f64,
    y: f64,
    label: String,
    sub: String,
    kind: &'static str,
}

fn role_order(role: &str) -> usize {
    match role {
        "border_leaf" => 0,
        "compute_leaf" => 1,
        "service_leaf" => 2,
        _ => 3,
    }
}

fn role_word(role: &str) -> &str {
    match role {
        "border_leaf" => "border leaf",
        "compute_leaf" => "compute leaf",
        "service_leaf" => "service leaf",
        "spine" => "spine",
        "service_node" => "firewall",
        other => other,
    }
}

fn key(site: &str, node: &str) -> String {
    format!("{site}/{node}")
}

/// The SVG of a trace over the given sites (names, in order).
pub fn picture(trace: &Value, site_names: &[String]) -> String {
    let hops: Vec<&Value> = trace["hops"]
        .as_array()
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    let mut sites: Vec<String> = site_names.to_vec();
    for h in &hops {
        let site = s(h, "site");
        if !site.is_empty() && !sites.iter().any(|x| x == site) {
            sites.push(site.to_string());
        }
    }
    let width = 40.0 + sites.len().max(1) as f64 * (SITE_W + GAP) - GAP;
    let mut nodes: BTreeMap<String, Node> = BTreeMap::new();
    let mut out = String::new();
    for (i, site) in sites.iter().enumerate() {
        let x0 = 20.0 + i as f64 * (SITE_W + GAP);
        let on_site = |role: &str| -> Vec<String> {
            let mut v: Vec<String> = Vec::new();
            for h in &hops {
                if s(h, "site") == site
                    && s(h, "role") == role
                    && !v.iter().any(|n| n == s(h, "node"))
                {
                    v.push(s(h, "node").to_string());
                }
            }
            v
        };
        let spread = |n: usize, k: usize| x0 + SITE_W * (k as f64 + 1.0) / (n as f64 + 1.0);
        let spines = on_site("spine");
        for (k, n) in spines.iter().enumerate() {
            nodes.insert(
                key(site, n),
                Node {
                    x: spread(spines.len(), k),
                    y: TOP + 50.0,
                    label: format!("spine {n}"),
                    sub: String::new(),
                    kind: "spine",
                },
            );
        }
        let mut leaves: Vec<(String, String)> = Vec::new();
        for role in ["border_leaf", "compute_leaf", "service_leaf"] {
            for n in on_site(role) {
                leaves.push((n, role.to_string()));
            }
        }
        leaves.sort_by_key(|(_, r)| role_order(r));
        for (k, (n, role)) in leaves.iter().enumerate() {
            let x = spread(leaves.len(), k);
            nodes.insert(
                key(site, n),
                Node {
                    x,
                    y: TOP + 170.0,
                    label: format!("leaf {n}"),
                    sub: role_word(role).to_string(),
                    kind: "leaf",
                },
            );
            if role == "service_leaf" {
                for fw in on_site("service_node") {
                    nodes.insert(
                        key(site, &fw),
                        Node {
                            x,
                            y: TOP + 290.0,
                            label: fw.clone(),
                            sub: "firewall".into(),
                            kind: "fw",
                        },
                    );
                }
            }
        }
        let _ = writeln!(
            out,
            r##"<rect x="{x0}" y="{TOP}" width="{SITE_W}" height="360" rx="10" fill="#f4f8fc" stroke="#4a6f94"/><text x="{}" y="{}" font-size="16" font-weight="700" fill="#0b2d4a">{}</text>"##,
            x0 + 12.0,
            TOP + 22.0,
            esc(site)
        );
    }
    nodes.insert(
        "ISN".into(),
        Node {
            x: width / 2.0,
            y: 45.0,
            label: "ISN".into(),
            sub: "inter-site network".into(),
            kind: "isn",
        },
    );
    // The outside world: external router behind the L3Out, endpoints.
    let mut extra: Vec<(usize, String, String)> = Vec::new();
    for (i, h) in hops.iter().enumerate() {
        let site = s(h, "site");
        for st in h["steps"].as_array().into_iter().flatten() {
            let (router, l3out) = match s(st, "step") {
                "received" if s(&st["from"], "kind") == "external" => {
                    (s(&st["from"], "router"), s(&st["from"], "l3out"))
                }
                "l3_out_egress" => (s(st, "router"), s(st, "l3out")),
                "delivered" => {
                    if let Some(leaf) = nodes.get(&key(site, s(h, "node"))).cloned() {
                        let ep = s(st, "endpoint");
                        nodes.insert(
                            format!("ep/{ep}"),
                            Node {
                                x: leaf.x,
                                y: TOP + 290.0,
                                label: ep.into(),
                                sub: "endpoint".into(),
                                kind: "ep",
                            },
                        );
                        extra.push((i, key(site, s(h, "node")), format!("ep/{ep}")));
                    }
                    continue;
                }
                _ => continue,
            };
            if let Some(leaf) = nodes.get(&key(site, s(h, "node"))).cloned() {
                let l3 = l3out.rsplit_once("/out-").map(|(_, n)| n).unwrap_or(l3out);
                nodes.insert(
                    format!("ext/{router}"),
                    Node {
                        x: leaf.x,
                        y: TOP + 290.0,
                        label: "external".into(),
                        sub: format!("L3Out {l3}"),
                        kind: "ext",
                    },
                );
                if s(st, "step") == "received" {
                    extra.push((i, format!("ext/{router}"), key(site, s(h, "node"))));
                } else {
                    extra.push((i, key(site, s(h, "node")), format!("ext/{router}")));
                }
            }
        }
    }
    // The arrows: the outside world's first, then hop to hop.
    let mut arrows: Vec<(String, String)> = Vec::new();
    if let Some((_, a, b)) = extra
        .iter()
        .find(|(i, a, _)| *i == 0 && a.starts_with("ext/"))
    {
        arrows.push((a.clone(), b.clone()));
    }
    for w in hops.windows(2) {
        let k = |h: &Value| {
            if s(h, "node") == "ISN" {
                "ISN".to_string()
            } else {
                key(s(h, "site"), s(h, "node"))
            }
        };
        arrows.push((k(w[0]), k(w[1])));
    }
    for (i, a, b) in &extra {
        if !(*i == 0 && a.starts_with("ext/")) {
            arrows.push((a.clone(), b.clone()));
        }
    }
    let mut pic = String::new();
    let _ = write!(
        pic,
        r##"<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="trace-title" viewBox="0 0 {width} {}" width="100%"><title id="trace-title">Path of the traced flow</title><defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#c0262d"/></marker></defs>"##,
        TOP + 380.0
    );
    pic.push_str(&out);
    for n in nodes.values() {
        let (fill, stroke) = match n.kind {
            "spine" => ("#dfe9f5", "#4a6f94"),
            "leaf" => ("#ffffff", "#4a6f94"),
            "fw" => ("#fff1e0", "#c77700"),
            "isn" => ("#eef0f2", "#66737f"),
            _ => ("#eaf6ec", "#2e8540"),
        };
        let _ = write!(
            pic,
            r##"<g><rect x="{}" y="{}" width="{NODE_W}" height="{NODE_H}" rx="6" fill="{fill}" stroke="{stroke}"/><text x="{}" y="{}" font-size="13" text-anchor="middle" font-weight="600">{}</text><text x="{}" y="{}" font-size="10.5" text-anchor="middle" fill="#44515e">{}</text></g>"##,
            n.x - NODE_W / 2.0,
            n.y - NODE_H / 2.0,
            n.x,
            n.y - 3.0,
            esc(&n.label),
            n.x,
            n.y + 12.0,
            esc(&n.sub)
        );
    }
    let mut used: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (i, (a, b)) in arrows.iter().enumerate() {
        let (Some(p), Some(q)) = (nodes.get(a), nodes.get(b)) else {
            continue;
        };
        let pair = if a < b {
            (a.clone(), b.clone())
        } else {
            (b.clone(), a.clone())
        };
        let k = *used
            .entry(pair.clone())
            .and_modify(|n| *n += 1)
            .or_insert(0);
        let (dx, dy) = (q.x - p.x, q.y - p.y);
        let len = (dx * dx + dy * dy).sqrt().max(1.0);
        let (nx, ny) = (-dy / len, dx / len);
        let off = 7.0 + 13.0 * k as f64;
        let shrink = |t: f64| (p.x + dx * t + nx * off, p.y + dy * t + ny * off);
        let t0 = (NODE_H * 0.75 / len).min(0.4);
        let (x1, y1) = shrink(t0);
        let (x2, y2) = shrink(1.0 - t0);
        let (mx, my) = shrink(0.5 + if k % 2 == 1 { 0.15 } else { 0.0 });
        let _ = write!(
            pic,
            r##"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="#c0262d" stroke-width="2" marker-end="url(#arrow)"/><circle cx="{mx:.1}" cy="{my:.1}" r="10" fill="#c0262d"/><text x="{mx:.1}" y="{:.1}" font-size="11" fill="#fff" text-anchor="middle" font-weight="700">{}</text>"##,
            my + 4.0,
            i + 1
        );
    }
    pic.push_str("</svg>");
    pic
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_path_is_drawn_as_numbered_arrows_between_the_nodes() {
        let trace = json!({"disposition": "delivered", "hops": [
            {"site": "site1", "node": "101", "role": "border_leaf", "steps": [{"step": "received", "from": {"kind": "external", "router": "r1", "l3out": "uni/tn-T/out-l3out-intersite"}}]},
            {"site": "site1", "node": "1101", "role": "spine", "steps": []},
            {"site": null, "node": "ISN", "role": "isn", "steps": []},
            {"site": "site2", "node": "2101", "role": "spine", "steps": []},
            {"site": "site2", "node": "202", "role": "service_leaf", "steps": []},
            {"site": "site2", "node": "Site2-FW", "role": "service_node", "steps": []},
            {"site": "site2", "node": "201", "role": "compute_leaf", "steps": [{"step": "delivered", "endpoint": "web-2"}]}]});
        let svg = picture(&trace, &["site1".into(), "site2".into()]);
        for text in [
            "leaf 101",
            "border leaf",
            "Site2-FW",
            "ISN",
            "L3Out l3out-intersite",
            "web-2",
            "spine 2101",
        ] {
            assert!(svg.contains(text), "{text} missing");
        }
        // external->101, six hop-to-hop arrows, 201->web-2
        assert_eq!(svg.matches("marker-end").count(), 8);
        assert!(svg.contains(">8</text>") && !svg.contains(">9</text>"));
    }
}
