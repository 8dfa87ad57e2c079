//! The OpenAPI 3.1 description of every route this server answers (served as
//! `{v1}/openapi.json`): the operation table (`operations`, one entry per method and
//! path) and the shapes of the documents, lists, requests and NDO's `{"code","message"}`
//! error envelope (`components`, `documents`, `runs`).
//!
//! v1 routes are listed once and emitted under both `/api/v1` and `/mso/api/v1` (v2 under
//! `/api/v2` and `/mso/api/v2`); the `/mso` copies get an `Mso` suffix on their
//! `operationId`. The document is plain JSON built here, so it needs nothing at run time.

mod components;
mod documents;
mod operations;
mod runs;

use serde_json::{json, Map, Value};

use operations::{Mount, Op};

/// The OpenAPI document, as JSON.
pub fn document() -> Value {
    let mut paths = Map::new();
    for op in operations::operations() {
        let prefixes: &[&str] = match op.mount {
            Mount::V1 => &["/api/v1", "/mso/api/v1"],
            Mount::V2 => &["/api/v2", "/mso/api/v2"],
            Mount::Root => &[""],
        };
        for (i, prefix) in prefixes.iter().enumerate() {
            let suffix = if i == 0 { "" } else { "Mso" };
            let item = paths
                .entry(format!("{prefix}{}", op.path))
                .or_insert_with(|| json!({}));
            item[op.method] = operation(&op, suffix);
        }
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "multisite orchestrator API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "A Nexus Dashboard Orchestrator-compatible REST API for multi-site Cisco ACI policy (intersite L3Out with PBR). Every v1 route is served under both `/api/v1` and `/mso/api/v1`, every v2 route under both `/api/v2` and `/mso/api/v2`. Log in with `POST /api/v1/auth/login` (or `/mso/api/v1/auth/login`, or `POST /login`) and send the token as `Authorization: Bearer <token>` or as the `AuthCookie` cookie. Request bodies are JSON whatever the Content-Type (cisco.mso sends `text/json`); bodies of GET and DELETE are ignored. Every error is `{\"code\": <status>, \"message\": <text>}`.",
            "license": {"name": env!("CARGO_PKG_LICENSE"), "identifier": env!("CARGO_PKG_LICENSE")},
        },
        "tags": tags(),
        "security": [{"bearerAuth": []}, {"authCookie": []}],
        "paths": paths,
        "components": components::components(),
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
    params.extend(
        op.query
            .iter()
            .map(|q| json!({"$ref": format!("#/components/parameters/{q}")})),
    );
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
    for e in [
        "BadRequest",
        "Unauthorized",
        "NotFound",
        "Conflict",
        "BadGateway",
    ] {
        if errors.contains(&e) {
            responses.insert(
                error_status(e).to_string(),
                json!({"$ref": format!("#/components/responses/{e}")}),
            );
        }
    }
    responses.insert(
        "500".into(),
        json!({"$ref": "#/components/responses/InternalError"}),
    );
    out["responses"] = Value::Object(responses);
    if op.public {
        out["security"] = json!([]);
    }
    out
}

fn success(op: &Op) -> Value {
    if op.status == 303 {
        return json!({
            "description": op.summary,
            "headers": {"Location": {"description": "Where to go", "schema": {"type": "string"}}},
        });
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
                "template" => (json!({"type": "string"}), "Template name"),
                _ => (json!({"type": "string"}), "Object id (24 hex digits)"),
            };
            json!({"name": name, "in": "path", "required": true, "description": text, "schema": schema})
        })
        .collect()
}

fn tags() -> Value {
    let tags = [
        (
            "auth",
            "Log-in, log-out and login domains (three login styles)",
        ),
        ("platform", "The NDO release this server behaves as"),
        ("users", "Users (read-only)"),
        ("labels", "Site labels"),
        (
            "sites",
            "Sites: NDO's v1 shape and Nexus Dashboard's v2 shape",
        ),
        ("site-lookups", "Objects read live from a site's APIC"),
        ("tenants", "Tenants and their site associations"),
        (
            "schemas",
            "Schemas: templates, template objects and site-local objects",
        ),
        (
            "service-node-types",
            "Service-node types used by service graphs",
        ),
        (
            "validation",
            "Schema validation against the rules and the sites' facts",
        ),
        (
            "deploy",
            "Deploy, undeploy, dry runs, deploy jobs and status, and import from a site",
        ),
        ("infra", "Infra configuration: external TEP pools"),
        (
            "trace",
            "Flow traces through the sites, with what-if changes",
        ),
        ("nd", "Nexus Dashboard user look-ups"),
        ("docs", "This description"),
        ("ui", "The web UI"),
    ];
    tags.iter()
        .map(|(name, description)| json!({"name": name, "description": description}))
        .collect()
}
