//! Service graph templates (terminal nodes, function nodes, connectors, connections)
//! and device selection policies with their logical interface contexts.

use super::types::*;

const TERM_NODE_CHILD: &[&str] = &["vnsAbsTermNodeCon", "vnsAbsTermNodeProv"];

pub(super) const CLASSES: &[ClassMeta] = &[
    ClassMeta::policy(
        "vnsAbsGraph",
        "AbsGraph-{name}",
        &["fvTenant"],
        &[
            name_naming(),
            one_of("type", &["cloud", "legacy"], "legacy"),
            one_of(
                "uiTemplateType",
                &[
                    "NDO_IMPLICIT_TEMPLATE",
                    "ONE_NODE_ADC_ONE_ARM",
                    "ONE_NODE_ADC_ONE_ARM_L3EXT",
                    "ONE_NODE_ADC_TWO_ARM",
                    "ONE_NODE_FW_ROUTED",
                    "ONE_NODE_FW_TRANS",
                    "TWO_NODE_FW_ROUTED_ADC_ONE_ARM",
                    "TWO_NODE_FW_ROUTED_ADC_ONE_ARM_L3EXT",
                    "TWO_NODE_FW_ROUTED_ADC_TWO_ARM",
                    "TWO_NODE_FW_TRANS_ADC_ONE_ARM",
                    "TWO_NODE_FW_TRANS_ADC_ONE_ARM_L3EXT",
                    "TWO_NODE_FW_TRANS_ADC_TWO_ARM",
                    "UNSPECIFIED",
                ],
                "UNSPECIFIED",
            ),
            one_of("svcRuleType", &["epg", "subnet", "vrf"], "vrf"),
            one_of(
                "filterBetweenNodes",
                &["allow-all", "filters-from-contract"],
                "allow-all",
            ),
        ],
    ),
    ClassMeta::policy(
        "vnsAbsTermNodeCon",
        "AbsTermNodeCon-{name}",
        &["vnsAbsGraph"],
        &[name_naming()],
    ),
    ClassMeta::policy(
        "vnsAbsTermNodeProv",
        "AbsTermNodeProv-{name}",
        &["vnsAbsGraph"],
        &[name_naming()],
    ),
    ClassMeta::policy(
        "vnsAbsTermConn",
        "AbsTConn",
        TERM_NODE_CHILD,
        &[cfg("name", OPT_NAME, ""), yes_no("attNotify", "no")],
    ),
    ClassMeta::policy(
        "vnsInTerm",
        "intmnl",
        TERM_NODE_CHILD,
        &[cfg("name", OPT_NAME, "")],
    ),
    ClassMeta::policy(
        "vnsOutTerm",
        "outtmnl",
        TERM_NODE_CHILD,
        &[cfg("name", OPT_NAME, "")],
    ),
    ClassMeta::policy(
        "vnsAbsNode",
        "AbsNode-{name}",
        &["vnsAbsGraph"],
        &[
            name_naming(),
            one_of(
                "funcTemplateType",
                &[
                    "ADC_ONE_ARM",
                    "ADC_TWO_ARM",
                    "CLOUD_NATIVE_FW",
                    "CLOUD_NATIVE_LB",
                    "CLOUD_VENDOR_FW",
                    "CLOUD_VENDOR_LB",
                    "FW_ROUTED",
                    "FW_TRANS",
                    "OTHER",
                ],
                "OTHER",
            ),
            one_of(
                "funcType",
                &["GoThrough", "GoTo", "L1", "L2", "None"],
                "GoTo",
            ),
            one_of("routingMode", &["Redirect", "unspecified"], "unspecified"),
            yes_no("managed", "yes"),
            yes_no("isCopy", "no"),
            yes_no("shareEncap", "no"),
            cfg(
                "sequenceNumber",
                PropType::Int {
                    min: 0,
                    max: 4294967295,
                },
                "0",
            ),
        ],
    ),
    ClassMeta::policy(
        "vnsAbsFuncConn",
        "AbsFConn-{name}",
        &["vnsAbsNode"],
        &[
            name_naming(),
            one_of(
                "connType",
                &["dnat", "none", "redir", "snat", "snat_dnat"],
                "none",
            ),
            yes_no("attNotify", "no"),
            cfg("deviceLIfName", PropType::Text { max: 128 }, ""),
        ],
    ),
    ClassMeta::dn_rel(
        "vnsRsNodeToLDev",
        "rsNodeToLDev",
        &["vnsAbsNode"],
        &[TDN_CFG],
        "vnsLDevVip",
    ),
    ClassMeta::policy(
        "vnsAbsConnection",
        "AbsConnection-{name}",
        &["vnsAbsGraph"],
        &[
            name_naming(),
            one_of("connType", &["external", "internal"], "external"),
            one_of("adjType", &["L2", "L3"], "L2"),
            one_of("connDir", &["consumer", "provider"], "provider"),
            yes_no("unicastRoute", "yes"),
            yes_no("directConnect", "no"),
        ],
    ),
    ClassMeta::dn_rel(
        "vnsRsAbsConnectionConns",
        "rsabsConnectionConns-[{tDn}]",
        &["vnsAbsConnection"],
        &[TDN],
        "",
    ),
    ClassMeta::policy(
        "vnsLDevCtx",
        "ldevCtx-c-{ctrctNameOrLbl}-g-{graphNameOrLbl}-n-{nodeNameOrLbl}",
        &["fvTenant"],
        &[
            naming(
                "ctrctNameOrLbl",
                PropType::Name {
                    max: 64,
                    required: true,
                },
            ),
            naming(
                "graphNameOrLbl",
                PropType::Name {
                    max: 64,
                    required: true,
                },
            ),
            naming(
                "nodeNameOrLbl",
                PropType::Name {
                    max: 64,
                    required: true,
                },
            ),
            cfg("context", PropType::Text { max: 64 }, ""),
        ],
    ),
    ClassMeta::dn_rel(
        "vnsRsLDevCtxToLDev",
        "rsLDevCtxToLDev",
        &["vnsLDevCtx"],
        &[TDN_CFG],
        "vnsLDevVip",
    ),
    ClassMeta::policy(
        "vnsLIfCtx",
        "lIfCtx-c-{connNameOrLbl}",
        &["vnsLDevCtx"],
        &[
            naming(
                "connNameOrLbl",
                PropType::Name {
                    max: 64,
                    required: true,
                },
            ),
            yes_no("l3Dest", "yes"),
            yes_no("permitLog", "no"),
            yes_no("acl", "no"),
            yes_no("permitHandoff", "no"),
            yes_no("ruleType", "no"),
        ],
    ),
    ClassMeta::dn_rel(
        "vnsRsLIfCtxToBD",
        "rsLIfCtxToBD",
        &["vnsLIfCtx"],
        &[TDN_CFG],
        "fvBD",
    ),
    ClassMeta::dn_rel(
        "vnsRsLIfCtxToInstP",
        "rsLIfCtxToInstP",
        &["vnsLIfCtx"],
        &[
            TDN_CFG,
            cfg(
                "redistribute",
                PropType::Bits(&["bgp", "connected", "ospf", "static"]),
                "",
            ),
        ],
        "l3extInstP",
    ),
    ClassMeta::dn_rel(
        "vnsRsLIfCtxToLIf",
        "rsLIfCtxToLIf",
        &["vnsLIfCtx"],
        &[TDN_CFG],
        "vnsLIf",
    ),
    ClassMeta::dn_rel(
        "vnsRsLIfCtxToSvcRedirectPol",
        "rsLIfCtxToSvcRedirectPol",
        &["vnsLIfCtx"],
        &[TDN_CFG],
        "vnsSvcRedirectPol",
    ),
];
