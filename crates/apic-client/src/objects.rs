//! Typed reads of what the orchestrator needs to know about a site: its release, pods
//! and TEP pools, nodes, L4-L7 devices, their cluster interfaces, and PBR policies.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{ApicClient, ApicClientError};

/// A pod and its fabric TEP pool (when the site reports one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PodInfo {
    pub id: u32,
    pub dn: String,
    pub tep_pool: Option<String>,
}

/// A fabric node: controller, spine or leaf.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeInfo {
    pub id: u32,
    pub pod: u32,
    pub dn: String,
    pub name: String,
    pub role: String,
    pub address: String,
    pub version: String,
}

/// An L4-L7 device (cluster), `vnsLDevVip`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    pub dn: String,
    pub name: String,
    /// `GoTo`, `GoThrough`, `L1`, `L2`, `None`.
    pub func_type: String,
    /// `FW`, `ADC`, `OTHERS`, ...
    pub svc_type: String,
    /// `PHYSICAL`, `VIRTUAL`, `CLOUD`.
    pub dev_type: String,
}

/// A cluster interface (`vnsLIf`) with the concrete interfaces it groups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterInterface {
    pub dn: String,
    pub name: String,
    pub encap: String,
    /// DNs of the concrete interfaces, sorted.
    pub concrete_interfaces: Vec<String>,
}

/// One L3 destination of a redirect policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedirectDestination {
    pub ip: String,
    pub mac: String,
    pub pod_id: String,
    pub dest_name: String,
}

/// A PBR policy (`vnsSvcRedirectPol`) with its L3 destinations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedirectPolicy {
    pub dn: String,
    pub name: String,
    pub dest_type: String,
    pub hashing_algorithm: String,
    pub threshold_down_action: String,
    /// Sorted by IP.
    pub destinations: Vec<RedirectDestination>,
}

/// `(class, attributes, children)` of one `imdata` entry.
fn split(entry: &Value) -> Option<(&str, &Map<String, Value>, &[Value])> {
    let (class, body) = entry.as_object()?.iter().next()?;
    let attrs = body.get("attributes")?.as_object()?;
    let children = body
        .get("children")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    Some((class.as_str(), attrs, children))
}

fn attr(attrs: &Map<String, Value>, key: &str) -> String {
    attrs
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn of_class<'a>(
    list: &'a [Value],
    class: &'a str,
) -> impl Iterator<Item = (&'a Map<String, Value>, &'a [Value])> + 'a {
    list.iter()
        .filter_map(split)
        .filter(move |(c, _, _)| *c == class)
        .map(|(_, a, ch)| (a, ch))
}

fn no_version(base: &str) -> ApicClientError {
    ApicClientError::Protocol {
        method: "GET".into(),
        url: base.to_string(),
        status: 200,
        detail: "the site reports no controller version (firmwareCtrlrRunning, topSystem)".into(),
    }
}

impl ApicClient {
    /// The controller's release as it reports it, e.g. `5.1(4c)`.
    pub async fn version(&self) -> Result<String, ApicClientError> {
        let running = self.get_class("firmwareCtrlrRunning", &[]).await?;
        if let Some(v) = of_class(&running, "firmwareCtrlrRunning")
            .map(|(a, _)| attr(a, "version"))
            .find(|v| !v.is_empty())
        {
            return Ok(v);
        }
        let systems = self
            .get_class(
                "topSystem",
                &[("query-target-filter", r#"eq(topSystem.role,"controller")"#)],
            )
            .await?;
        let version = of_class(&systems, "topSystem")
            .map(|(a, _)| attr(a, "version"))
            .find(|v| !v.is_empty());
        version.ok_or_else(|| no_version(self.base_url()))
    }

    /// The pods with their fabric TEP pools (from the pod setup policies), by id.
    pub async fn pods(&self) -> Result<Vec<PodInfo>, ApicClientError> {
        let pods = self.get_class("fabricPod", &[]).await?;
        // Not every controller answers for the setup policy class; pools are then unknown.
        let setups = match self.get_class("fabricSetupP", &[]).await {
            Ok(list) => list,
            Err(e) if e.code().is_some() => Vec::new(),
            Err(e) => return Err(e),
        };
        let pools: BTreeMap<String, String> = of_class(&setups, "fabricSetupP")
            .map(|(a, _)| (attr(a, "podId"), attr(a, "tepPool")))
            .collect();
        let mut out: Vec<PodInfo> = of_class(&pods, "fabricPod")
            .filter_map(|(a, _)| {
                let id = attr(a, "id");
                Some(PodInfo {
                    id: id.parse().ok()?,
                    dn: attr(a, "dn"),
                    tep_pool: pools.get(&id).cloned(),
                })
            })
            .collect();
        out.sort_by_key(|p| p.id);
        Ok(out)
    }

    /// Every fabric node, by id.
    pub async fn nodes(&self) -> Result<Vec<NodeInfo>, ApicClientError> {
        let nodes = self.get_class("fabricNode", &[]).await?;
        let mut out: Vec<NodeInfo> = of_class(&nodes, "fabricNode")
            .filter_map(|(a, _)| {
                let dn = attr(a, "dn");
                let pod = dn
                    .strip_prefix("topology/pod-")?
                    .split('/')
                    .next()?
                    .parse()
                    .ok()?;
                Some(NodeInfo {
                    id: attr(a, "id").parse().ok()?,
                    pod,
                    name: attr(a, "name"),
                    role: attr(a, "role"),
                    address: attr(a, "address"),
                    version: attr(a, "version"),
                    dn,
                })
            })
            .collect();
        out.sort_by_key(|n| n.id);
        Ok(out)
    }

    /// The L4-L7 devices of a tenant, by name.
    pub async fn devices(&self, tenant: &str) -> Result<Vec<Device>, ApicClientError> {
        let query = [
            ("query-target", "children"),
            ("target-subtree-class", "vnsLDevVip"),
        ];
        let list = self.get_mo(&format!("uni/tn-{tenant}"), &query).await?;
        let mut out: Vec<Device> = of_class(&list, "vnsLDevVip")
            .map(|(a, _)| Device {
                dn: attr(a, "dn"),
                name: attr(a, "name"),
                func_type: attr(a, "funcType"),
                svc_type: attr(a, "svcType"),
                dev_type: attr(a, "devtype"),
            })
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    /// The cluster interfaces of one device, by name.
    pub async fn cluster_interfaces(
        &self,
        tenant: &str,
        device: &str,
    ) -> Result<Vec<ClusterInterface>, ApicClientError> {
        let query = [
            ("query-target", "children"),
            ("target-subtree-class", "vnsLIf"),
            ("rsp-subtree", "full"),
            ("rsp-subtree-class", "vnsRsCIfAttN"),
        ];
        let list = self
            .get_mo(&format!("uni/tn-{tenant}/lDevVip-{device}"), &query)
            .await?;
        let mut out: Vec<ClusterInterface> = of_class(&list, "vnsLIf")
            .map(|(a, children)| {
                let mut concrete: Vec<String> = of_class(children, "vnsRsCIfAttN")
                    .map(|(c, _)| attr(c, "tDn"))
                    .collect();
                concrete.sort();
                ClusterInterface {
                    dn: attr(a, "dn"),
                    name: attr(a, "name"),
                    encap: attr(a, "encap"),
                    concrete_interfaces: concrete,
                }
            })
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    /// The PBR policies of a tenant with their L3 destinations, by name.
    pub async fn redirect_policies(
        &self,
        tenant: &str,
    ) -> Result<Vec<RedirectPolicy>, ApicClientError> {
        let query = [
            ("query-target", "children"),
            ("target-subtree-class", "vnsSvcRedirectPol"),
            ("rsp-subtree", "full"),
            ("rsp-subtree-class", "vnsRedirectDest"),
        ];
        let list = self
            .get_mo(&format!("uni/tn-{tenant}/svcCont"), &query)
            .await?;
        let mut out: Vec<RedirectPolicy> = of_class(&list, "vnsSvcRedirectPol")
            .map(|(a, children)| {
                let mut destinations: Vec<RedirectDestination> =
                    of_class(children, "vnsRedirectDest")
                        .map(|(d, _)| RedirectDestination {
                            ip: attr(d, "ip"),
                            mac: attr(d, "mac"),
                            pod_id: attr(d, "podId"),
                            dest_name: attr(d, "destName"),
                        })
                        .collect();
                destinations.sort_by(|x, y| x.ip.cmp(&y.ip));
                RedirectPolicy {
                    dn: attr(a, "dn"),
                    name: attr(a, "name"),
                    dest_type: attr(a, "destType"),
                    hashing_algorithm: attr(a, "hashingAlgorithm"),
                    threshold_down_action: attr(a, "thresholdDownAction"),
                    destinations,
                }
            })
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }
}
