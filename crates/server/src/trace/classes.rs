//! The APIC classes a trace reads from every site: the policy classes the fabric
//! simulator indexes, the ones service nodes are placed from, and the fabric inventory a
//! real APIC's topology and endpoints are derived from. Each is one class query.

/// Tenant policy: what the fabric simulator reads to classify, route, enforce and redirect.
pub const POLICY_CLASSES: &[&str] = &[
    "fvTenant",
    "fvCtx",
    "fvBD",
    "fvRsCtx",
    "fvSubnet",
    "fvAp",
    "fvAEPg",
    "fvRsBd",
    "fvRsCons",
    "fvRsProv",
    "vzBrCP",
    "vzSubj",
    "vzInTerm",
    "vzOutTerm",
    "vzRsSubjFiltAtt",
    "vzRsFiltAtt",
    "vzRsSubjGraphAtt",
    "vzRsInTermGraphAtt",
    "vzRsOutTermGraphAtt",
    "vzFilter",
    "vzEntry",
    "l3extOut",
    "l3extRsEctx",
    "l3extLNodeP",
    "l3extRsNodeL3OutAtt",
    "l3extInstP",
    "l3extSubnet",
    "vnsAbsGraph",
    "vnsAbsNode",
    "vnsLDevVip",
    "vnsLIf",
    "vnsRsCIfAttN",
    "vnsLDevCtx",
    "vnsRsLDevCtxToLDev",
    "vnsLIfCtx",
    "vnsRsLIfCtxToLIf",
    "vnsRsLIfCtxToSvcRedirectPol",
    "vnsSvcRedirectPol",
    "vnsRedirectDest",
    "vnsRsRedirectHealthGroup",
];

/// Where service appliances are: concrete devices, their interfaces and the leaf ports
/// those attach to.
pub const SERVICE_CLASSES: &[&str] = &["vnsCDev", "vnsCIf", "vnsRsCIfPathAtt"];

/// The fabric inventory read from a real APIC (an emulated site reports its topology
/// through its control endpoint instead).
pub const INVENTORY_CLASSES: &[&str] = &["fabricNode", "fabricSetupP", "fvCEp", "fvRsCEpToPathEp"];
