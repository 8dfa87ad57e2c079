//! The right-hand panel of the template view: the labelled form of one template object
//! (new or existing) with its errors beside the fields, and its delete button.

use maud::{html, Markup};
use serde_json::Value;

use super::doc::{choices, items, resolve, s};
use super::form::{Errors, FormData};
use super::layout::{checkbox, checkbox_value, general_errors, options, select, text, text_with};
use super::objects::{Kind, NodeTypes};

/// What the panel needs to render.
pub struct PanelCtx<'a> {
    pub doc: &'a Value,
    pub template: &'a str,
    pub node_types: &'a NodeTypes,
    /// The action the form posts to.
    pub action: String,
    /// The delete action, for an existing object.
    pub delete: Option<String>,
}

fn contract_groups(doc: &Value, form: &FormData) -> Markup {
    let contracts = choices(doc, "contracts", "contractRef");
    html! {
        fieldset {
            legend { "Contracts" }
            @if contracts.is_empty() { p.muted { "No contract yet." } }
            @for (r, label) in &contracts {
                div.row {
                    span { (label) }
                    (checkbox_value("consumer", &format!("f-consumer-{}", super::doc::ref_name(r)), r, "consumer", form.all("consumer").contains(&r.as_str())))
                    (checkbox_value("provider", &format!("f-provider-{}", super::doc::ref_name(r)), r, "provider", form.all("provider").contains(&r.as_str())))
                }
            }
        }
    }
}

fn fields(
    kind: Kind,
    ctx: &PanelCtx<'_>,
    form: &FormData,
    errors: &Errors,
    is_new: bool,
) -> Markup {
    let doc = ctx.doc;
    let vrfs = choices(doc, "vrfs", "vrfRef");
    let bds = choices(doc, "bds", "bdRef");
    html! {
        (text("name", "Display Name", form.get("name"), errors))
        @match kind {
            Kind::Vrf => {
                (checkbox("l3MCast", "L3 Multicast", form.checked("l3MCast")))
                (checkbox("vzAnyEnabled", "vzAny", form.checked("vzAnyEnabled")))
                (checkbox("preferredGroup", "Preferred group", form.checked("preferredGroup")))
                (select("ipDataPlaneLearning", "IP data-plane learning", &options(["enabled", "disabled"]), form.get("ipDataPlaneLearning"), None, errors))
            }
            Kind::Bd => {
                (select("vrf", "Virtual Routing & Forwarding", &vrfs, form.get("vrf"), Some("Select a VRF"), errors))
                (text_with("subnets", "Gateway subnets (comma separated)", form.get("subnets"), errors, "10.10.1.1/24"))
                (checkbox("l2Stretch", "L2 Stretch", form.checked("l2Stretch")))
                (checkbox("intersiteBumTrafficAllow", "Intersite BUM traffic allow", form.checked("intersiteBumTrafficAllow")))
                (select("l2UnknownUnicast", "L2 Unknown Unicast", &options(["proxy", "flood"]), form.get("l2UnknownUnicast"), None, errors))
                (checkbox("unicastRouting", "Unicast routing", form.checked("unicastRouting")))
                (checkbox("arpFlood", "ARP flooding", form.checked("arpFlood")))
            }
            Kind::Anp => {}
            Kind::Epg => {
                @if is_new {
                    @let anps: Vec<(String, String)> = super::doc::template(doc, ctx.template)
                        .map(|t| items(t, "anps").map(|a| (s(a, "name").to_string(), s(a, "name").to_string())).collect())
                        .unwrap_or_default();
                    (select("anp", "Application Profile", &anps, form.get("anp"), Some("Select an application profile"), errors))
                }
                (select("bd", "Bridge Domain", &bds, form.get("bd"), Some("Select a BD"), errors))
                (contract_groups(doc, form))
            }
            Kind::Filter => {
                fieldset {
                    legend { "Entries" }
                    @let existing: Vec<&Value> = super::doc::template(doc, ctx.template)
                        .and_then(|t| super::doc::object(t, "filters", form.get("name")))
                        .map(|f| items(f, "entries").collect()).unwrap_or_default();
                    @for e in &existing {
                        (checkbox_value("removeEntry", &format!("f-remove-{}", s(e, "name")), s(e, "name"),
                            &format!("Remove entry {} ({} {})", s(e, "name"), s(e, "etherType"), s(e, "ipProtocol")), false))
                    }
                    h3 { "Add or change an entry" }
                    (text("entryName", "Entry name", form.get("entryName"), errors))
                    (select("etherType", "Ether Type", &options(["unspecified", "ip", "ipv4", "ipv6", "arp", "fcoe", "mac-security", "mpls-unicast", "trill"]), form.get("etherType"), None, errors))
                    (select("ipProtocol", "IP Protocol", &options(["unspecified", "icmp", "icmpv6", "igmp", "tcp", "udp", "egp", "igp", "eigrp", "ospfigp", "pim", "l2tp"]), form.get("ipProtocol"), None, errors))
                    (text_with("destinationFrom", "Destination port range from", form.get("destinationFrom"), errors, "unspecified"))
                    (text_with("destinationTo", "Destination port range to", form.get("destinationTo"), errors, "unspecified"))
                    (text_with("sourceFrom", "Source port range from", form.get("sourceFrom"), errors, "unspecified"))
                    (text_with("sourceTo", "Source port range to", form.get("sourceTo"), errors, "unspecified"))
                    (select("arpFlag", "ARP flag", &options(["unspecified", "req", "reply"]), form.get("arpFlag"), None, errors))
                    (checkbox("matchOnlyFragments", "Match only fragments", form.checked("matchOnlyFragments")))
                    (checkbox("stateful", "Stateful", form.checked("stateful")))
                }
            }
            Kind::Contract => {
                (select("scope", "Scope", &[("context".into(), "vrf".into()), ("tenant".into(), "tenant".into()), ("application-profile".into(), "application-profile".into()), ("global".into(), "global".into())], form.get("scope"), None, errors))
                (checkbox("bothWays", "Apply both directions", form.checked("bothWays")))
                fieldset {
                    legend { "Filter Chain" }
                    @let filters = choices(doc, "filters", "filterRef");
                    @if filters.is_empty() { p.muted { "No filter yet." } }
                    @for (r, label) in &filters {
                        (checkbox_value("filter", &format!("f-filter-{}", super::doc::ref_name(r)), r, label, form.all("filter").contains(&r.as_str())))
                    }
                    @if let Some(e) = errors.get("filter") { p.error role="alert" { (e) } }
                }
                (select("graph", "Service Graph", &choices(doc, "serviceGraphs", "serviceGraphRef"), form.get("graph"), Some("None"), errors))
                @let nodes = resolve(doc, form.get("graph")).map(|g| items(g, "serviceNodes").count()).unwrap_or(0);
                @for i in 1..=nodes.max(1) {
                    fieldset {
                        legend { "Service node " (i) " connectors (when a graph is chosen)" }
                        (select(&format!("n{i}Consumer"), "Consumer Connector Bridge Domain", &bds, form.get(&format!("n{i}Consumer")), Some("Select a BD"), errors))
                        (select(&format!("n{i}Provider"), "Provider Connector Bridge Domain", &bds, form.get(&format!("n{i}Provider")), Some("Select a BD"), errors))
                    }
                }
            }
            Kind::ServiceGraph => {
                (select("nodeFilter", "Advanced Config: traffic after the first node", &[("allow-all".into(), "Allow All".into()), ("filters-from-contract".into(), "Filters From Contract".into())], form.get("nodeFilter"), None, errors))
                fieldset {
                    legend { "Service nodes (up to two)" }
                    (select("node1", "Node 1", ctx.node_types, form.get("node1"), Some("Drop a device type"), errors))
                    (select("node2", "Node 2", ctx.node_types, form.get("node2"), Some("None"), errors))
                }
            }
            Kind::L3out => {
                (select("vrf", "Virtual Routing & Forwarding", &vrfs, form.get("vrf"), Some("Select a VRF"), errors))
            }
            Kind::ExtEpg => {
                (select("vrf", "Virtual Routing & Forwarding", &vrfs, form.get("vrf"), Some("Select a VRF"), errors))
                (select("l3out", "L3Out (template level)", &choices(doc, "intersiteL3outs", "l3outRef"), form.get("l3out"), Some("None: set per site"), errors))
                (text_with("subnets", "Subnets (comma separated)", form.get("subnets"), errors, "0.0.0.0/0"))
                (contract_groups(doc, form))
            }
        }
    }
}

/// The panel for a new (`existing` false) or existing object.
pub fn panel(
    kind: Kind,
    ctx: &PanelCtx<'_>,
    form: &FormData,
    errors: &Errors,
    is_new: bool,
) -> Markup {
    let heading = if is_new {
        format!("Add {}", kind.title())
    } else {
        format!("{} {}", kind.title(), form.get("name"))
    };
    html! {
        section.panel aria-labelledby="panel-title" {
            h2 #panel-title { (heading) }
            (general_errors(errors))
            form method="post" action=(ctx.action) {
                (fields(kind, ctx, form, errors, is_new))
                div.row {
                    button type="submit" { @if is_new { "Add" } @else { "Save" } }
                }
            }
            @if let Some(del) = &ctx.delete {
                form method="post" action=(del) {
                    button.danger type="submit" { "Delete " (kind.title()) }
                }
            }
        }
    }
}
