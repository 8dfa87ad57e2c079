//! The schema document's shapes: templates with their objects and the per-site entries.

use serde_json::{json, Value};

use super::components::{arr, list, obj, r};

/// The schema document: templates with their objects and the per-site entries (NDO's
/// shape; references are strings on the way out and accepted as objects on the way in).
pub(super) fn schemas() -> Vec<(&'static str, Value)> {
    let s = json!({"type": "string"});
    let b = json!({"type": "boolean"});
    let strings = arr(s.clone());
    let objects = arr(json!({"type": "object"}));
    let rf = r("Ref");
    let named = |extra: Value, req: &[&str]| {
        let mut props = json!({"name": s, "displayName": s, "description": s});
        if let (Some(p), Value::Object(e)) = (props.as_object_mut(), extra) {
            p.extend(e);
        }
        let mut required = vec!["name"];
        required.extend_from_slice(req);
        obj(props, &required)
    };
    let relationships = arr(obj(
        json!({"relationshipType": {"type": "string", "enum": ["consumer", "provider"]}, "contractRef": rf}),
        &["relationshipType", "contractRef"],
    ));
    let filter_rels = arr(r("FilterRelationship"));
    vec![
        (
            "Ref",
            json!({
                "description": "A reference to a template object. Stored and returned as `/schemas/{schemaId}/templates/{templateName}/<collection>/<name>` (L3Outs use `l3outs`); accepted on input as an object with `schemaId`, `templateName` and `<kind>Name`.",
                "oneOf": [
                    {"type": "string", "pattern": "^/schemas/[^/]+/templates/[^/]+/.+$"},
                    {"type": "object", "properties": {"schemaId": s, "templateName": s}, "required": ["schemaId", "templateName"]},
                ],
            }),
        ),
        (
            "Schema",
            obj(
                json!({
                    "id": {"type": "string", "readOnly": true}, "displayName": s, "description": s,
                    "_updateVersion": {"type": "integer", "description": "Bumped on every change; a PUT carrying a stale one is a 409"},
                    "templates": arr(r("Template")), "sites": arr(r("SiteEntry")),
                }),
                &["displayName"],
            ),
        ),
        ("SchemaList", list("schemas", "Schema")),
        (
            "SchemaCreate",
            obj(
                json!({
                    "displayName": s, "description": s,
                    "templates": arr(obj(json!({"name": s, "displayName": s, "tenantId": s}), &["name", "tenantId"])),
                    "sites": arr(r("SiteEntry")),
                }),
                &["displayName"],
            ),
        ),
        (
            "SchemaIdentity",
            obj(
                json!({
                    "id": s, "displayName": s, "description": s,
                    "templates": arr(obj(json!({"name": s, "displayName": s, "templateID": s, "tenantId": s, "templateType": s}), &["name"])),
                }),
                &["id", "displayName"],
            ),
        ),
        ("SchemaIdentityList", list("schemas", "SchemaIdentity")),
        (
            "Template",
            named(
                json!({
                    "tenantId": s, "templateID": {"type": "string", "readOnly": true},
                    "templateType": {"type": "string", "enum": ["stretched-template", "non-stretched-template"]},
                    "vrfs": arr(r("Vrf")), "bds": arr(r("Bd")), "anps": arr(r("Anp")), "contracts": arr(r("Contract")),
                    "filters": arr(r("Filter")), "externalEpgs": arr(r("ExternalEpg")),
                    "intersiteL3outs": arr(r("IntersiteL3out")), "serviceGraphs": arr(r("ServiceGraph")),
                }),
                &["tenantId"],
            ),
        ),
        (
            "Vrf",
            named(
                json!({"vrfRef": rf, "l3MCast": b, "vzAnyEnabled": b, "preferredGroup": b, "ipDataPlaneLearning": s, "vzAnyConsumerContracts": objects, "vzAnyProviderContracts": objects, "rpConfigs": objects}),
                &[],
            ),
        ),
        (
            "Subnet",
            obj(
                json!({"ip": {"type": "string", "description": "Gateway address with prefix length"}, "description": s, "scope": {"type": "string", "enum": ["private", "public"]}, "shared": b, "noDefaultGateway": b, "querier": b, "primary": b, "virtual": b}),
                &["ip"],
            ),
        ),
        (
            "Bd",
            named(
                json!({
                    "bdRef": rf, "vrfRef": rf, "subnets": arr(r("Subnet")), "l2Stretch": b, "intersiteBumTrafficAllow": b,
                    "optimizeWanBandwidth": b, "l2UnknownUnicast": {"type": "string", "enum": ["flood", "proxy"]}, "l3MCast": b,
                    "unkMcastAct": s, "v6unkMcastAct": s, "multiDstPktAct": s, "arpFlood": b, "unicastRouting": b, "dhcpLabels": objects,
                }),
                &["vrfRef"],
            ),
        ),
        (
            "Anp",
            named(json!({"anpRef": rf, "epgs": arr(r("Epg"))}), &[]),
        ),
        (
            "Epg",
            named(
                json!({
                    "epgRef": rf, "bdRef": {"description": "The EPG's BD; `\"\"` when unset", "oneOf": [rf, {"type": "string", "const": ""}]},
                    "vrfRef": rf, "contractRelationships": relationships, "subnets": arr(r("Subnet")), "uSegAttrs": objects, "selectors": objects,
                    "uSegEpg": b, "intraEpg": s, "proxyArp": b, "preferredGroup": b, "mCastSource": b, "epgType": s,
                }),
                &[],
            ),
        ),
        (
            "FilterRelationship",
            obj(
                json!({"filterRef": rf, "directives": {"type": "array", "items": s, "default": ["none"]}, "action": {"type": "string", "enum": ["permit", "deny"]}, "priorityOverride": s}),
                &["filterRef"],
            ),
        ),
        (
            "ConnectorRelationship",
            obj(
                json!({
                    "serviceNodeRef": rf,
                    "providerConnector": {"type": "object", "description": "Template level: `connectorType` and `bdRef`; site level: `clusterInterface.dn`, `redirectPolicy.dn` and `subnets`"},
                    "consumerConnector": {"type": "object", "description": "As `providerConnector`"},
                }),
                &["serviceNodeRef"],
            ),
        ),
        (
            "ServiceGraphRelationship",
            obj(
                json!({"serviceGraphRef": rf, "serviceNodesRelationship": arr(r("ConnectorRelationship"))}),
                &["serviceGraphRef"],
            ),
        ),
        (
            "Contract",
            named(
                json!({
                    "contractRef": rf, "filterType": {"type": "string", "enum": ["bothWay", "oneWay"]},
                    "scope": {"type": "string", "enum": ["context", "tenant", "application-profile", "global"], "default": "context"},
                    "prio": s, "filterRelationships": filter_rels, "filterRelationshipsConsumerToProvider": filter_rels,
                    "filterRelationshipsProviderToConsumer": filter_rels, "serviceGraphRelationship": r("ServiceGraphRelationship"),
                }),
                &[],
            ),
        ),
        (
            "FilterEntry",
            named(
                json!({
                    "etherType": s, "ipProtocol": s, "tcpSessionRules": strings, "sourceFrom": s, "sourceTo": s,
                    "destinationFrom": s, "destinationTo": s, "arpFlag": s, "stateful": b, "matchOnlyFragments": b,
                }),
                &[],
            ),
        ),
        (
            "Filter",
            named(
                json!({"filterRef": rf, "entries": arr(r("FilterEntry"))}),
                &[],
            ),
        ),
        (
            "ExternalEpg",
            named(
                json!({
                    "externalEpgRef": rf, "vrfRef": rf, "l3outRef": rf, "extEpgType": {"type": "string", "default": "on-premise"},
                    "contractRelationships": relationships,
                    "subnets": arr(obj(json!({"ip": s, "scope": strings, "aggregate": strings}), &["ip"])),
                    "selectors": objects, "preferredGroup": b, "qosPriority": {"type": "string", "default": "unspecified"},
                }),
                &[],
            ),
        ),
        (
            "IntersiteL3out",
            named(json!({"l3outRef": rf, "vrfRef": rf}), &[]),
        ),
        (
            "ServiceNode",
            obj(
                json!({"name": s, "index": {"type": "integer"}, "serviceNodeTypeId": s, "serviceNodeRef": rf}),
                &["name", "serviceNodeTypeId"],
            ),
        ),
        (
            "ServiceGraph",
            named(
                json!({"serviceGraphRef": rf, "nodeFilter": s, "serviceNodes": arr(r("ServiceNode"))}),
                &[],
            ),
        ),
        (
            "SiteEntry",
            obj(
                json!({
                    "siteId": s, "templateName": s, "templateID": s,
                    "vrfs": objects, "bds": objects, "anps": objects,
                    "contracts": {"type": "array", "items": obj(json!({"contractRef": rf, "serviceGraphRelationship": r("ServiceGraphRelationship")}), &["contractRef"])},
                    "externalEpgs": objects, "intersiteL3outs": objects,
                    "serviceGraphs": {"type": "array", "items": obj(json!({"serviceGraphRef": rf, "serviceNodes": arr(obj(json!({"serviceNodeRef": rf, "device": obj(json!({"dn": s, "funcType": s}), &["dn"])}), &["serviceNodeRef"]))}), &["serviceGraphRef"])},
                }),
                &["siteId", "templateName"],
            ),
        ),
    ]
}
