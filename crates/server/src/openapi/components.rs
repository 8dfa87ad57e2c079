//! The shared components: security schemes, the `modified` header, query parameters,
//! the error replies, and the schemas of the smaller documents (log-in, sites, tenants,
//! users, labels, look-ups, validation), with the small constructors the other schema lists use.

use serde_json::{json, Map, Value};

/// A `$ref` to a component schema.
pub(super) fn r(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

/// An array of `item`.
pub(super) fn arr(item: Value) -> Value {
    json!({"type": "array", "items": item})
}

/// An object with the given properties; `required` names the ones always present.
pub(super) fn obj(props: Value, required: &[&str]) -> Value {
    json!({"type": "object", "properties": props, "required": required})
}

/// An object with one array-valued key, as NDO's list replies are.
pub(super) fn list(key: &str, item: &str) -> Value {
    obj(json!({key: arr(r(item))}), &[key])
}

pub(super) fn components() -> Value {
    let mut schemas = Map::new();
    for (name, schema) in general_schemas()
        .into_iter()
        .chain(super::documents::schemas())
        .chain(super::runs::trace_schemas())
        .chain(super::runs::deploy_schemas())
    {
        schemas.insert(name.to_string(), schema);
    }
    let error = |text: &str| json!({"description": text, "content": {"application/json": {"schema": r("Error")}}});
    json!({
        "securitySchemes": {
            "bearerAuth": {"type": "http", "scheme": "bearer", "description": "The token from a log-in."},
            "authCookie": {"type": "apiKey", "in": "cookie", "name": "AuthCookie", "description": "The token from a log-in, Nexus Dashboard style."},
        },
        "headers": {
            "Modified": {
                "description": "Whether the stored document changed; cisco.mso reads it to report `changed`. Sent on PATCH replies only.",
                "schema": {"type": "string", "enum": ["true", "false"]},
            },
        },
        "parameters": {
            "validate": {"name": "validate", "in": "query", "description": "Sent by cisco.mso on every PATCH; accepted and ignored.", "schema": {"type": "boolean"}},
            "force": {"name": "force", "in": "query", "description": "Sent by cisco.mso; accepted and ignored.", "schema": {"type": "boolean"}},
            "msc-only": {"name": "msc-only", "in": "query", "description": "Sent by cisco.mso; accepted and ignored.", "schema": {"type": "boolean"}},
            "undeploySite": {"name": "undeploy", "in": "query", "description": "Undeploy from this site (its id) instead of deploying.", "schema": {"type": "string"}},
            "undeployPlan": {"name": "undeploy", "in": "query", "description": "`true` (or `1`) plans an undeploy instead of a deploy.", "schema": {"type": "string", "enum": ["true", "false", "1", "0"]}},
            "deviceType": {"name": "deviceType", "in": "query", "description": "Only devices of this kind (APIC `svcType` FW, ADC or OTHERS); any other value lists every device.", "schema": {"type": "string", "enum": ["firewall", "load-balancer", "loadBalancer", "other"]}},
        },
        "responses": {
            "BadRequest": error("The request is malformed or breaks a rule; the message names the field or path at fault."),
            "Unauthorized": error("No valid token (or bad credentials on log-in)."),
            "NotFound": error("No such object."),
            "Conflict": error("The object changed underneath the request (or the sites cannot be traced as they are); read it again."),
            "BadGateway": error("A site's APIC did not answer, or answered with an error."),
            "InternalError": error("The store failed."),
        },
        "schemas": schemas,
    })
}

fn general_schemas() -> Vec<(&'static str, Value)> {
    let s = json!({"type": "string"});
    let strings = arr(s.clone());
    let cidr = json!({"type": "string", "description": "IPv4 prefix, `a.b.c.d/len`"});
    let dn_name = obj(json!({"dn": s, "name": s}), &["dn", "name"]);
    vec![
        (
            "Error",
            obj(
                json!({"code": {"type": "integer", "description": "The HTTP status"}, "message": s}),
                &["code", "message"],
            ),
        ),
        (
            "LoginRequest",
            obj(
                json!({"username": s, "password": s, "domainId": s}),
                &["username", "password"],
            ),
        ),
        (
            "LoginReply",
            obj(json!({"token": s, "username": s}), &["token"]),
        ),
        (
            "NdLoginRequest",
            obj(
                json!({"userName": s, "userPasswd": s, "domain": {"type": "string", "default": "DefaultAuth"}}),
                &["userName", "userPasswd"],
            ),
        ),
        (
            "NdLoginReply",
            obj(
                json!({"jwttoken": s, "token": s, "username": s, "userName": s, "statusCode": {"type": "integer"}}),
                &["jwttoken", "token"],
            ),
        ),
        (
            "LoginDomain",
            obj(
                json!({"id": s, "name": s, "type": s, "description": s, "status": s}),
                &["id", "name"],
            ),
        ),
        ("LoginDomainList", list("domains", "LoginDomain")),
        (
            "PlatformVersion",
            obj(
                json!({"id": s, "version": {"type": "string", "examples": ["4.2.3e"]}, "timestamp": {"type": "string", "format": "date-time"}, "product": s}),
                &["id", "version", "timestamp"],
            ),
        ),
        (
            "User",
            obj(
                json!({"id": s, "username": s, "firstName": s, "lastName": s, "emailAddress": s, "accountStatus": s, "domainId": s, "roles": arr(json!({"type": "object"}))}),
                &["id", "username"],
            ),
        ),
        ("UserList", list("users", "User")),
        (
            "Label",
            obj(
                json!({"id": s, "displayName": s, "type": {"type": "string", "default": "site"}}),
                &["id", "displayName", "type"],
            ),
        ),
        (
            "LabelCreate",
            obj(
                json!({"displayName": s, "type": {"type": "string", "default": "site"}}),
                &["displayName"],
            ),
        ),
        ("LabelList", list("labels", "Label")),
        (
            "Pod",
            obj(
                json!({"podId": {"type": "integer"}, "name": s, "tepPool": cidr, "externalTepPools": arr(cidr.clone())}),
                &["podId"],
            ),
        ),
        (
            "Site",
            obj(
                json!({
                    "id": {"type": "string", "readOnly": true},
                    "name": s,
                    "apicSiteId": {"type": ["string", "integer"], "description": "Read back as a string"},
                    "urls": strings, "username": s,
                    "password": {"type": "string", "description": "Write-only in effect: reads `******`"},
                    "labels": {"type": "array", "items": s, "description": "Label ids"},
                    "location": obj(json!({"lat": {"type": "number"}, "long": {"type": "number"}}), &[]),
                    "platform": {"type": "string", "enum": ["on-premise", "cloud"], "default": "on-premise"},
                    "cloudProviders": strings,
                    "apicVersion": {"type": "string", "readOnly": true},
                    "pods": arr(r("Pod")),
                    "connectivity": {"type": "string", "enum": ["reachable", "unreachable"], "readOnly": true},
                }),
                &["name"],
            ),
        ),
        ("SiteList", list("sites", "Site")),
        (
            "SiteV2",
            obj(
                json!({
                    "id": s,
                    "common": obj(json!({"name": s, "siteId": s, "siteGroup": s, "siteType": s, "urls": strings, "version": s}), &["name"]),
                    "aci": obj(json!({"pods": arr(r("Pod"))}), &[]),
                }),
                &["common"],
            ),
        ),
        ("SiteV2List", list("sites", "SiteV2")),
        (
            "InfraSite",
            obj(
                json!({"siteId": s, "name": s, "apicSiteId": s, "apicVersion": s, "pods": arr(r("Pod"))}),
                &["siteId", "name", "pods"],
            ),
        ),
        ("InfraSiteList", list("sites", "InfraSite")),
        (
            "PodTepPools",
            obj(
                json!({"externalTepPools": arr(json!({"oneOf": [cidr, obj(json!({"pool": cidr}), &["pool"]), obj(json!({"ip": cidr}), &["ip"])]}))}),
                &["externalTepPools"],
            ),
        ),
        (
            "Tenant",
            obj(
                json!({
                    "id": {"type": "string", "readOnly": true}, "name": s,
                    "displayName": {"type": "string", "description": "Defaults to `name`"}, "description": s,
                    "siteAssociations": arr(obj(json!({"siteId": s, "securityDomains": strings}), &["siteId"])),
                    "userAssociations": arr(obj(json!({"userId": s}), &["userId"])),
                }),
                &["name"],
            ),
        ),
        ("TenantList", list("tenants", "Tenant")),
        (
            "PatchOperation",
            obj(
                json!({
                    "op": {"type": "string", "enum": ["add", "replace", "remove", "test"]},
                    "path": {"type": "string", "description": "Pointer with NDO addressing: names, `{siteId}-{templateName}`, ref last segments or indexes; `-` appends", "examples": ["/templates/T1/bds/-", "/sites/0123456789abcdef01234567-T1/contracts/C1/serviceGraphRelationship"]},
                    "value": {"description": "Required except for `remove`"},
                }),
                &["op", "path"],
            ),
        ),
        (
            "PatchDocument",
            json!({"type": "array", "items": r("PatchOperation"), "minItems": 1}),
        ),
        (
            "ServiceNodeType",
            obj(
                json!({"id": s, "name": s, "displayName": s}),
                &["id", "name", "displayName"],
            ),
        ),
        (
            "ServiceNodeTypeCreate",
            obj(
                json!({"name": s, "displayName": {"type": "string", "description": "Defaults to `name`"}}),
                &["name"],
            ),
        ),
        (
            "ServiceNodeTypeList",
            list("serviceNodeTypes", "ServiceNodeType"),
        ),
        (
            "Device",
            obj(
                json!({"dn": s, "name": s, "funcType": s, "svcType": s}),
                &["dn", "name", "funcType", "svcType"],
            ),
        ),
        ("DeviceList", list("devices", "Device")),
        ("NamedDn", dn_name),
        ("InterfaceList", list("interfaces", "NamedDn")),
        ("RedirectPolicyList", list("redirectPolicies", "NamedDn")),
        ("L3outList", list("l3outs", "NamedDn")),
        (
            "ValidateResult",
            obj(
                json!({"result": {"type": "boolean", "const": true}}),
                &["result"],
            ),
        ),
        (
            "Finding",
            obj(
                json!({"code": {"type": "string", "examples": ["MS-PBR-003"]}, "severity": {"type": "string", "enum": ["error", "warning"]}, "path": s, "message": s}),
                &["code", "severity", "path", "message"],
            ),
        ),
        (
            "ValidationReport",
            obj(
                json!({"findings": arr(r("Finding")), "result": {"type": "boolean", "description": "True when no finding is an error"}, "text": {"type": "string", "description": "One line per finding"}}),
                &["findings", "result", "text"],
            ),
        ),
        (
            "NdUser",
            obj(
                json!({"spec": obj(json!({"loginID": s, "userID": s, "firstName": {"type": ["string", "null"]}, "loginDomain": s}), &["loginID", "userID"])}),
                &["spec"],
            ),
        ),
        ("NdUserList", list("items", "NdUser")),
        (
            "OpenApiDocument",
            json!({"type": "object", "description": "An OpenAPI 3.1 document"}),
        ),
    ]
}
