//! What the validator knows besides the schema: the facts of each site (read by the server
//! from that site's APIC) and the validation context (other schemas, tenants, sites).

use std::collections::BTreeMap;

use multisite_model::{Schema, Site};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One site as its APIC reports it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SiteFacts {
    /// The orchestrator's site id, as in the schema's `sites[].siteId`.
    pub site_id: String,
    pub name: String,
    /// As APIC reports it, for example `5.1(4c)`.
    pub apic_version: String,
    pub pods: Vec<PodFacts>,
    pub devices: Vec<DeviceFacts>,
    pub redirect_policies: Vec<RedirectPolicyFacts>,
    /// DNs of the L3Outs that exist on the site (`uni/tn-T/out-L`).
    pub l3outs: Vec<String>,
    /// Learned endpoints (including real servers behind load balancers).
    pub endpoints: Vec<EndpointFacts>,
}

/// A pod with its fabric TEP pool and its external TEP pools (infra configuration).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PodFacts {
    pub pod_id: i64,
    /// The fabric TEP pool, for example `10.1.0.0/16`.
    pub tep_pool: String,
    pub external_tep_pools: Vec<String>,
}

/// An L4-L7 device (`vnsLDevVip`) with its cluster interfaces (`vnsLIf` names).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DeviceFacts {
    /// `uni/tn-T/lDevVip-D`.
    pub dn: String,
    pub name: String,
    /// `GoTo`, `GoThrough`, `L1` or `L2`.
    pub func_type: String,
    /// `FW`, `ADC` (load balancer) or `OTHERS`.
    pub svc_type: String,
    pub cluster_interfaces: Vec<String>,
}

/// A PBR policy (`vnsSvcRedirectPol`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RedirectPolicyFacts {
    /// `uni/tn-T/svcCont/svcRedirectPol-P`.
    pub dn: String,
    pub name: String,
    /// `L1`, `L2` or `L3`.
    pub dest_type: String,
}

/// An endpoint learned in an EPG.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EndpointFacts {
    /// `uni/tn-T/ap-A/epg-E`.
    pub epg_dn: String,
    pub ip: String,
}

/// Everything a validation run may look at besides the schema itself.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Context {
    /// Other schemas' documents (NDO shape), by schema id, for cross-schema references.
    /// An entry with the validated schema's own id is ignored.
    pub schemas: BTreeMap<String, Value>,
    /// Tenant id to tenant name.
    pub tenants: BTreeMap<String, String>,
    /// Facts per site id.
    pub sites: BTreeMap<String, SiteFacts>,
}

impl SiteFacts {
    /// The infra part of a site as the orchestrator stores it (id, name, release, pods
    /// with TEP pools); devices, policies, L3Outs and endpoints come from the site's APIC.
    pub fn from_site(site: &Site) -> SiteFacts {
        SiteFacts {
            site_id: site.id.as_str().to_string(),
            name: site.name.clone(),
            apic_version: site.apic_version.clone(),
            pods: site
                .pods
                .iter()
                .map(|pod| PodFacts {
                    pod_id: pod.pod_id,
                    tep_pool: pod.tep_pool.map(|c| c.to_string()).unwrap_or_default(),
                    external_tep_pools: pod
                        .external_tep_pools
                        .iter()
                        .map(ToString::to_string)
                        .collect(),
                })
                .collect(),
            ..SiteFacts::default()
        }
    }
}

impl Context {
    /// Adds another schema, for cross-schema references.
    pub fn with_schema(self, schema: &Schema) -> Context {
        self.with_schema_document(schema.to_json())
    }

    /// Adds (or replaces) a site's facts, keyed by its `site_id`.
    pub fn with_site(mut self, facts: SiteFacts) -> Context {
        self.sites.insert(facts.site_id.clone(), facts);
        self
    }

    pub fn with_tenant(mut self, id: impl Into<String>, name: impl Into<String>) -> Context {
        self.tenants.insert(id.into(), name.into());
        self
    }

    /// Adds another schema's document, keyed by its `id`.
    pub fn with_schema_document(mut self, doc: Value) -> Context {
        let id = doc
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        self.schemas.insert(id, doc);
        self
    }
}
