//! The operation table: one entry per method and path the router serves, with what it
//! takes, what it answers and which errors it can give.

/// Where an operation is mounted.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mount {
    V1,
    V2,
    Root,
}

/// One documented operation.
pub struct Op {
    pub mount: Mount,
    pub method: &'static str,
    pub path: &'static str,
    pub id: &'static str,
    pub tag: &'static str,
    pub summary: &'static str,
    pub description: &'static str,
    pub body: Option<&'static str>,
    pub status: u16,
    pub reply: Option<&'static str>,
    pub errors: &'static [&'static str],
    pub query: &'static [&'static str],
    pub public: bool,
    pub modified: bool,
}

fn op(
    mount: Mount,
    method: &'static str,
    path: &'static str,
    id: &'static str,
    tag: &'static str,
) -> Op {
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
    fn redirect(mut self) -> Op {
        self.status = 303;
        self.reply = None;
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
pub fn operations() -> Vec<Op> {
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
        op(V1, "get", "/schemas/{id}/policy-states", "listPolicyStates", "deploy")
            .says("Each (site, template) of a schema with the state of every template object", "`created` before the template's first deploy to the site, `deployed` after.")
            .ok(200, "PolicyStateList").errors(&["NotFound", "BadGateway"]),
        op(V1, "post", "/schemas/{id}/templates/{template}/plan", "planDeploy", "deploy")
            .says("Dry run: what a deploy (or undeploy) would change on each site", "Reads the sites; pushes nothing. No body.")
            .query(&["undeployPlan"]).ok(200, "Plan").errors(&["BadRequest", "NotFound", "BadGateway"]),
        op(V1, "post", "/schemas/{id}/templates/{template}/import", "importFromSite", "deploy")
            .says("Import objects of one kind from a site into a template", "The template gets the site's objects (and, when asked, what they refer to); the site is associated with the template when it is not yet.")
            .body("ImportRequest").ok(200, "ImportReply").errors(&["BadRequest", "NotFound", "Conflict", "BadGateway"]),
        op(V1, "post", "/task", "createTask", "deploy")
            .says("Deploy or undeploy a template (NDO task)", "Without `undeploy` the template is validated and deployed to its sites: a schema that breaks a rule is refused (400, every finding listed) and nothing reaches any site. With `undeploy` the template's objects are taken away from the listed sites (every site when the list is empty). A job that does not succeed everywhere is a 502 naming each site's error.")
            .body("TaskRequest").ok(202, "Task").errors(&["BadRequest", "NotFound", "BadGateway"]),
        op(V1, "get", "/execute/schema/{id}/template/{template}", "executeDeploy", "deploy")
            .says("Deploy (or, with `undeploy`, undeploy from one site) a template (legacy form)", "As `POST /task`; a JSON body, which the legacy client sends, is ignored.")
            .query(&["undeploySite"]).ok(200, "ExecuteReply").errors(&["BadRequest", "NotFound", "BadGateway"]),
        op(V1, "get", "/status/schema/{id}/template/{template}", "getDeployStatus", "deploy")
            .says("A template's deploy status on each of its sites", "").ok(200, "DeployStatusList").errors(&["NotFound", "BadGateway"]),
        op(V1, "get", "/deploy/jobs", "listDeployJobs", "deploy").says("Every deploy job, newest first", "").ok(200, "TaskList"),
        op(V1, "get", "/deploy/jobs/{id}", "getDeployJob", "deploy")
            .says("One deploy job with its per-site, per-object results", "").ok(200, "Task").errors(NF),
        op(V1, "get", "/infra/sites", "listInfraSites", "infra").says("Every site's pods and TEP pools", "").ok(200, "InfraSiteList"),
        op(V1, "put", "/infra/sites/{site}/pods/{pod}", "setPodExternalTepPools", "infra")
            .says("Set a pod's external TEP pools", "Refused (400, with every overlap named) when a pool overlaps another site's pools or any fabric TEP pool; nothing changes then.")
            .body("PodTepPools").ok(200, "InfraSite").errors(BAD_NF),
        op(V1, "post", "/trace", "traceFlow", "trace")
            .says("Trace one flow through the sites as they are now", "With `schema`, that schema's rendered objects are laid over what the sites hold first; the what-if changes are then applied in order. Nothing is written to any site.")
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
        op(Root, "get", "/", "root", "ui").says("Redirect to the web UI", "The web UI (under `/ui/`) is HTML pages with their own log-in, not described here.").redirect().public(),
    ]
}
