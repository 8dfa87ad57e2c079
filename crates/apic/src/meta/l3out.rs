//! L3Outs: the L3Out itself, its VRF and domain relations, routing protocol profiles,
//! node and interface profiles, external EPGs and their subnets.

use super::types::*;

const TAG: PropMeta = cfg("tag", PropType::Text { max: 64 }, "yellow-green");

pub(super) const CLASSES: &[ClassMeta] = &[
    ClassMeta::policy(
        "l3extOut",
        "out-{name}",
        &["fvTenant"],
        &[
            name_naming(),
            cfg(
                "enforceRtctrl",
                PropType::Bits(&["export", "import"]),
                "export",
            ),
            cfg("targetDscp", DSCP, "unspecified"),
            yes_no("mplsEnabled", "no"),
        ],
    )
    .implicit(&["l3extRsEctx"]),
    ClassMeta::named_rel(
        "l3extRsEctx",
        "rsectx",
        &["l3extOut"],
        &[cfg("tnFvCtxName", OPT_NAME, "")],
        "tnFvCtxName",
        "fvCtx",
        "ctx-",
    ),
    ClassMeta::dn_rel(
        "l3extRsL3DomAtt",
        "rsl3DomAtt",
        &["l3extOut"],
        &[TDN_CFG],
        "l3extDomP",
    ),
    ClassMeta::policy("bgpExtP", "bgpExtP", &["l3extOut"], &[]),
    ClassMeta::policy(
        "ospfExtP",
        "ospfExtP",
        &["l3extOut"],
        &[
            cfg("areaId", PropType::Text { max: 64 }, "backbone"),
            one_of("areaType", &["nssa", "regular", "stub"], "nssa"),
            cfg(
                "areaCost",
                PropType::Int {
                    min: 1,
                    max: 16777215,
                },
                "1",
            ),
            cfg(
                "areaCtrl",
                PropType::Bits(&["redistribute", "summary", "suppress-fa", "unspecified"]),
                "redistribute,summary",
            ),
            yes_no("multipodInternal", "no"),
        ],
    ),
    ClassMeta::policy(
        "eigrpExtP",
        "eigrpExtP",
        &["l3extOut"],
        &[cfg("asn", PropType::Int { min: 1, max: 65535 }, "1")],
    ),
    ClassMeta::policy(
        "pimExtP",
        "pimextp",
        &["l3extOut"],
        &[cfg(
            "enabledAf",
            PropType::Bits(&["ipv4-mcast", "ipv6-mcast"]),
            "ipv4-mcast",
        )],
    ),
    ClassMeta::policy(
        "l3extLNodeP",
        "lnodep-{name}",
        &["l3extOut"],
        &[name_naming(), TAG, cfg("targetDscp", DSCP, "unspecified")],
    ),
    ClassMeta::dn_rel(
        "l3extRsNodeL3OutAtt",
        "rsnodeL3OutAtt-[{tDn}]",
        &["l3extLNodeP"],
        &[
            TDN,
            cfg("rtrId", PropType::Text { max: 64 }, ""),
            yes_no("rtrIdLoopBack", "yes"),
        ],
        "fabricNode",
    ),
    ClassMeta::policy(
        "l3extLIfP",
        "lifp-{name}",
        &["l3extLNodeP"],
        &[name_naming(), cfg("prio", PRIO, "unspecified"), TAG],
    ),
    ClassMeta::dn_rel(
        "l3extRsPathL3OutAtt",
        "rspathL3OutAtt-[{tDn}]",
        &["l3extLIfP"],
        &[
            TDN,
            one_of(
                "ifInstT",
                &["ext-svi", "l3-port", "sub-interface", "unspecified"],
                "unspecified",
            ),
            cfg("addr", PropType::Ip, "0.0.0.0"),
            cfg("encap", PropType::Encap, "unknown"),
            one_of("encapScope", &["ctx", "local"], "local"),
            one_of("mode", &["native", "regular", "untagged"], "regular"),
            cfg("mtu", PropType::Text { max: 16 }, "inherit"),
            cfg("mac", PropType::Mac, "00:22:BD:F8:19:FF"),
            cfg("llAddr", PropType::Ip, "::"),
            cfg("autostate", ENABLED, "disabled"),
            cfg("ipv6Dad", ENABLED, "enabled"),
            cfg("targetDscp", DSCP, "unspecified"),
        ],
        "fabricPathEp",
    ),
    ClassMeta::policy(
        "l3extInstP",
        "instP-{name}",
        &["l3extOut"],
        &[
            name_naming(),
            cfg("prio", PRIO, "unspecified"),
            one_of("prefGrMemb", &["exclude", "include"], "exclude"),
            one_of("pcEnfPref", &["enforced", "unenforced"], "unenforced"),
            cfg("floodOnEncap", ENABLED, "disabled"),
            cfg("matchT", MATCH_T, "AtleastOne"),
            cfg("targetDscp", DSCP, "unspecified"),
            cfg("exceptionTag", PropType::Text { max: 512 }, ""),
            ro("pcTag", ""),
        ],
    )
    .alloc(Alloc::PcTag),
    ClassMeta::policy(
        "l3extSubnet",
        "extsubnet-[{ip}]",
        &["l3extInstP"],
        &[
            naming("ip", PropType::Ip),
            cfg("name", OPT_NAME, ""),
            cfg(
                "scope",
                PropType::Bits(&[
                    "export-rtctrl",
                    "import-rtctrl",
                    "import-security",
                    "shared-rtctrl",
                    "shared-security",
                ]),
                "import-security",
            ),
            cfg(
                "aggregate",
                PropType::Bits(&["export-rtctrl", "import-rtctrl", "shared-rtctrl"]),
                "",
            ),
        ],
    ),
];
