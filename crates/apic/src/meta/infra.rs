//! Domains and infra containers, the fabric topology and firmware version classes,
//! learned endpoints, and the tag classes that may hang under any object.

use super::types::*;

const TEXT: PropType = PropType::Text { max: 512 };

pub(super) const CLASSES: &[ClassMeta] = &[
    ClassMeta::policy(
        "infraInfra",
        "infra",
        &["polUni"],
        &[cfg("name", OPT_NAME, "")],
    )
    .auto(),
    ClassMeta::policy(
        "vmmProvP",
        "vmmp-{vendor}",
        &["polUni"],
        &[naming(
            "vendor",
            PropType::Enum(&[
                "CloudFoundry",
                "Kubernetes",
                "Microsoft",
                "Nutanix",
                "OpenShift",
                "OpenStack",
                "Redhat",
                "VMware",
            ]),
        )],
    )
    .auto(),
    ClassMeta::policy(
        "vmmDomP",
        "dom-{name}",
        &["vmmProvP"],
        &[
            name_naming(),
            one_of(
                "mode",
                &[
                    "cf",
                    "default",
                    "k8s",
                    "n1kv",
                    "nsx",
                    "openshift",
                    "ovs",
                    "rancher",
                    "unknown",
                ],
                "default",
            ),
            one_of("enfPref", &["hw", "sw", "unknown"], "hw"),
            one_of("accessMode", &["read-only", "read-write"], "read-write"),
            cfg("mcastAddr", PropType::Text { max: 64 }, "0.0.0.0"),
        ],
    ),
    ClassMeta::policy(
        "vmmCtrlrP",
        "ctrlr-{name}",
        &["vmmDomP"],
        &[
            name_naming(),
            cfg("hostOrIp", PropType::Text { max: 512 }, ""),
            cfg("rootContName", PropType::Text { max: 512 }, ""),
            cfg("dvsVersion", PropType::Text { max: 64 }, "unmanaged"),
            cfg("port", PropType::Int { min: 0, max: 65535 }, "0"),
        ],
    ),
    ClassMeta::policy("physDomP", "phys-{name}", &["polUni"], &[name_naming()]),
    ClassMeta::policy("l3extDomP", "l3dom-{name}", &["polUni"], &[name_naming()]),
    ClassMeta::system("ctrlrInst", "controller", &["polUni"], &[]),
    ClassMeta::system("fabricSetupPol", "setuppol", &["ctrlrInst"], &[]),
    ClassMeta::system(
        "fabricSetupP",
        "setupp-{podId}",
        &["fabricSetupPol"],
        &[
            naming("podId", PropType::Int { min: 1, max: 255 }),
            cfg("tepPool", TEXT, ""),
            cfg("podType", TEXT, "physical"),
        ],
    ),
    ClassMeta::system("fabricTopology", "topology", &[], &[]),
    ClassMeta::system(
        "fabricPod",
        "pod-{id}",
        &["fabricTopology"],
        &[
            naming("id", PropType::Int { min: 1, max: 255 }),
            cfg("podType", TEXT, "physical"),
        ],
    ),
    ClassMeta::system(
        "fabricNode",
        "node-{id}",
        &["fabricPod"],
        &[
            naming("id", PropType::Int { min: 1, max: 16000 }),
            cfg("role", TEXT, "leaf"),
            cfg("name", TEXT, ""),
            cfg("model", TEXT, ""),
            cfg("serial", TEXT, ""),
            cfg("address", TEXT, "0.0.0.0"),
            cfg("fabricSt", TEXT, "active"),
            cfg("version", TEXT, ""),
            cfg("adSt", TEXT, "on"),
        ],
    ),
    ClassMeta::system(
        "topSystem",
        "sys",
        &["fabricNode"],
        &[
            cfg("role", TEXT, "leaf"),
            cfg("name", TEXT, ""),
            cfg("address", TEXT, "0.0.0.0"),
            cfg("version", TEXT, ""),
            cfg("siteId", TEXT, "0"),
            cfg("podId", TEXT, "1"),
            cfg("id", TEXT, ""),
            cfg("serial", TEXT, ""),
            cfg("state", TEXT, "in-service"),
            cfg("fabricDomain", TEXT, ""),
        ],
    ),
    ClassMeta::system(
        "firmwareCtrlrFwStatusCont",
        "ctrlrfwstatuscont",
        &["topSystem"],
        &[],
    ),
    ClassMeta::system(
        "firmwareCtrlrRunning",
        "ctrlrrunning",
        &["firmwareCtrlrFwStatusCont"],
        &[cfg("version", TEXT, ""), cfg("type", TEXT, "controller")],
    ),
    ClassMeta::system(
        "fabricPathEpCont",
        "paths-{nodeId}",
        &["fabricPod"],
        &[naming("nodeId", PropType::Int { min: 1, max: 16000 })],
    ),
    ClassMeta::system(
        "fabricProtPathEpCont",
        "protpaths-{nodeAId}-{nodeBId}",
        &["fabricPod"],
        &[
            naming("nodeAId", PropType::Int { min: 1, max: 16000 }),
            naming("nodeBId", PropType::Int { min: 1, max: 16000 }),
        ],
    ),
    ClassMeta::system(
        "fabricPathEp",
        "pathep-[{name}]",
        &["fabricPathEpCont", "fabricProtPathEpCont"],
        &[
            naming("name", PropType::Text { max: 128 }),
            cfg("lagT", TEXT, "not-aggregated"),
        ],
    ),
    ClassMeta::system(
        "fvCEp",
        "cep-{mac}",
        &["fvAEPg", "l3extInstP"],
        &[
            naming("mac", PropType::Mac),
            cfg("ip", TEXT, "0.0.0.0"),
            cfg("encap", TEXT, "unknown"),
            cfg("name", TEXT, ""),
            cfg("fabricPathDn", TEXT, ""),
        ],
    ),
    ClassMeta::new(
        "tagAnnotation",
        "annotationKey-[{key}]",
        &["*"],
        Kind::Tag,
        &[
            naming("key", PropType::Text { max: 128 }),
            cfg("value", PropType::Text { max: 128 }, ""),
        ],
    ),
    ClassMeta::new(
        "tagTag",
        "tagKey-{key}",
        &["*"],
        Kind::Tag,
        &[
            naming(
                "key",
                PropType::Name {
                    max: 128,
                    required: true,
                },
            ),
            cfg("value", PropType::Text { max: 128 }, ""),
        ],
    ),
];
