//! The rule catalogue: every code the validator can report, its severity and what it
//! checks. Codes are stable; a retired rule keeps its number unused.

use serde::Serialize;

use crate::report::Severity;

/// One rule of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RuleInfo {
    pub code: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
}

pub const REF_MISSING: &str = "MS-REF-001";
pub const REF_TENANT: &str = "MS-REF-002";
pub const REF_SITE_TEMPLATE: &str = "MS-REF-003";
pub const REF_DUPLICATE: &str = "MS-REF-004";
pub const CTR_ROLES: &str = "MS-CTR-001";
pub const CTR_SCOPE: &str = "MS-CTR-002";
pub const CTR_TRANSIT: &str = "MS-CTR-003";
pub const CTR_SCOPE_WIDE: &str = "MS-CTR-004";
pub const SG_NODES: &str = "MS-SG-001";
pub const SG_CONNECTORS: &str = "MS-SG-002";
pub const SG_ARMS: &str = "MS-SG-003";
pub const SG_ROUTING: &str = "MS-SG-004";
pub const SITE_RELEASE: &str = "MS-SITE-001";
pub const SITE_UNKNOWN: &str = "MS-SITE-002";
pub const SITE_RELEASE_UNREAD: &str = "MS-SITE-003";
pub const DEV_MISSING: &str = "MS-DEV-001";
pub const DEV_UNKNOWN: &str = "MS-DEV-002";
pub const DEV_TYPE: &str = "MS-DEV-003";
pub const PBR_INTERFACE: &str = "MS-PBR-001";
pub const PBR_INTERFACE_UNKNOWN: &str = "MS-PBR-002";
pub const PBR_POLICY_UNKNOWN: &str = "MS-PBR-003";
pub const PBR_PARTIAL: &str = "MS-PBR-004";
pub const PBR_DEST_TYPE: &str = "MS-PBR-005";
pub const PBR_LB_SITE: &str = "MS-PBR-006";
pub const L3O_VRF_TENANT: &str = "MS-L3O-001";
pub const L3O_BOTH_LEVELS: &str = "MS-L3O-002";
pub const L3O_VRF_MISMATCH: &str = "MS-L3O-003";
pub const L3O_SITE_UNKNOWN: &str = "MS-L3O-004";
pub const TEP_OVERLAP: &str = "MS-TEP-001";
pub const TEP_FABRIC_OVERLAP: &str = "MS-TEP-002";
pub const TEP_INVALID: &str = "MS-TEP-003";
pub const TEP_MISSING: &str = "MS-TEP-004";

use Severity::{Error, Warning};

static RULES: &[RuleInfo] = &[
    RuleInfo { code: REF_MISSING, severity: Error, summary: "A reference points to an object that does not exist (in this schema or another one)." },
    RuleInfo { code: REF_TENANT, severity: Error, summary: "A template's tenant is not a known tenant." },
    RuleInfo { code: REF_SITE_TEMPLATE, severity: Error, summary: "A site entry names a template that the schema does not have." },
    RuleInfo { code: REF_DUPLICATE, severity: Error, summary: "Two objects of one collection share a name." },
    RuleInfo { code: CTR_ROLES, severity: Error, summary: "Inter-VRF contract with a service graph between an application EPG and an external EPG: the external EPG must be the provider and the application EPG the consumer." },
    RuleInfo { code: CTR_SCOPE, severity: Error, summary: "A contract's scope does not cover its consumers and providers: inter-VRF needs tenant (or global), inter-tenant needs global." },
    RuleInfo { code: CTR_TRANSIT, severity: Error, summary: "Transit routing between external EPGs (L3Out to L3Out) through a PBR service graph is not supported." },
    RuleInfo { code: CTR_SCOPE_WIDE, severity: Warning, summary: "Intra-VRF contract with a service graph and an external EPG whose scope is wider than vrf." },
    RuleInfo { code: SG_NODES, severity: Error, summary: "A service graph has more than two nodes." },
    RuleInfo { code: SG_CONNECTORS, severity: Error, summary: "A contract's service graph relationship does not give both connector BDs for every node of the graph." },
    RuleInfo { code: SG_ARMS, severity: Error, summary: "A two-arm node (different connector BDs) uses one cluster interface for both connectors." },
    RuleInfo { code: SG_ROUTING, severity: Error, summary: "A connector BD used with an L3 redirect policy has unicast routing disabled." },
    RuleInfo { code: SITE_RELEASE, severity: Error, summary: "A site using intersite L3Out with PBR runs an APIC release other than 4.2(5) or later 4.2, or 5.1 and later (never 5.0)." },
    RuleInfo { code: SITE_UNKNOWN, severity: Warning, summary: "No facts are known for a site of the schema; its site-local objects were not checked." },
    RuleInfo { code: SITE_RELEASE_UNREAD, severity: Warning, summary: "A site's APIC release cannot be read; release support was not checked." },
    RuleInfo { code: DEV_MISSING, severity: Error, summary: "A service graph node has no device on a site of its template." },
    RuleInfo { code: DEV_UNKNOWN, severity: Error, summary: "A service graph node's device does not exist in that site's APIC." },
    RuleInfo { code: DEV_TYPE, severity: Error, summary: "A service graph node's device is of another service type than the node (firewall versus load balancer)." },
    RuleInfo { code: PBR_INTERFACE, severity: Error, summary: "A contract's site-local service graph connector has no cluster interface." },
    RuleInfo { code: PBR_INTERFACE_UNKNOWN, severity: Error, summary: "A cluster interface does not exist on the device the site uses for that node." },
    RuleInfo { code: PBR_POLICY_UNKNOWN, severity: Error, summary: "A redirect policy does not exist in that site's APIC." },
    RuleInfo { code: PBR_PARTIAL, severity: Error, summary: "A redirect policy is set on some sites that carry the contract but not on all of them." },
    RuleInfo { code: PBR_DEST_TYPE, severity: Error, summary: "A redirect policy's destination type does not match the device's function type (L3 with GoTo, L2 with L2, L1 with L1)." },
    RuleInfo { code: PBR_LB_SITE, severity: Error, summary: "A load balancer with PBR redirects in a site where the real servers' EPG is not." },
    RuleInfo { code: L3O_VRF_TENANT, severity: Error, summary: "An L3Out's VRF is in another tenant than the L3Out." },
    RuleInfo { code: L3O_BOTH_LEVELS, severity: Error, summary: "An external EPG has an L3Out both at template level and at site-local level." },
    RuleInfo { code: L3O_VRF_MISMATCH, severity: Error, summary: "An external EPG's VRF is not the VRF of its L3Out." },
    RuleInfo { code: L3O_SITE_UNKNOWN, severity: Error, summary: "A site-local external EPG names an APIC L3Out that the site does not have." },
    RuleInfo { code: TEP_OVERLAP, severity: Error, summary: "Two external TEP pools overlap: every pod needs its own pool." },
    RuleInfo { code: TEP_FABRIC_OVERLAP, severity: Error, summary: "An external TEP pool overlaps a fabric TEP pool." },
    RuleInfo { code: TEP_INVALID, severity: Error, summary: "A TEP pool is not a valid IPv4 prefix." },
    RuleInfo { code: TEP_MISSING, severity: Error, summary: "A pod of a site that uses an intersite L3Out has no external TEP pool." },
];

/// Every rule, grouped by topic (references, contracts, service graphs, sites, devices,
/// PBR, L3Outs, TEP pools).
pub fn rules() -> &'static [RuleInfo] {
    RULES
}

/// The catalogue entry of a code, if it exists.
pub fn rule(code: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.code == code)
}

pub(crate) fn severity_of(code: &str) -> Severity {
    rule(code).map_or(Severity::Error, |r| r.severity)
}
