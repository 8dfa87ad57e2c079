//! The shapes of traces (request, reply, the simulator's trace) and of deploys (tasks,
//! jobs, status, policy states, dry-run plans, import from a site).

use serde_json::{json, Value};

use super::components::{arr, list, obj, r};

/// The trace request and reply, and the emulated sites' endpoints.
pub(super) fn trace_schemas() -> Vec<(&'static str, Value)> {
    let s = json!({"type": "string"});
    let ipv4 = json!({"type": "string", "format": "ipv4"});
    let port = json!({"type": "integer", "minimum": 0, "maximum": 65535});
    let health = json!({"type": "string", "enum": ["up", "down"]});
    let protocol = json!({"oneOf": [{"type": "string", "enum": ["icmp", "tcp", "udp"]}, {"type": "object", "properties": {"number": {"type": "integer", "minimum": 0, "maximum": 255}}, "required": ["number"]}]});
    let mut request = obj(
        json!({
            "src": ipv4, "dst": ipv4,
            "protocol": {"description": "`icmp` (the default), `tcp`, `udp` or a protocol number", "oneOf": [s, {"type": "integer", "minimum": 0, "maximum": 255}]},
            "sport": {"type": "integer", "minimum": 0, "maximum": 65535, "description": "Defaults to 0; only with tcp and udp"},
            "dport": {"type": "integer", "minimum": 0, "maximum": 65535, "description": "Required with tcp and udp; refused with the others"},
            "whatIf": {"type": "array", "description": "Changes applied before tracing, in order", "items": {"oneOf": [
                {"type": "string", "examples": ["l3out site2 uni/tn-Tenant1/out-l3out-site2 down", "destination site2 192.168.11.2 down"]},
                r("StateChange"),
            ]}},
            "schema": {"type": "string", "description": "What if this schema (name or id) were deployed as it is now: its rendered objects are laid over what the sites hold"},
        }),
        &["src", "dst"],
    );
    request["additionalProperties"] = json!(false);
    let mut endpoint_create = obj(
        json!({"site": {"type": "string", "description": "Site name"}, "name": s, "ip": ipv4, "mac": s, "epg": {"type": "string", "description": "EPG DN"}, "leaf": {"type": "integer"}, "interface": s}),
        &["site", "name", "ip", "mac", "epg", "leaf"],
    );
    endpoint_create["additionalProperties"] = json!(false);
    vec![
        ("TraceRequest", request),
        (
            "StateChange",
            json!({"oneOf": [
                obj(json!({"kind": {"const": "l3out"}, "site": s, "dn": s, "health": health}), &["kind", "site", "dn", "health"]),
                obj(json!({"kind": {"const": "destination"}, "site": s, "ip": ipv4, "health": health}), &["kind", "site", "ip", "health"]),
            ]}),
        ),
        (
            "TraceReply",
            obj(
                json!({
                    "flow": {"type": "string", "examples": ["203.0.113.10:40000 -> 10.10.1.12:443 tcp"]},
                    "whatIf": {"type": "array", "items": s, "description": "The changes applied, in text form"},
                    "trace": r("Trace"),
                    "text": {"type": "string", "description": "The trace as numbered text"},
                    "notes": {"type": "array", "items": s, "description": "What could not be placed in the traced fabric"},
                }),
                &["flow", "whatIf", "trace", "text", "notes"],
            ),
        ),
        (
            "Trace",
            obj(
                json!({
                    "flow": obj(json!({"src_ip": ipv4, "dst_ip": ipv4, "protocol": protocol, "sport": port, "dport": port}), &["src_ip", "dst_ip", "protocol", "sport", "dport"]),
                    "disposition": {"type": "string", "enum": ["delivered", "delivered_external", "denied_by_contract", "no_route", "no_endpoint", "unknown_source", "dropped_by_threshold", "no_healthy_destination", "graph_not_deployed", "service_node_unknown"]},
                    "hops": arr(r("Hop")),
                }),
                &["flow", "disposition", "hops"],
            ),
        ),
        (
            "Hop",
            obj(
                json!({
                    "site": {"type": ["string", "null"], "description": "None for the inter-site network"},
                    "node": s,
                    "role": {"type": "string", "enum": ["compute_leaf", "service_leaf", "border_leaf", "spine", "isn", "service_node"]},
                    "steps": arr(r("Step")),
                }),
                &["site", "node", "role", "steps"],
            ),
        ),
        (
            "Step",
            json!({
                "type": "object",
                "description": "One thing that happened at a hop; `step` names it and the other fields depend on it",
                "properties": {"step": {"type": "string", "enum": ["received", "classified", "routed", "no_route_between_vrfs", "no_route", "policy_deferred", "intra_epg_permitted", "vrf_unenforced", "contract_permits", "contract_denies", "graph_not_deployed", "threshold_down", "no_healthy_destination", "redirected", "service_node_unknown", "service_node", "forwarded", "sent_over_isn", "l3_out_egress", "delivered"]}},
                "required": ["step"],
            }),
        ),
        (
            "Endpoint",
            obj(
                json!({"site": s, "name": s, "ip": s, "mac": s, "epg": s, "leaf": {"type": "integer"}}),
                &["site", "name", "ip", "mac", "epg", "leaf"],
            ),
        ),
        ("EndpointList", list("endpoints", "Endpoint")),
        ("EndpointCreate", endpoint_create),
    ]
}

/// Deploy tasks and jobs, status, policy states, dry-run plans and imports.
pub(super) fn deploy_schemas() -> Vec<(&'static str, Value)> {
    let s = json!({"type": "string"});
    let b = json!({"type": "boolean"});
    let strings = arr(s.clone());
    let nullable = json!({"type": ["string", "null"]});
    let status = json!({"type": "string", "enum": ["pending", "running", "succeeded", "partiallySucceeded", "failed"]});
    let word = json!({"type": "string", "enum": ["Pending", "Running", "Succeeded", "PartiallySucceeded", "Failed"]});
    let state_item = obj(
        json!({"name": s, "state": {"type": "string", "enum": ["created", "deployed"]}}),
        &["name", "state"],
    );
    let states = arr(state_item.clone());
    let mut anp = state_item.clone();
    anp["properties"]["epgs"] = states.clone();
    vec![
        (
            "TaskRequest",
            obj(
                json!({
                    "schemaId": s, "templateName": s, "isRedeploy": b,
                    "undeploy": {"description": "Site ids to undeploy from (all the template's sites when empty); absent to deploy", "oneOf": [strings, s]},
                }),
                &["schemaId", "templateName"],
            ),
        ),
        (
            "Task",
            obj(
                json!({
                    "id": s,
                    "reqDetails": obj(json!({"schemaId": s, "templateName": s, "isRedeploy": b, "deploy": strings, "undeploy": strings}), &["schemaId", "templateName"]),
                    "reqBy": s,
                    "reqTime": {"type": "integer", "description": "Milliseconds since the Unix epoch"},
                    "operDetails": obj(json!({
                        "taskStatus": word,
                        "siteStatus": arr(obj(json!({"siteId": s, "status": word, "error": nullable, "objects": {"type": "integer", "description": "Changes pushed"}, "remaining": strings}), &["siteId", "status"])),
                    }), &["taskStatus", "siteStatus"]),
                    "job": r("Job"),
                }),
                &["id", "reqDetails", "operDetails", "job"],
            ),
        ),
        ("TaskList", list("jobs", "Task")),
        (
            "Job",
            obj(
                json!({
                    "id": s, "schemaId": s, "template": s, "action": {"type": "string", "enum": ["deploy", "undeploy"]}, "status": status,
                    "createdMs": {"type": "integer"}, "targets": strings,
                    "sites": {"type": "object", "description": "By site id", "additionalProperties": r("SiteOutcome")},
                    "error": {"type": ["string", "null"], "description": "Why the job could not run at all"},
                    "request": {"type": "object", "description": "The schema document, template, tenants and sites the job was asked for"},
                }),
                &[
                    "id",
                    "schemaId",
                    "template",
                    "action",
                    "status",
                    "createdMs",
                    "targets",
                    "sites",
                ],
            ),
        ),
        (
            "SiteOutcome",
            obj(
                json!({
                    "status": status, "error": nullable, "objects": arr(r("ObjectResult")),
                    "remaining": {"type": "array", "items": s, "description": "Changes still left after the push; empty when the site converged"},
                }),
                &["status", "objects", "remaining"],
            ),
        ),
        (
            "ObjectResult",
            obj(
                json!({"dn": s, "class": s, "action": {"type": "string", "enum": ["create", "modify", "delete"]}, "ok": b, "error": nullable, "attempts": {"type": "integer"}}),
                &["dn", "class", "action", "ok", "attempts"],
            ),
        ),
        (
            "ExecuteReply",
            obj(
                json!({"msg": {"type": "string", "enum": ["Successfully deployed", "Successfully Un-deployed"]}, "jobId": s}),
                &["msg", "jobId"],
            ),
        ),
        (
            "DeployStatus",
            obj(
                json!({
                    "siteId": s, "templateName": s, "deployed": b, "lastJob": nullable,
                    "status": obj(json!({"siteStatus": {"type": "string", "enum": ["Pending", "Running", "Succeeded", "PartiallySucceeded", "Failed", "NotDeployed"]}}), &["siteStatus"]),
                }),
                &["siteId", "templateName", "deployed", "status"],
            ),
        ),
        ("DeployStatusList", list("status", "DeployStatus")),
        (
            "PolicyState",
            obj(
                json!({
                    "siteId": s, "templateName": s, "deployed": b, "vrfs": states, "bds": states, "anps": arr(anp),
                    "contracts": states, "filters": states, "externalEpgs": states, "intersiteL3outs": states, "serviceGraphs": states,
                }),
                &["siteId", "templateName", "deployed"],
            ),
        ),
        ("PolicyStateList", list("policyStates", "PolicyState")),
        (
            "Change",
            obj(
                json!({
                    "action": {"type": "string", "enum": ["create", "modify", "delete"]}, "class": s, "dn": s,
                    "attrs": {"type": "object", "description": "create: attribute -> value; modify: attribute -> [observed, desired]; absent on delete"},
                }),
                &["action", "class", "dn"],
            ),
        ),
        (
            "Plan",
            obj(
                json!({
                    "schemaId": s, "templateName": s, "action": {"type": "string", "enum": ["deploy", "undeploy"]},
                    "sites": arr(obj(json!({"siteId": s, "siteName": s, "changes": arr(r("Change")), "text": {"type": "string", "description": "The changes, one per line"}}), &["siteId", "siteName", "changes", "text"])),
                }),
                &["schemaId", "templateName", "action", "sites"],
            ),
        ),
        (
            "ImportRequest",
            obj(
                json!({
                    "siteId": s,
                    "kind": {"type": "string", "enum": ["vrf", "bd", "anp", "epg", "filter", "contract", "l3out", "externalEpg"], "description": "Plurals and other spellings (`bds`, `external-epg`) are accepted"},
                    "names": {"type": "array", "items": s, "minItems": 1, "description": "Object names on the site"},
                    "includeRelations": {"type": "boolean", "default": false, "description": "Also import what the objects refer to"},
                }),
                &["siteId", "kind", "names"],
            ),
        ),
        (
            "ImportReply",
            obj(
                json!({
                    "imported": {"type": "object", "description": "Template collection -> the objects added", "additionalProperties": arr(json!({"type": "object"}))},
                    "schema": r("Schema"),
                }),
                &["imported", "schema"],
            ),
        ),
    ]
}
