//! L4-L7 devices and policy-based redirect: device clusters, concrete devices and
//! interfaces, cluster interfaces, the `svcCont` container, redirect policies and
//! destinations, health groups and IP SLA monitoring policies.

use super::types::*;

const FUNC_TYPE: PropType = PropType::Enum(&["GoThrough", "GoTo", "L1", "L2", "None"]);
const POD_ID: PropMeta = cfg("podId", PropType::Int { min: 1, max: 255 }, "1");
const WEIGHT: PropMeta = cfg("weight", PropType::Int { min: 1, max: 10 }, "1");

pub(super) const CLASSES: &[ClassMeta] = &[
    ClassMeta::policy(
        "vnsLDevVip",
        "lDevVip-{name}",
        &["fvTenant"],
        &[
            name_naming(),
            yes_no("managed", "yes"),
            one_of(
                "svcType",
                &["ADC", "COPY", "FW", "NATIVELB", "OTHERS"],
                "OTHERS",
            ),
            one_of("devtype", &["CLOUD", "PHYSICAL", "VIRTUAL"], "PHYSICAL"),
            cfg("funcType", FUNC_TYPE, "GoTo"),
            one_of(
                "contextAware",
                &["multi-Context", "single-Context"],
                "single-Context",
            ),
            yes_no("isCopy", "no"),
            yes_no("trunking", "no"),
            yes_no("promMode", "no"),
            yes_no("activeActive", "no"),
            one_of("mode", &["legacy-Mode"], "legacy-Mode"),
            cfg("packageModel", PropType::Text { max: 512 }, ""),
        ],
    ),
    ClassMeta::dn_rel(
        "vnsRsALDevToPhysDomP",
        "rsALDevToPhysDomP",
        &["vnsLDevVip"],
        &[TDN_CFG],
        "physDomP",
    ),
    ClassMeta::dn_rel(
        "vnsRsALDevToDomP",
        "rsALDevToDomP",
        &["vnsLDevVip"],
        &[
            TDN_CFG,
            one_of("switchingMode", &["AVE", "native"], "native"),
        ],
        "vmmDomP",
    ),
    ClassMeta::policy(
        "vnsCDev",
        "cDev-{name}",
        &["vnsLDevVip"],
        &[
            name_naming(),
            cfg("vmName", PropType::Text { max: 512 }, ""),
            cfg("vcenterName", PropType::Text { max: 512 }, ""),
            cfg("devCtxLbl", PropType::Text { max: 512 }, ""),
            cfg("host", PropType::Text { max: 512 }, ""),
            cfg("cloneCount", PropType::Int { min: 0, max: 65535 }, "0"),
            yes_no("isCloneOperation", "no"),
            yes_no("isTemplate", "no"),
        ],
    ),
    ClassMeta::policy(
        "vnsCIf",
        "cIf-[{name}]",
        &["vnsCDev"],
        &[
            naming("name", PropType::Text { max: 128 }),
            cfg("vnicName", PropType::Text { max: 512 }, ""),
            cfg("encap", PropType::Encap, "unknown"),
        ],
    ),
    ClassMeta::dn_rel(
        "vnsRsCIfPathAtt",
        "rsCIfPathAtt",
        &["vnsCIf"],
        &[TDN_CFG],
        "fabricPathEp",
    ),
    ClassMeta::policy(
        "vnsLIf",
        "lIf-{name}",
        &["vnsLDevVip"],
        &[
            name_naming(),
            cfg("encap", PropType::Encap, "unknown"),
            cfg("lagPolicyName", PropType::Text { max: 512 }, ""),
        ],
    ),
    ClassMeta::dn_rel(
        "vnsRsCIfAttN",
        "rscIfAttN-[{tDn}]",
        &["vnsLIf"],
        &[TDN],
        "vnsCIf",
    ),
    ClassMeta::policy("vnsSvcCont", "svcCont", &["fvTenant"], &[]).auto(),
    ClassMeta::policy(
        "vnsSvcRedirectPol",
        "svcRedirectPol-{name}",
        &["vnsSvcCont"],
        &[
            name_naming(),
            one_of("destType", &["L1", "L2", "L3"], "L3"),
            one_of(
                "hashingAlgorithm",
                &["dip", "sip", "sip-dip-prototype"],
                "sip-dip-prototype",
            ),
            yes_no("resilientHashEnabled", "no"),
            yes_no("AnycastEnabled", "no"),
            yes_no("programLocalPodOnly", "no"),
            yes_no("thresholdEnable", "no"),
            cfg(
                "minThresholdPercent",
                PropType::Int { min: 0, max: 100 },
                "0",
            ),
            cfg(
                "maxThresholdPercent",
                PropType::Int { min: 0, max: 100 },
                "0",
            ),
            one_of(
                "thresholdDownAction",
                &["bypass", "deny", "permit"],
                "permit",
            ),
            yes_no("srcMacRewriteEnabled", "no"),
        ],
    ),
    ClassMeta::dn_rel(
        "vnsRsIPSLAMonitoringPol",
        "rsIPSLAMonitoringPol",
        &["vnsSvcRedirectPol"],
        &[TDN_CFG],
        "fvIPSLAMonitoringPol",
    ),
    ClassMeta::policy(
        "vnsRedirectDest",
        "RedirectDest_ip-[{ip}]",
        &["vnsSvcRedirectPol"],
        &[
            naming("ip", PropType::Ip),
            cfg("name", OPT_NAME, ""),
            cfg("mac", PropType::MacOr(""), ""),
            cfg("ip2", PropType::Ip, "0.0.0.0"),
            POD_ID,
            cfg("destName", OPT_NAME, ""),
            WEIGHT,
        ],
    ),
    ClassMeta::dn_rel(
        "vnsRsRedirectHealthGroup",
        "rsRedirectHealthGroup",
        &["vnsRedirectDest"],
        &[TDN_CFG],
        "vnsRedirectHealthGroup",
    ),
    ClassMeta::policy(
        "vnsL1L2RedirectDest",
        "L1L2RedirectDest-{destName}",
        &["vnsSvcRedirectPol"],
        &[
            naming(
                "destName",
                PropType::Name {
                    max: 64,
                    required: true,
                },
            ),
            cfg("name", OPT_NAME, ""),
            cfg("mac", PropType::MacOr(""), ""),
            POD_ID,
            WEIGHT,
        ],
    ),
    ClassMeta::dn_rel(
        "vnsRsToCIf",
        "rsToCIf",
        &["vnsL1L2RedirectDest"],
        &[TDN_CFG],
        "vnsCIf",
    ),
    ClassMeta::dn_rel(
        "vnsRsL1L2RedirectHealthGroup",
        "rsL1L2RedirectHealthGroup",
        &["vnsL1L2RedirectDest"],
        &[TDN_CFG],
        "vnsRedirectHealthGroup",
    ),
    ClassMeta::policy(
        "vnsRedirectHealthGroup",
        "redirectHealthGroup-{name}",
        &["vnsSvcCont"],
        &[name_naming()],
    ),
    ClassMeta::policy(
        "fvIPSLAMonitoringPol",
        "ipslaMonitoringPol-{name}",
        &["fvTenant"],
        &[
            name_naming(),
            one_of("slaType", &["http", "icmp", "l2ping", "tcp"], "icmp"),
            cfg("slaPort", PropType::Int { min: 0, max: 65535 }, "0"),
            cfg("slaFrequency", PropType::Int { min: 1, max: 300 }, "60"),
            cfg(
                "slaDetectMultiplier",
                PropType::Int { min: 1, max: 100 },
                "3",
            ),
            cfg("reqDataSize", PropType::Int { min: 0, max: 17512 }, "28"),
            cfg("ipv4Tos", PropType::Int { min: 0, max: 255 }, "0"),
            cfg("ipv6TrfClass", PropType::Int { min: 0, max: 255 }, "0"),
            cfg(
                "threshold",
                PropType::Int {
                    min: 0,
                    max: 604800000,
                },
                "900",
            ),
            cfg(
                "timeout",
                PropType::Int {
                    min: 0,
                    max: 604800000,
                },
                "900",
            ),
            one_of("httpVersion", &["HTTP10", "HTTP11"], "HTTP10"),
            cfg("httpUri", PropType::Text { max: 512 }, ""),
            one_of("httpMethod", &["get"], "get"),
        ],
    ),
];
