//! Site-local service graph settings against each site's own objects: a device per node
//! in every site of the graph's template; cluster interfaces and redirect policies that
//! exist there; redirect on all sites of the contract or on none; destination type against
//! function type; one-arm versus two-arm connectors; a load balancer with PBR beside its
//! real servers.

use serde_json::Value;

use super::contracts::has_graph;
use super::graph::{graph_nodes, node_relations, NodeMap};
use super::Checker;
use crate::facts::DeviceFacts;
use crate::index::Obj;
use crate::json::{field, text};
use crate::refs::{Key, Kind};
use crate::rules::{
    DEV_MISSING, DEV_TYPE, DEV_UNKNOWN, PBR_DEST_TYPE, PBR_INTERFACE, PBR_INTERFACE_UNKNOWN,
    PBR_LB_SITE, PBR_PARTIAL, PBR_POLICY_UNKNOWN, SG_ARMS, SG_ROUTING,
};
use crate::sitefacts::{dn_name, split_cluster_interface};

const FIREWALL_TYPE: &str = "0000ffff0000000000000051";
const LOAD_BALANCER_TYPE: &str = "0000ffff0000000000000052";
const SIDES: [(&str, &str); 2] = [
    ("consumerConnector", "consumer"),
    ("providerConnector", "provider"),
];

/// Sites with and without a redirect policy on one connector: (site, path).
#[derive(Default)]
struct Coverage<'a> {
    with: Vec<&'a str>,
    without: Vec<(&'a str, String)>,
}

fn connector_dn<'v>(conn: Option<&'v Value>, field: &str) -> &'v str {
    conn.and_then(|c| c.get(field))
        .map(|o| text(o, "dn"))
        .unwrap_or_default()
}

fn dest_type_fits(dest: &str, func: &str) -> Option<&'static str> {
    let want = match dest.to_ascii_uppercase().as_str() {
        "L3" => "GoTo",
        "L2" => "L2",
        "L1" => "L1",
        _ => return None,
    };
    (!func.is_empty() && !func.eq_ignore_ascii_case(want)).then_some(want)
}

impl<'a> Checker<'a> {
    pub(super) fn site_local(&mut self) {
        for graph in self.ix.part_objects(self.part, Kind::ServiceGraph) {
            self.graph_devices(graph);
        }
        for contract in self.ix.part_objects(self.part, Kind::Contract) {
            if has_graph(contract.value) {
                self.contract_sites(contract);
            }
        }
    }

    fn graph_devices(&mut self, graph_obj: Obj<'a>) {
        let (graph, obj) = (graph_obj.key, graph_obj.value);
        let main = self.main();
        let nodes = graph_nodes(graph, obj);
        let ix = &self.ix;
        for &site in ix.sites_of(graph.schema, graph.template) {
            let twin = ix.site_object_at(site, graph_obj.id);
            let entry = twin.map_or(graph.template, |t| t.entry_template);
            let site_nodes = twin.map(|t| NodeMap::of(t.value, "serviceNodes"));
            for (node, node_obj) in &nodes {
                let path = || {
                    format!(
                        "{}/serviceNodes/{}/device",
                        graph.site_path(main, site, entry),
                        node.name
                    )
                };
                let dn = site_nodes
                    .as_ref()
                    .and_then(|m| m.get(node))
                    .and_then(|n| field(n, "device"))
                    .map(|d| text(d, "dn"))
                    .unwrap_or_default();
                let label = self.site_label(site);
                if dn.is_empty() {
                    let message = format!("{graph} node '{}' has no device in site '{label}': choose the L4-L7 device created in that site's APIC", node.name);
                    self.out.push(DEV_MISSING, path(), message);
                    continue;
                }
                let Some(facts) = self.sites.get(site) else {
                    continue;
                };
                let Some(device) = facts.devices.get(dn).copied() else {
                    let message = format!("device '{}' ({dn}) does not exist in site '{label}': create it in that site's APIC or choose an existing device", dn_name(dn));
                    self.out.push(DEV_UNKNOWN, path(), message);
                    continue;
                };
                let (want, node_kind) = match text(node_obj, "serviceNodeTypeId") {
                    FIREWALL_TYPE => ("FW", "firewall"),
                    LOAD_BALANCER_TYPE => ("ADC", "load balancer"),
                    _ => continue,
                };
                let svc = device.svc_type.as_str();
                if matches!(svc, "FW" | "ADC") && svc != want {
                    let message = format!(
                        "node '{}' of {graph} is a {node_kind} node but device '{}' in site '{label}' has service type {svc}: choose a {node_kind} device",
                        node.name, device.name
                    );
                    self.out.push(DEV_TYPE, path(), message);
                }
            }
        }
    }

    fn contract_sites(&mut self, contract_obj: Obj<'a>) {
        let (contract, obj) = (contract_obj.key, contract_obj.value);
        let main = self.main();
        let Some(relationship) = field(obj, "serviceGraphRelationship") else {
            return;
        };
        let Some(graph_obj) = self.ix.resolve_obj(text(relationship, "serviceGraphRef")) else {
            return;
        };
        let (graph_key, graph) = (graph_obj.key, graph_obj.value);
        let nodes = graph_nodes(graph_key, graph);
        let template_rel = node_relations(relationship);
        let mut coverage: Vec<[Coverage<'a>; 2]> =
            nodes.iter().map(|_| Default::default()).collect();
        let mut lb_sites: Vec<Vec<(&'a str, String)>> = nodes.iter().map(|_| Vec::new()).collect();
        let sites = self
            .ix
            .sites_of(contract.schema, contract.template)
            .to_vec();
        for site in sites {
            let twin = self.ix.site_object_at(site, contract_obj.id);
            let entry = twin.map_or(contract.template, |t| t.entry_template);
            let base = || {
                format!(
                    "{}/serviceGraphRelationship",
                    contract.site_path(main, site, entry)
                )
            };
            let label = self.site_label(site);
            let Some(site_rel) = twin.and_then(|t| field(t.value, "serviceGraphRelationship"))
            else {
                let message = format!("{contract} has no service graph settings in site '{label}': choose a cluster interface and redirect policy for the connectors of every node");
                self.out.push(PBR_INTERFACE, base(), message);
                for cov in coverage.iter_mut().flatten() {
                    cov.without.push((site, base()));
                }
                continue;
            };
            let site_nodes = node_relations(site_rel);
            let graph_twin = self.ix.site_object_at(site, graph_obj.id);
            let devices = graph_twin.map(|t| NodeMap::of(t.value, "serviceNodes"));
            for (ni, (node, node_obj)) in nodes.iter().enumerate() {
                let nbase = || format!("{}/serviceNodesRelationship/{}", base(), node.name);
                let device_dn = devices
                    .as_ref()
                    .and_then(|m| m.get(node))
                    .and_then(|n| field(n, "device"))
                    .map(|d| text(d, "dn"))
                    .filter(|dn| !dn.is_empty());
                let device: Option<&'a DeviceFacts> =
                    device_dn.and_then(|dn| self.sites.get(site)?.devices.get(dn).copied());
                let mut interfaces = [""; 2];
                let mut bds = [""; 2];
                let mut redirects = false;
                for (si, (side, side_label)) in SIDES.iter().enumerate() {
                    let conn = site_nodes.get(node).and_then(|n| field(n, side));
                    let interface = connector_dn(conn, "clusterInterface");
                    let policy = connector_dn(conn, "redirectPolicy");
                    let policy = if policy.ends_with("/svcRedirectPol-None") {
                        ""
                    } else {
                        policy
                    };
                    bds[si] = template_rel
                        .get(node)
                        .and_then(|r| field(r, side))
                        .map(|c| text(c, "bdRef"))
                        .unwrap_or_default();
                    interfaces[si] = interface;
                    let cpath = |leaf: &str| format!("{}/{side}/{leaf}", nbase());
                    if interface.is_empty() {
                        let message = format!("{contract} node '{}' has no cluster interface for the {side_label} connector in site '{label}': choose one of the device's cluster interfaces", node.name);
                        self.out
                            .push(PBR_INTERFACE, cpath("clusterInterface"), message);
                    } else {
                        self.check_interface(site, interface, device_dn, || {
                            cpath("clusterInterface")
                        });
                    }
                    if policy.is_empty() {
                        coverage[ni][si]
                            .without
                            .push((site, cpath("redirectPolicy")));
                        continue;
                    }
                    redirects = true;
                    coverage[ni][si].with.push(site);
                    self.check_policy(site, policy, device, bds[si], || cpath("redirectPolicy"));
                }
                if !bds[0].is_empty()
                    && !bds[1].is_empty()
                    && bds[0] != bds[1]
                    && !interfaces[0].is_empty()
                    && interfaces[0] == interfaces[1]
                {
                    let message = format!(
                        "{contract} node '{}' is two-arm (connector BDs '{}' and '{}') but uses cluster interface '{}' for both connectors in site '{label}': choose the interface attached to each BD, or one BD for a one-arm node",
                        node.name,
                        bds[0].rsplit('/').next().unwrap_or_default(),
                        bds[1].rsplit('/').next().unwrap_or_default(),
                        split_cluster_interface(interfaces[0]).map_or(interfaces[0], |(_, n)| n),
                    );
                    self.out.push(
                        SG_ARMS,
                        format!("{}/providerConnector/clusterInterface", nbase()),
                        message,
                    );
                }
                let load_balancer = text(node_obj, "serviceNodeTypeId") == LOAD_BALANCER_TYPE
                    || device.is_some_and(|d| d.svc_type == "ADC");
                if redirects && load_balancer {
                    lb_sites[ni].push((site, nbase()));
                }
            }
        }
        self.partial_redirects(contract, &nodes, coverage);
        for ((node, _), sites) in nodes.iter().zip(lb_sites) {
            if !sites.is_empty() {
                self.load_balancer_sites(contract, *node, sites);
            }
        }
    }

    fn check_interface(
        &mut self,
        site: &'a str,
        interface: &'a str,
        node_device: Option<&'a str>,
        path: impl FnOnce() -> String,
    ) {
        let Some(facts) = self.sites.get(site) else {
            return;
        };
        let label = facts.label();
        let Some((device_dn, name)) = split_cluster_interface(interface) else {
            let message = format!("'{interface}' is not a cluster interface DN (uni/tn-T/lDevVip-D/lIf-I): choose one of the device's cluster interfaces");
            self.out.push(PBR_INTERFACE_UNKNOWN, path(), message);
            return;
        };
        let exists = facts
            .devices
            .get(device_dn)
            .is_some_and(|d| d.cluster_interfaces.iter().any(|c| c == name));
        if !exists {
            let message = format!("cluster interface '{name}' of device '{}' does not exist in site '{label}': create it there or choose an existing one", dn_name(device_dn));
            self.out.push(PBR_INTERFACE_UNKNOWN, path(), message);
        } else if let Some(node_device) = node_device.filter(|d| *d != device_dn) {
            let message = format!(
                "cluster interface '{name}' belongs to device '{}' but the node uses device '{}' in site '{label}': choose an interface of '{}'",
                dn_name(device_dn),
                dn_name(node_device),
                dn_name(node_device)
            );
            self.out.push(PBR_INTERFACE_UNKNOWN, path(), message);
        }
    }

    fn check_policy(
        &mut self,
        site: &'a str,
        policy: &'a str,
        device: Option<&'a DeviceFacts>,
        bd: &'a str,
        path: impl Fn() -> String,
    ) {
        let Some(facts) = self.sites.get(site) else {
            return;
        };
        let label = facts.label();
        let Some(pol) = facts.policies.get(policy).copied() else {
            let message = format!("redirect policy '{}' ({policy}) does not exist in site '{label}': create it in that site's APIC or choose an existing one", dn_name(policy));
            self.out.push(PBR_POLICY_UNKNOWN, path(), message);
            return;
        };
        if let Some(device) = device {
            if let Some(want) = dest_type_fits(&pol.dest_type, &device.func_type) {
                let message = format!(
                    "redirect policy '{}' has destination type {} but device '{}' in site '{label}' has function type {}: use a device of function type {want} or a policy of the device's type",
                    pol.name, pol.dest_type, device.name, device.func_type
                );
                self.out.push(PBR_DEST_TYPE, path(), message);
            }
        }
        if !pol.dest_type.eq_ignore_ascii_case("L3") {
            return;
        }
        if let Some(bd_obj) = self.ix.resolve_obj(bd) {
            let bd_key = bd_obj.key;
            if self.ix.routing_off(bd_obj.id) {
                let message = format!("{bd_key} is a service graph connector with L3 redirect policy '{}': enable unicast routing", pol.name);
                self.out.push(
                    SG_ROUTING,
                    format!("{}/unicastRouting", bd_key.path(self.main())),
                    message,
                );
            }
        }
    }

    fn partial_redirects(
        &mut self,
        contract: Key<'a>,
        nodes: &[(Key<'a>, &'a Value)],
        coverage: Vec<[Coverage<'a>; 2]>,
    ) {
        for ((node, _), sides) in nodes.iter().zip(coverage) {
            for ((_, side_label), cov) in SIDES.iter().zip(sides) {
                if cov.with.is_empty() {
                    continue;
                }
                let with: Vec<String> = cov
                    .with
                    .iter()
                    .map(|s| format!("'{}'", self.site_label(s)))
                    .collect();
                for (site, path) in cov.without {
                    let message = format!(
                        "{contract} node '{}' redirects its {side_label} connector in site {} but not in site '{}': set a redirect policy in every site that carries the contract, or in none",
                        node.name,
                        with.join(", "),
                        self.site_label(site)
                    );
                    self.out.push(PBR_PARTIAL, path, message);
                }
            }
        }
    }

    /// A load balancer with PBR must be in the site of the real servers (the provider EPGs).
    fn load_balancer_sites(
        &mut self,
        contract: Key<'a>,
        node: Key<'a>,
        lb_sites: Vec<(&'a str, String)>,
    ) {
        let providers: Vec<Key<'a>> = self
            .ix
            .parties_of(&contract)
            .iter()
            .filter(|p| p.provider && !p.external())
            .map(|p| p.key)
            .collect();
        let mut fact_sites: Vec<&'a str> = self.sites.keys().copied().collect();
        fact_sites.sort_unstable();
        for epg in providers {
            let tenant = self
                .ix
                .tenant_of(&epg)
                .map(|t| self.tenant_label(t))
                .unwrap_or_default();
            let dn = format!("uni/tn-{tenant}/ap-{}/epg-{}", epg.parent, epg.name);
            let learned: Vec<&'a str> = fact_sites
                .iter()
                .copied()
                .filter(|s| self.sites[s].endpoint_epgs.contains(dn.as_str()))
                .collect();
            let real: Vec<&'a str> = if learned.is_empty() {
                self.ix.sites_of(epg.schema, epg.template).to_vec()
            } else {
                learned
            };
            for (site, path) in &lb_sites {
                if real.contains(site) {
                    continue;
                }
                let where_: Vec<String> = real
                    .iter()
                    .map(|s| format!("'{}'", self.site_label(s)))
                    .collect();
                let message = format!(
                    "the load balancer of {contract} node '{}' redirects in site '{}' but the real servers of EPG '{}' are in site {}: keep the load balancer and its real servers in one site, or disable PBR",
                    node.name,
                    self.site_label(site),
                    epg.name,
                    if where_.is_empty() { "none".to_string() } else { where_.join(", ") }
                );
                self.out.push(PBR_LB_SITE, path.clone(), message);
            }
        }
    }
}
