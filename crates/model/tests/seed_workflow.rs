//! The seed scenario's schema (`intersite-pbr`) built op by op the way the Ansible
//! modules send it, starting from the POST body of `mso_schema_template`, and compared
//! with `tests/seed_workflow.expected.json` (`UPDATE_EXPECT=1` rewrites it). Re-sending
//! the idempotent steps afterwards must report `modified: false`.

mod common;

use common::*;
use multisite_model::{NoExternalRefs, Schema};
use serde_json::{json, Value};

const SID: &str = "5f0000000000000000000001";

fn r(template: &str, key: &str, name: &str) -> Value {
    json!({"schemaId": SID, "templateName": template, key: name})
}

fn patch(schema: &mut Schema, ops: Value) -> bool {
    match schema.apply_patch(&ops, &NoExternalRefs) {
        Ok(o) => o.modified,
        Err(e) => panic!("{ops}: {e}"),
    }
}

fn steps() -> Vec<Value> {
    let ts = "template-stretched";
    vec![
        json!([{"op": "add", "path": "/templates/-", "value": {"name": "template-site1", "displayName": "template-site1", "tenantId": "tn1"}}]),
        json!([{"op": "add", "path": "/templates/-", "value": {"name": "template-site2", "displayName": "template-site2", "tenantId": "tn1"}}]),
        json!([{"op": "add", "path": "/sites/-", "value": {"siteId": "1", "templateName": ts, "anps": [], "bds": [], "contracts": [], "externalEpgs": [], "intersiteL3outs": [], "serviceGraphs": [], "vrfs": []}}]),
        json!([{"op": "add", "path": "/sites/-", "value": {"siteId": "2", "templateName": ts, "anps": [], "bds": [], "contracts": [], "externalEpgs": [], "intersiteL3outs": [], "serviceGraphs": [], "vrfs": []}}]),
        json!([{"op": "add", "path": "/sites/-", "value": {"siteId": "1", "templateName": "template-site1", "anps": [], "bds": [], "contracts": [], "externalEpgs": [], "intersiteL3outs": [], "serviceGraphs": [], "vrfs": []}}]),
        json!([{"op": "add", "path": "/sites/-", "value": {"siteId": "2", "templateName": "template-site2", "anps": [], "bds": [], "contracts": [], "externalEpgs": [], "intersiteL3outs": [], "serviceGraphs": [], "vrfs": []}}]),
        json!([{"op": "add", "path": "/templates/template-stretched/vrfs/-", "value": {"name": "vrf1", "displayName": "vrf1"}}]),
        json!([{"op": "add", "path": "/templates/template-stretched/bds/-", "value": {"name": "bd-app", "displayName": "bd-app", "l2Stretch": true, "subnets": [], "vrfRef": r(ts, "vrfName", "vrf1")}}]),
        json!([{"op": "add", "path": "/templates/template-stretched/bds/bd-app/subnets/-", "value": {"ip": "10.10.1.1/24", "description": "10.10.1.1/24", "scope": "private", "shared": false, "noDefaultGateway": false, "querier": false, "primary": false, "virtual": false}}]),
        json!([{"op": "add", "path": "/templates/template-stretched/bds/-", "value": {"name": "bd-fw-external", "displayName": "bd-fw-external", "l2Stretch": true, "subnets": [{"ip": "192.168.11.254/24", "scope": "private"}], "vrfRef": r(ts, "vrfName", "vrf1")}}]),
        json!([{"op": "add", "path": "/templates/template-stretched/bds/-", "value": {"name": "bd-fw-internal", "displayName": "bd-fw-internal", "l2Stretch": true, "subnets": [{"ip": "192.168.12.254/24", "scope": "private"}], "vrfRef": r(ts, "vrfName", "vrf1")}}]),
        json!([{"op": "add", "path": "/templates/template-stretched/filters/-", "value": {"name": "icmp", "displayName": "icmp", "description": "", "entries": [{"name": "icmp", "displayName": "icmp", "description": "", "etherType": "ip", "ipProtocol": "icmp", "tcpSessionRules": ["unspecified"], "sourceFrom": "unspecified", "sourceTo": "unspecified", "destinationFrom": "unspecified", "destinationTo": "unspecified", "arpFlag": "unspecified", "stateful": false, "matchOnlyFragments": false}]}}]),
        json!([{"op": "add", "path": "/templates/template-stretched/serviceGraphs/-", "value": {"name": "sg-firewall", "displayName": "sg-firewall", "description": "", "nodeFilter": "allow-all", "serviceGraphRef": {"serviceGraphName": "sg-firewall", "templateName": ts, "schemaId": SID}, "serviceNodes": [{"name": "node1", "index": 1, "serviceNodeTypeId": "0000ffff0000000000000051", "serviceNodeRef": {"serviceNodeName": "node1", "serviceGraphName": "sg-firewall", "templateName": ts, "schemaId": SID}}]}}]),
        json!([{"op": "add", "path": "/templates/template-stretched/contracts/-", "value": {"name": "c1", "displayName": "c1", "filterType": "bothWay", "scope": "context", "filterRelationships": [{"filterRef": r(ts, "filterName", "icmp"), "directives": ["none"]}]}}]),
        json!([{"op": "add", "path": "/templates/template-stretched/contracts/c1/serviceGraphRelationship", "value": {"serviceGraphRef": r(ts, "serviceGraphName", "sg-firewall"), "serviceNodesRelationship": [{"serviceNodeRef": {"schemaId": SID, "templateName": ts, "serviceGraphName": "sg-firewall", "serviceNodeName": "node1"}, "providerConnector": {"connectorType": "general", "bdRef": r(ts, "bdName", "bd-fw-external")}, "consumerConnector": {"connectorType": "general", "bdRef": r(ts, "bdName", "bd-fw-internal")}}]}}]),
        json!([{"op": "add", "path": "/templates/template-stretched/anps/-", "value": {"name": "app", "displayName": "app", "epgs": []}}]),
        json!([{"op": "add", "path": "/templates/template-stretched/anps/app/epgs/-", "value": {"name": "web", "displayName": "web", "bdRef": r(ts, "bdName", "bd-app")}}]),
        json!([{"op": "add", "path": "/templates/template-stretched/anps/app/epgs/web/contractRelationships/-", "value": {"relationshipType": "consumer", "contractRef": {"contractName": "c1", "templateName": ts, "schemaId": SID}}}]),
        json!([{"op": "add", "path": "/templates/template-site1/intersiteL3outs/-", "value": {"name": "l3out-intersite", "displayName": "l3out-intersite", "vrfRef": r(ts, "vrfName", "vrf1")}}]),
        json!([{"op": "add", "path": "/templates/template-stretched/externalEpgs/-", "value": {"name": "extEpg", "displayName": "extEpg", "vrfRef": r(ts, "vrfName", "vrf1")}}]),
        json!([{"op": "add", "path": "/templates/template-stretched/externalEpgs/extEpg/subnets/-", "value": {"ip": "0.0.0.0/0", "scope": ["import-security"], "aggregate": []}}]),
        json!([{"op": "add", "path": "/templates/template-stretched/externalEpgs/extEpg/contractRelationships/-", "value": {"relationshipType": "provider", "contractRef": {"contractName": "c1", "templateName": ts, "schemaId": SID}}}]),
        json!([{"op": "replace", "path": "/sites/1-template-stretched/externalEpgs/extEpg", "value": {"externalEpgRef": r(ts, "externalEpgName", "extEpg"), "l3outDn": "uni/tn-Tenant1/out-l3out-intersite", "routeReachabilityInternetType": "internet", "l3outRef": r("template-site1", "l3outName", "l3out-intersite")}}]),
        site_graph("1", "Site1-FW"),
        site_graph("2", "Site2-FW"),
        site_contract("1", "Site1-FW"),
        site_contract("2", "Site2-FW"),
    ]
}

fn site_graph(site: &str, device: &str) -> Value {
    let ts = "template-stretched";
    json!([{"op": "replace", "path": format!("/sites/{site}-{ts}/serviceGraphs/sg-firewall"), "value": {
        "serviceGraphRef": r(ts, "serviceGraphName", "sg-firewall"),
        "serviceNodes": [{"device": {"dn": format!("uni/tn-Tenant1/lDevVip-{device}"), "funcType": "GoTo"},
                          "serviceNodeRef": {"serviceNodeName": "node1", "serviceGraphName": "sg-firewall", "templateName": ts, "schemaId": SID}}]}}])
}

fn site_contract(site: &str, device: &str) -> Value {
    let ts = "template-stretched";
    let side = |iface: &str| {
        json!({"clusterInterface": {"dn": format!("uni/tn-Tenant1/lDevVip-{device}/lIf-{iface}")},
                                    "redirectPolicy": {"dn": format!("uni/tn-Tenant1/svcCont/svcRedirectPol-{iface}")}})
    };
    json!([{"op": "add", "path": format!("/sites/{site}-{ts}/contracts/c1/serviceGraphRelationship"), "value": {
        "serviceGraphRef": {"schemaId": SID, "serviceGraphName": "sg-firewall", "templateName": ts},
        "serviceNodesRelationship": [{"serviceNodeRef": {"schemaId": SID, "serviceGraphName": "sg-firewall", "serviceNodeName": "node1", "templateName": ts},
                                      "consumerConnector": side("FW-internal"), "providerConnector": side("FW-external")}]}}])
}

#[test]
fn seed_schema_built_op_by_op() {
    let post = json!({"displayName": "intersite-pbr", "templates": [{"name": "template-stretched", "displayName": "template-stretched", "tenantId": "tn1"}], "sites": []});
    let mut schema = Schema::from_client(SID, post, &NoExternalRefs).unwrap();
    for ops in steps() {
        assert!(
            patch(&mut schema, ops.clone()),
            "first run of {ops} must modify"
        );
    }
    let doc = schema.to_json();
    expect_file(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/seed_workflow.expected.json"),
        &pretty(&doc),
    );

    // The modules that always re-send their values are idempotent through `modified`.
    let ts = "template-stretched";
    let resend = [
        json!([{"op": "replace", "path": "/templates/template-stretched/displayName", "value": ts},
               {"op": "replace", "path": "/templates/template-stretched/tenantId", "value": "tn1"}]),
        json!([{"op": "replace", "path": "/templates/template-stretched/anps/app/epgs/web", "value": {
            "name": "web", "displayName": "web", "description": "", "bdRef": r(ts, "bdName", "bd-app"),
            "contractRelationships": [{"relationshipType": "consumer", "contractRef": r(ts, "contractName", "c1")}],
            "subnets": [], "uSegAttrs": [], "selectors": [], "uSegEpg": false, "intraEpg": "unenforced", "proxyArp": false,
            "preferredGroup": false, "mCastSource": false, "epgType": "application"}}]),
        json!([{"op": "replace", "path": "/templates/template-site1/intersiteL3outs/l3out-intersite", "value": {"name": "l3out-intersite", "displayName": "l3out-intersite", "vrfRef": r(ts, "vrfName", "vrf1")}}]),
        site_graph("1", "Site1-FW"),
        json!([{"op": "replace", "path": "/sites/1-template-stretched/externalEpgs/extEpg", "value": {"externalEpgRef": r(ts, "externalEpgName", "extEpg"), "l3outDn": "uni/tn-Tenant1/out-l3out-intersite", "routeReachabilityInternetType": "internet", "l3outRef": r("template-site1", "l3outName", "l3out-intersite")}}]),
        json!([{"op": "replace", "path": "/templates/template-stretched/filters/icmp/entries/icmp/etherType", "value": "ip"}]),
    ];
    for ops in resend {
        assert!(
            !patch(&mut schema, ops.clone()),
            "re-sending {ops} must not modify"
        );
    }
    assert_eq!(schema.to_json(), doc);

    // Typed reads see the scenario.
    let t = schema.template(ts).unwrap();
    assert_eq!(t.bds().count(), 3);
    let c1 = t.contracts().next().unwrap();
    let sgr = c1.service_graph_relationship.as_ref().unwrap();
    assert_eq!(
        sgr.service_nodes_relationship[0]
            .consumer_connector
            .as_ref()
            .unwrap()
            .bd_ref
            .as_ref()
            .unwrap()
            .name(),
        "bd-fw-internal"
    );
    let site2 = schema
        .site_entries_of(ts)
        .find(|s| s.header().unwrap().site_id.as_str() == "2")
        .unwrap();
    let dev = site2.service_graphs().next().unwrap().service_nodes[0]
        .device
        .as_ref()
        .unwrap();
    assert_eq!(dev.dn, "uni/tn-Tenant1/lDevVip-Site2-FW");
    assert_eq!(schema.site_entries_of("template-site1").count(), 1);
}
