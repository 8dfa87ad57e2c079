//! The OpenAPI 3.1 description of every route this server answers (served as
//! `{v1}/openapi.json`): the operation table below, one entry per method and path, and the
//! shapes of the documents, lists, requests and NDO's `{"code","message"}` error envelope.
//!
//! v1 routes are listed once and emitted under both `/api/v1` and `/mso/api/v1` (v2 under
//! `/api/v2` and `/mso/api/v2`); the `/mso` copies get an `Mso` suffix on their
//! `operationId`. The document is plain JSON built here, so it needs nothing at run time.

use serde_json::{json, Map, Value};

/// Where an operation is mounted.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mount {
    V1,
    V2,
    Root,
}

/// One documented operation.
struct Op {
    mount: Mount,
    method: &'static str,
    path: &'static str,
    id: &'static str,
    tag: &'static str,
    summary: &'static str,
    description: &'static str,
    body: Option<&'static str>,
    status: u16,
    reply: Option<&'static str>,
    errors: &'static [&'static str],
    query: &'static [&'static str],
    public: bool,
    modified: bool,
}

fn op(mount: Mount, method: &'static str, path: &'static str, id: &'static str, tag: &'static str) -> Op {
    Op {
        mount,
        method,
        path,
        id,
        tag,
        summary: "",
        description: "",
        body: None,
        status: 200,
        reply: None,
        errors: &[],
        query: &[],
        public: false,
        modified: false,
    }
}

impl Op {
    fn says(mut self, summary: &'static str, description: &'static str) -> Op {
        self.summary = summary;
        self.description = description;
        self
    }
    fn body(mut self, schema: &'static str) -> Op {
        self.body = Some(schema);
        self
    }
    fn ok(mut self, status: u16, reply: &'static str) -> Op {
        self.status = status;
        self.reply = Some(reply);
        self
    }
    fn no_content(mut self) -> Op {
        self.status = 204;
        self.reply = None;
        self
    }
    fn errors(mut self, errors: &'static [&'static str]) -> Op {
        self.errors = errors;
        self
    }
    fn query(mut self, names: &'static [&'static str]) -> Op {
        self.query = names;
        self
    }
    fn public(mut self) -> Op {
        self.public = true;
        self
    }
    fn patch(mut self) -> Op {
        self.modified = true;
        self.query = &["validate"];
        self
    }
}

const NF: &[&str] = &["NotFound"];
const BAD: &[&str] = &["BadRequest"];
const BAD_NF: &[&str] = &["BadRequest", "NotFound"];
const WRITE: &[&str] = &["BadRequest", "NotFound", "Conflict"];
const SITE: &[&str] = &["BadRequest", "NotFound", "BadGateway"];

/// Every operation, in router order.
fn operations() -> Vec<Op> {
    use Mount::{Root, V1, V2};
    vec![
        op(V1, "post", "/auth/login", "login", "auth")
            .says("Log in (cisco.mso local and `cisco.mso.mso` modes)", "Answers 201 with a bearer token. `domainId` is accepted and ignored: every user is local.")
            .body("LoginRequest").ok(201, "LoginReply").errors(&["BadRequest", "Unauthorized"]).public(),
        op(V1, "get", "/auth/login-domains", "listLoginDomains", "auth")
            .says("The login domains", "Needs no token; there is one domain, `Local`.").ok(200, "LoginDomainList").public(),
        op(V1, "delete", "/auth/logout", "logoutDelete", "auth")
            .says("Log out", "Answers 204 whatever auth it carries; the token stays valid (the clients go on using it).").no_content().public(),
        op(V1, "post", "/auth/logout", "logout", "auth").says("Log out", "Same as the DELETE form.").no_content().public(),
        op(V1, "get", "/platform/version", "getPlatformVersion", "platform")
            .says("The NDO release this server behaves as", "").ok(200, "PlatformVersion"),
        op(V1, "get", "/users", "listUsers", "users").says("The users", "Never shows password hashes.").ok(200, "UserList"),
        op(V1, "get", "/users/{id}", "getUser", "users").says("One user", "").ok(200, "User").errors(NF),
        op(V1, "get", "/labels", "listLabels", "labels").says("The site labels", "").ok(200, "LabelList"),
        op(V1, "post", "/labels", "createLabel", "labels").says("Create a site label", "").body("LabelCreate").ok(201, "Label").errors(BAD),
        op(V1, "get", "/sites", "listSites", "sites").says("The registered sites", "Passwords read `******`.").ok(200, "SiteList"),
        op(V1, "post", "/sites", "createSite", "sites")
            .says("Register a site", "The site's APIC is asked for its version and pods when it answers within a few seconds; `connectivity` says whether it did.")
            .body("Site").ok(201, "Site").errors(BAD),
        op(V1, "get", "/sites/{id}", "getSite", "sites").says("One site", "").ok(200, "Site").errors(NF),
        op(V1, "put", "/sites/{id}", "replaceSite", "sites")
            .says("Replace a site", "A missing or masked `password` keeps the stored one; missing `pods` and `apicVersion` are kept too.")
            .body("Site").ok(200, "Site").errors(BAD_NF),
        op(V1, "delete", "/sites/{id}", "deleteSite", "sites").says("Remove a site", "").query(&["force"]).no_content().errors(NF),
        op(V1, "get", "/sites/{id}/aci/tenants/{tenant}/devices", "listSiteDevices", "site-lookups")
            .says("The tenant's L4-L7 devices, read from the site's APIC", "").query(&["deviceType"]).ok(200, "DeviceList").errors(SITE),
        op(V1, "get", "/sites/{id}/aci/tenants/{tenant}/devices/{device}/interfaces", "listSiteDeviceInterfaces", "site-lookups")
            .says("A device's cluster interfaces, read from the site's APIC", "").ok(200, "InterfaceList").errors(SITE),
        op(V1, "get", "/sites/{id}/aci/tenants/{tenant}/redirect-policies", "listSiteRedirectPolicies", "site-lookups")
            .says("The tenant's PBR redirect policies, read from the site's APIC", "").ok(200, "RedirectPolicyList").errors(SITE),
        op(V1, "get", "/sites/{id}/aci/tenants/{tenant}/l3outs", "listSiteL3outs", "site-lookups")
            .says("The tenant's L3Outs, read from the site's APIC", "").ok(200, "L3outList").errors(SITE),
        op(V1, "get", "/tenants", "listTenants", "tenants").says("The tenants", "").ok(200, "TenantList"),
        op(V1, "post", "/tenants", "createTenant", "tenants")
            .says("Create a tenant", "Every associated site must exist; a duplicate name is a 400.").body("Tenant").ok(201, "Tenant").errors(BAD),
        op(V1, "get", "/tenants/{id}", "getTenant", "tenants").says("One tenant", "").ok(200, "Tenant").errors(NF),
        op(V1, "put", "/tenants/{id}", "replaceTenant", "tenants").says("Replace a tenant", "").body("Tenant").ok(200, "Tenant").errors(BAD_NF),
        op(V1, "patch", "/tenants/{id}", "patchTenant", "tenants")
            .says("Patch a tenant", "Site associations are addressed by site id: `/siteAssociations/{siteId}`. Atomic: a failing operation changes nothing.")
            .body("PatchDocument").ok(200, "Tenant").errors(BAD_NF).patch(),
        op(V1, "delete", "/tenants/{id}", "deleteTenant", "tenants")
            .says("Delete a tenant", "Refused (400) while a schema template uses it.").query(&["msc-only"]).no_content().errors(BAD_NF),
        op(V1, "get", "/schemas", "listSchemas", "schemas").says("Every schema, as full documents", "").ok(200, "SchemaList"),
        op(V1, "post", "/schemas", "createSchema", "schemas")
            .says("Create a schema", "Defaults, self references and site-local twins are filled in; every template's tenant must exist.")
            .body("SchemaCreate").ok(201, "Schema").errors(BAD),
        op(V1, "get", "/schemas/list-identity", "listSchemaIdentities", "schemas")
            .says("Every schema's identity (ids, names, templates)", "").ok(200, "SchemaIdentityList"),
        op(V1, "get", "/schemas/service-node-types", "listServiceNodeTypes", "service-node-types")
            .says("The service-node types", "Seeded with NDO's firewall, load-balancer and other.").ok(200, "ServiceNodeTypeList"),
        op(V1, "post", "/schemas/service-node-types", "createServiceNodeType", "service-node-types")
            .says("Add a service-node type", "").body("ServiceNodeTypeCreate").ok(201, "ServiceNodeType").errors(BAD),
        op(V1, "delete", "/schemas/service-node-types/{id}", "deleteServiceNodeType", "service-node-types")
            .says("Delete a service-node type", "The three built-in types cannot be deleted (400).").no_content().errors(BAD_NF),
        op(V1, "get", "/schemas/{id}", "getSchema", "schemas").says("One schema's full document", "").ok(200, "Schema").errors(NF),
        op(V1, "put", "/schemas/{id}", "replaceSchema", "schemas")
            .says("Replace a schema's whole document", "When `_updateVersion` is sent and is not the stored version, the write is refused with 409.")
            .body("Schema").ok(200, "Schema").errors(WRITE),
        op(V1, "patch", "/schemas/{id}", "patchSchema", "schemas")
            .says("Patch a schema (NDO's JSON-Patch dialect)", "Array elements are addressed by name, by `{siteId}-{templateName}` for `sites`, by the last segment of an element's identity ref for site-local objects, or by index; `-` appends. References are accepted as objects and stored as strings. Atomic: a failing operation changes nothing. A `test` of `/_updateVersion` that no longer holds is a 409.")
            .body("PatchDocument").ok(200, "Schema").errors(WRITE).patch(),
        op(V1, "delete", "/schemas/{id}", "deleteSchema", "schemas").says("Delete a schema", "").no_content().errors(NF),
        op(V1, "get", "/schemas/{id}/validate", "validateSchema", "validation")
            .says("Validate a schema", "`{\"result\": true}` when no rule is broken; otherwise a 400 whose message lists every error finding, one per line.")
            .ok(200, "ValidateResult").errors(BAD_NF),
        op(V1, "get", "/schemas/{id}/validation-report", "getValidationReport", "validation")
            .says("A schema's whole validation report", "Answers 200 also when the report has errors.").ok(200, "ValidationReport").errors(NF),
        op(V1, "get", "/infra/sites", "listInfraSites", "infra").says("Every site's pods and TEP pools", "").ok(200, "InfraSiteList"),
        op(V1, "put", "/infra/sites/{site}/pods/{pod}", "setPodExternalTepPools", "infra")
            .says("Set a pod's external TEP pools", "Refused (400, with every overlap named) when a pool overlaps another site's pools or any fabric TEP pool; nothing changes then.")
            .body("PodTepPools").ok(200, "InfraSite").errors(BAD_NF),
        op(V1, "post", "/trace", "traceFlow", "trace")
            .says("Trace one flow through the sites as they are now", "The what-if changes are applied, in order, to the read state before tracing; nothing is written to any site.")
            .body("TraceRequest").ok(200, "TraceReply").errors(&["BadRequest", "Conflict", "BadGateway"]),
        op(V1, "get", "/trace/endpoints", "listTraceEndpoints", "trace")
            .says("Every site's endpoints", "Sorted by site, then name.").ok(200, "EndpointList").errors(&["BadGateway"]),
        op(V1, "post", "/trace/endpoints", "addTraceEndpoint", "trace")
            .says("Add (or replace, by name) an endpoint of an emulated site", "Answers with that site's endpoints.")
            .body("EndpointCreate").ok(200, "EndpointList").errors(SITE),
        op(V1, "get", "/openapi.json", "getOpenApi", "docs").says("This document", "Needs no token.").ok(200, "OpenApiDocument").public(),
        op(V2, "get", "/sites", "listSitesV2", "sites").says("The sites in Nexus Dashboard's shape", "").ok(200, "SiteV2List"),
        op(V2, "post", "/sites/manage", "manageSiteV2", "sites")
            .says("Manage a site (Nexus Dashboard)", "Every registered site is managed; the site is found by `common.name` and answered. An unknown name is a 404: register it with `POST /api/v1/sites` first.")
            .body("SiteV2").ok(200, "SiteV2").errors(BAD_NF),
        op(V2, "delete", "/sites/manage/{id}", "unmanageSiteV2", "sites")
            .says("Stop managing a site (Nexus Dashboard)", "Removes the site.").query(&["force"]).no_content().errors(NF),
        op(Root, "post", "/login", "loginNd", "auth")
            .says("Log in (Nexus Dashboard style)", "Also accepts `username`/`password`. Answers 200 with the token as both `jwttoken` and `token`.")
            .body("NdLoginRequest").ok(200, "NdLoginReply").errors(&["BadRequest", "Unauthorized"]).public(),
        op(Root, "post", "/logout", "logoutNd", "auth").says("Log out (Nexus Dashboard style)", "The token stays valid.").no_content().public(),
        op(Root, "get", "/nexus/infra/api/aaa/v4/localusers", "listNdLocalUsers", "nd")
            .says("Nexus Dashboard's local users", "").ok(200, "NdUserList"),
        op(Root, "get", "/nexus/infra/api/aaa/v4/remoteusers", "listNdRemoteUsers", "nd")
            .says("Nexus Dashboard's remote users", "Always empty: every user is local.").ok(200, "NdUserList"),
        op(Root, "get", "/", "root", "ui").says("Redirect to the web UI", "Answers 303 to `/ui/`; the web UI itself is HTML and not described here.").public(),
    ]
}

/// The OpenAPI document, as JSON.
pub fn document() -> Value {
    let mut paths = Map::new();
    for op in operations() {
        let prefixes: &[&str] = match op.mount {
            Mount::V1 => &["/api/v1", "/mso/api/v1"],
            Mount::V2 => &["/api/v2", "/mso/api/v2"],
            Mount::Root => &[""],
        };
        for (i, prefix) in prefixes.iter().enumerate() {
            let suffix = if i == 0 { "" } else { "Mso" };
            let item = paths.entry(format!("{prefix}{}", op.path)).or_insert_with(|| json!({}));
            item[op.method] = operation(&op, suffix);
        }
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "multisite orchestrator API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "A Nexus Dashboard Orchestrator-compatible REST API for multi-site Cisco ACI policy (intersite L3Out with PBR). Every v1 route is served under both `/api/v1` and `/mso/api/v1`, every v2 route under both `/api/v2` and `/mso/api/v2`. Log in with `POST /api/v1/auth/login` (or `/mso/api/v1/auth/login`, or `POST /login`) and send the token as `Authorization: Bearer <token>` or as the `AuthCookie` cookie. Request bodies are JSON whatever the Content-Type (cisco.mso sends `text/json`); bodies of GET and DELETE are ignored. Every error is `{\"code\": <status>, \"message\": <text>}`.",
            "license": {"name": "Apache-2.0 OR MIT"},
        },
        "tags": tags(),
        "security": [{"bearerAuth": []}, {"authCookie": []}],
        "paths": paths,
        "components": components(),
    })
}

fn operation(op: &Op, suffix: &str) -> Value {
    let mut out = json!({
        "operationId": format!("{}{suffix}", op.id),
        "tags": [op.tag],
        "summary": op.summary,
    });
    if !op.description.is_empty() {
        out["description"] = json!(op.description);
    }
    let mut params: Vec<Value> = path_params(op.path);
    params.extend(op.query.iter().map(|q| json!({"$ref": format!("#/components/parameters/{q}")})));
    if !params.is_empty() {
        out["parameters"] = Value::Array(params);
    }
    if let Some(body) = op.body {
        let schema = json!({"$ref": format!("#/components/schemas/{body}")});
        out["requestBody"] = json!({
            "required": true,
            "content": {"application/json": {"schema": schema}, "text/json": {"schema": schema}},
        });
    }
    let mut responses = Map::new();
    responses.insert(op.status.to_string(), success(op));
    let mut errors: Vec<&str> = op.errors.to_vec();
    if !op.public {
        errors.push("Unauthorized");
    }
    for e in ["BadRequest", "Unauthorized", "NotFound", "Conflict", "BadGateway"] {
        if errors.contains(&e) {
            responses.insert(error_status(e).to_string(), json!({"$ref": format!("#/components/responses/{e}")}));
        }
    }
    responses.insert("500".into(), json!({"$ref": "#/components/responses/InternalError"}));
    out["responses"] = Value::Object(responses);
    if op.public {
        out["security"] = json!([]);
    }
    out
}

fn success(op: &Op) -> Value {
    if op.path == "/" {
        return json!({"description": "Redirect to the web UI", "headers": {"Location": {"schema": {"type": "string", "const": "/ui/"}}}});
    }
    let mut out = json!({"description": op.summary});
    if let Some(reply) = op.reply {
        out["content"] = json!({"application/json": {"schema": {"$ref": format!("#/components/schemas/{reply}")}}});
    }
    if op.modified {
        out["headers"] = json!({"modified": {"$ref": "#/components/headers/Modified"}});
    }
    out
}

fn error_status(name: &str) -> u16 {
    match name {
        "BadRequest" => 400,
        "Unauthorized" => 401,
        "NotFound" => 404,
        "Conflict" => 409,
        _ => 502,
    }
}

/// The `{name}` segments of a path, described.
fn path_params(path: &str) -> Vec<Value> {
    path.split('/')
        .filter_map(|seg| seg.strip_prefix('{')?.strip_suffix('}'))
        .map(|name| {
            let (schema, text) = match name {
                "pod" => (json!({"type": "integer"}), "Pod id"),
                "site" => (json!({"type": "string"}), "Site id"),
                "tenant" => (json!({"type": "string"}), "Tenant name on the site's APIC"),
                "device" => (json!({"type": "string"}), "L4-L7 device name on the site's APIC"),
                _ => (json!({"type": "string"}), "Object id (24 hex digits)"),
            };
            json!({"name": name, "in": "path", "required": true, "description": text, "schema": schema})
        })
        .collect()
}

fn tags() -> Value {
    let tags = [
        ("auth", "Log-in, log-out and login domains (three login styles)"),
        ("platform", "The NDO release this server behaves as"),
        ("users", "Users (read-only)"),
        ("labels", "Site labels"),
        ("sites", "Sites: NDO's v1 shape and Nexus Dashboard's v2 shape"),
        ("site-lookups", "Objects read live from a site's APIC"),
        ("tenants", "Tenants and their site associations"),
        ("schemas", "Schemas: templates, template objects and site-local objects"),
        ("service-node-types", "Service-node types used by service graphs"),
        ("validation", "Schema validation against the rules and the sites' facts"),
        ("infra", "Infra configuration: external TEP pools"),
        ("trace", "Flow traces through the sites, with what-if changes"),
        ("nd", "Nexus Dashboard user look-ups"),
        ("docs", "This description"),
        ("ui", "The web UI"),
    ];
    tags.iter().map(|(name, description)| json!({"name": name, "description": description})).collect()
}

/// A `$ref` to a component schema.
fn r(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

/// An array of `item`.
fn arr(item: Value) -> Value {
    json!({"type": "array", "items": item})
}

/// An object with the given properties; `required` names the ones always present.
fn obj(props: Value, required: &[&str]) -> Value {
    json!({"type": "object", "properties": props, "required": required})
}

/// An object with one array-valued key, as NDO's list replies are.
fn list(key: &str, item: &str) -> Value {
    obj(json!({key: arr(r(item))}), &[key])
}

fn components() -> Value {
    let mut schemas = Map::new();
    for (name, schema) in general_schemas().into_iter().chain(schema_document_schemas()).chain(trace_schemas()) {
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
    let b = json!({"type": "boolean"});
    let strings = arr(s.clone());
    let cidr = json!({"type": "string", "description": "IPv4 prefix, `a.b.c.d/len`"});
    let dn_name = obj(json!({"dn": s, "name": s}), &["dn", "name"]);
    vec![
        ("Error", obj(json!({"code": {"type": "integer", "description": "The HTTP status"}, "message": s}), &["code", "message"])),
        ("LoginRequest", obj(json!({"username": s, "password": s, "domainId": s}), &["username", "password"])),
        ("LoginReply", obj(json!({"token": s, "username": s}), &["token"])),
        ("NdLoginRequest", obj(json!({"userName": s, "userPasswd": s, "domain": {"type": "string", "default": "DefaultAuth"}}), &["userName", "userPasswd"])),
        ("NdLoginReply", obj(json!({"jwttoken": s, "token": s, "username": s, "userName": s, "statusCode": {"type": "integer"}}), &["jwttoken", "token"])),
        ("LoginDomain", obj(json!({"id": s, "name": s, "type": s, "description": s, "status": s}), &["id", "name"])),
        ("LoginDomainList", list("domains", "LoginDomain")),
        ("PlatformVersion", obj(json!({"id": s, "version": {"type": "string", "examples": ["4.2.3e"]}, "timestamp": {"type": "string", "format": "date-time"}, "product": s}), &["id", "version", "timestamp"])),
        ("User", obj(json!({"id": s, "username": s, "firstName": s, "lastName": s, "emailAddress": s, "accountStatus": s, "domainId": s, "roles": arr(json!({"type": "object"}))}), &["id", "username"])),
        ("UserList", list("users", "User")),
        ("Label", obj(json!({"id": s, "displayName": s, "type": {"type": "string", "default": "site"}}), &["id", "displayName", "type"])),
        ("LabelCreate", obj(json!({"displayName": s, "type": {"type": "string", "default": "site"}}), &["displayName"])),
        ("LabelList", list("labels", "Label")),
        ("Pod", obj(json!({"podId": {"type": "integer"}, "name": s, "tepPool": cidr, "externalTepPools": arr(cidr.clone())}), &["podId"])),
        ("Site", obj(json!({
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
        }), &["name"])),
        ("SiteList", list("sites", "Site")),
        ("SiteV2", obj(json!({
            "id": s,
            "common": obj(json!({"name": s, "siteId": s, "siteGroup": s, "siteType": s, "urls": strings, "version": s}), &["name"]),
            "aci": obj(json!({"pods": arr(r("Pod"))}), &[]),
        }), &["common"])),
        ("SiteV2List", list("sites", "SiteV2")),
        ("InfraSite", obj(json!({"siteId": s, "name": s, "apicSiteId": s, "apicVersion": s, "pods": arr(r("Pod"))}), &["siteId", "name", "pods"])),
        ("InfraSiteList", list("sites", "InfraSite")),
        ("PodTepPools", obj(json!({"externalTepPools": arr(json!({"oneOf": [cidr, obj(json!({"pool": cidr}), &["pool"]), obj(json!({"ip": cidr}), &["ip"])]}))}), &["externalTepPools"])),
        ("Tenant", obj(json!({
            "id": {"type": "string", "readOnly": true}, "name": s,
            "displayName": {"type": "string", "description": "Defaults to `name`"}, "description": s,
            "siteAssociations": arr(obj(json!({"siteId": s, "securityDomains": strings}), &["siteId"])),
            "userAssociations": arr(obj(json!({"userId": s}), &["userId"])),
        }), &["name"])),
        ("TenantList", list("tenants", "Tenant")),
        ("PatchOperation", obj(json!({
            "op": {"type": "string", "enum": ["add", "replace", "remove", "test"]},
            "path": {"type": "string", "description": "Pointer with NDO addressing: names, `{siteId}-{templateName}`, ref last segments or indexes; `-` appends", "examples": ["/templates/T1/bds/-", "/sites/0123456789abcdef01234567-T1/contracts/C1/serviceGraphRelationship"]},
            "value": {"description": "Required except for `remove`"},
        }), &["op", "path"])),
        ("PatchDocument", json!({"type": "array", "items": r("PatchOperation"), "minItems": 1})),
        ("ServiceNodeType", obj(json!({"id": s, "name": s, "displayName": s}), &["id", "name", "displayName"])),
        ("ServiceNodeTypeCreate", obj(json!({"name": s, "displayName": {"type": "string", "description": "Defaults to `name`"}}), &["name"])),
        ("ServiceNodeTypeList", list("serviceNodeTypes", "ServiceNodeType")),
        ("Device", obj(json!({"dn": s, "name": s, "funcType": s, "svcType": s}), &["dn", "name", "funcType", "svcType"])),
        ("DeviceList", list("devices", "Device")),
        ("NamedDn", dn_name),
        ("InterfaceList", list("interfaces", "NamedDn")),
        ("RedirectPolicyList", list("redirectPolicies", "NamedDn")),
        ("L3outList", list("l3outs", "NamedDn")),
        ("ValidateResult", obj(json!({"result": {"type": "boolean", "const": true}}), &["result"])),
        ("Finding", obj(json!({"code": {"type": "string", "examples": ["MS-PBR-003"]}, "severity": {"type": "string", "enum": ["error", "warning"]}, "path": s, "message": s}), &["code", "severity", "path", "message"])),
        ("ValidationReport", obj(json!({"findings": arr(r("Finding")), "result": {"type": "boolean", "description": "True when no finding is an error"}, "text": {"type": "string", "description": "One line per finding"}}), &["findings", "result", "text"])),
        ("NdUser", obj(json!({"spec": obj(json!({"loginID": s, "userID": s, "firstName": {"type": ["string", "null"]}, "loginDomain": s}), &["loginID", "userID"])}), &["spec"])),
        ("NdUserList", list("items", "NdUser")),
        ("OpenApiDocument", json!({"type": "object", "description": "An OpenAPI 3.1 document"})),
        ("Bool", b),
    ]
}
