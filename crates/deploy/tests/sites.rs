//! The executor against two emulated sites: the seed's workflow (case B of the scenarios:
//! stretched template, a site1 L3Out, a site-local EPG in site2) lands in both sites with
//! shadows where needed; a second deploy writes nothing; undeploy removes what was
//! deployed and leaves the site admins' devices and PBR policies; a failing site does not
//! stop the other; transient failures are retried; an interrupted job is resumed.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use multisite_apic_client::{ApicClient, ClientOptions};
use multisite_deploy::{Action, DeployRequest, Deployer, RetryPolicy, SiteApi, SiteHandle, Status};
use multisite_render::{MoSet, SiteId, SiteInfo};
use multisite_sitesim::{spawn, RunningSite, SiteConfig};
use multisite_store::SqliteStore;
use serde_json::{json, Value};

const PASSWORD: &str = "test-Passw0rd";
const TN: &str = "uni/tn-Tenant1";

fn temp_dir(tag: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let p = std::env::temp_dir().join(format!("deploy-{tag}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&p).unwrap();
    p
}

struct Fabric {
    sites: Vec<RunningSite>,
    clients: Vec<Arc<ApicClient>>,
    dir: PathBuf,
}

impl Fabric {
    async fn start(tag: &str) -> Fabric {
        let dir = temp_dir(tag);
        let mut sites = Vec::new();
        let mut clients = Vec::new();
        for id in [1u32, 2] {
            let site = spawn(SiteConfig::demo(
                id,
                dir.join(format!("site{id}")),
                PASSWORD,
            ))
            .await
            .unwrap();
            let options = ClientOptions {
                backoff: Duration::from_millis(5),
                max_backoff: Duration::from_millis(20),
                ..Default::default()
            };
            let client = Arc::new(
                ApicClient::with_options(&site.base_url(), "admin", PASSWORD, options).unwrap(),
            );
            admin_setup(&client, id).await;
            sites.push(site);
            clients.push(client);
        }
        Fabric {
            sites,
            clients,
            dir,
        }
    }

    fn handles(&self) -> Vec<SiteHandle> {
        self.clients
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let n = i as u32 + 1;
                let info = SiteInfo {
                    id: SiteId::from(n.to_string().as_str()),
                    name: format!("site{n}"),
                    apic_site_id: n,
                };
                SiteHandle::new(info, c.clone() as Arc<dyn SiteApi>)
            })
            .collect()
    }

    async fn store(&self) -> Arc<SqliteStore> {
        Arc::new(
            SqliteStore::open(&self.dir.join("orchestrator.db"))
                .await
                .unwrap(),
        )
    }

    async fn control(
        &self,
        site: usize,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Value {
        let url = format!("{}/_sitesim/{path}", self.sites[site].base_url());
        let mut req = reqwest::Client::new()
            .request(method, url)
            .basic_auth("admin", Some(PASSWORD));
        if let Some(b) = body {
            req = req.json(&b);
        }
        req.send().await.unwrap().json().await.unwrap()
    }

    async fn writes(&self, site: usize) -> u64 {
        self.control(site, reqwest::Method::GET, "writes", None)
            .await["writes"]
            .as_u64()
            .unwrap()
    }

    async fn tree(&self, site: usize) -> MoSet {
        self.clients[site].read_subtree(TN).await.unwrap()
    }
}

impl Drop for Fabric {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// What the site's own admins create: the tenant, the firewall cluster and the PBR policies.
async fn admin_setup(apic: &ApicClient, n: u32) {
    let fw = format!("Site{n}-FW");
    let posts = [
        json!({"fvTenant": {"attributes": {"dn": TN, "name": "Tenant1"}}}),
        json!({"vnsLDevVip": {"attributes": {"dn": format!("{TN}/lDevVip-{fw}"), "name": fw, "managed": "no", "svcType": "FW", "devtype": "VIRTUAL"},
            "children": [
                {"vnsLIf": {"attributes": {"name": "FW-external"}}},
                {"vnsLIf": {"attributes": {"name": "FW-internal"}}}]}}),
        json!({"vnsSvcRedirectPol": {"attributes": {"dn": format!("{TN}/svcCont/svcRedirectPol-FW-external"), "name": "FW-external"}}}),
        json!({"vnsSvcRedirectPol": {"attributes": {"dn": format!("{TN}/svcCont/svcRedirectPol-FW-internal"), "name": "FW-internal"}}}),
    ];
    for body in posts {
        let dn = body.as_object().unwrap().values().next().unwrap()["attributes"]["dn"]
            .as_str()
            .unwrap()
            .to_string();
        apic.post_mo(&dn, &body)
            .await
            .unwrap_or_else(|e| panic!("admin setup {dn}: {e}"));
    }
}

fn schema() -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/schema-case-b.json"
        ))
        .unwrap(),
    )
    .unwrap()
}

fn tenants() -> BTreeMap<String, String> {
    [("tenant1-id".to_string(), "Tenant1".to_string())].into()
}

fn request(template: &str) -> DeployRequest {
    DeployRequest::new(schema(), template, tenants())
}

const TEMPLATES: [&str; 3] = ["template-stretched", "template-site1", "template-site2"];

async fn deploy_all(d: &Deployer<SqliteStore>) {
    for t in TEMPLATES {
        let job = d.deploy_template(request(t)).await.unwrap();
        assert_eq!(job.status, Status::Succeeded, "{t}: {:#?}", job.sites);
    }
}

fn fast() -> RetryPolicy {
    RetryPolicy {
        attempts: 4,
        backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(20),
    }
}

#[tokio::test]
async fn the_workflow_lands_in_both_sites_and_undeploys_cleanly() {
    let fabric = Fabric::start("workflow").await;
    let d = Deployer::new(fabric.store().await, fabric.handles()).with_retry(fast());
    deploy_all(&d).await;

    let s1 = fabric.tree(0).await;
    let s2 = fabric.tree(1).await;
    let ann = |set: &MoSet, dn: &str| {
        set.get(&format!("{TN}/{dn}"))
            .map(|m| m.annotation().to_string())
            .unwrap_or_else(|| panic!("missing {dn}"))
    };
    for set in [&s1, &s2] {
        for dn in [
            "ctx-vrf1",
            "BD-bd-app",
            "BD-bd-fw-external",
            "ap-app/epg-web",
            "flt-icmp/e-icmp",
            "brc-c1/subj-msc-subject/rsSubjGraphAtt",
            "AbsGraph-sg-firewall/AbsNode-node1",
        ] {
            assert_eq!(ann(set, dn), "orchestrator:msc", "{dn}");
        }
    }
    assert_eq!(
        ann(&s1, "out-l3out-intersite/instP-extEpg"),
        "orchestrator:msc"
    );
    assert_eq!(
        ann(&s2, "out-l3out-intersite/instP-extEpg"),
        "orchestrator:msc-shadow:yes"
    );
    assert_eq!(ann(&s2, "ap-app/epg-db"), "orchestrator:msc");
    assert_eq!(ann(&s1, "ap-app/epg-db"), "orchestrator:msc-shadow:yes");
    assert_eq!(ann(&s1, "BD-bd-db"), "orchestrator:msc-shadow:yes");
    for (set, fw) in [(&s1, "Site1-FW"), (&s2, "Site2-FW")] {
        let ldev = set
            .get(&format!(
                "{TN}/ldevCtx-c-c1-g-sg-firewall-n-node1/rsLDevCtxToLDev"
            ))
            .unwrap();
        assert_eq!(
            ldev.attr("tDn"),
            Some(format!("{TN}/lDevVip-{fw}").as_str())
        );
        let lif = set
            .get(&format!(
                "{TN}/ldevCtx-c-c1-g-sg-firewall-n-node1/lIfCtx-c-consumer/rsLIfCtxToLIf"
            ))
            .unwrap();
        assert_eq!(
            lif.attr("tDn"),
            Some(format!("{TN}/lDevVip-{fw}/lIf-FW-internal").as_str())
        );
    }
    // Remote ids carry the other site's allocation.
    let web2 = s2
        .get(&format!("{TN}/ap-app/epg-web"))
        .unwrap()
        .attr("pcTag")
        .unwrap()
        .to_string();
    let remote = s1
        .get(&format!("{TN}/ap-app/epg-web/stAsc/site-2"))
        .expect("remote id of web in site1");
    assert_eq!(remote.attr("remotePcTag"), Some(web2.as_str()));

    let states = d.policy_states(&schema()).await.unwrap();
    assert_eq!(states.len(), 4);
    assert!(
        states
            .iter()
            .all(|p| p.deployed && p.last_status == Some(Status::Succeeded)),
        "{states:#?}"
    );

    // A second deploy pushes nothing, and the dry run agrees.
    for i in 0..2 {
        fabric
            .control(i, reqwest::Method::POST, "writes/reset", None)
            .await;
    }
    for t in TEMPLATES {
        let plan = d.plan(&request(t), Action::Deploy).await.unwrap();
        assert!(plan.values().all(|c| c.is_empty()), "{t}: {plan:#?}");
        let job = d.deploy_template(request(t)).await.unwrap();
        assert_eq!(job.status, Status::Succeeded);
        assert!(
            job.sites.values().all(|s| s.objects.is_empty()),
            "{t}: {:#?}",
            job.sites
        );
    }
    assert_eq!((fabric.writes(0).await, fabric.writes(1).await), (0, 0));

    // Undeploy everything: only the admins' objects remain.
    for t in TEMPLATES.iter().rev() {
        let job = d.undeploy(request(t)).await.unwrap();
        assert_eq!(job.status, Status::Succeeded, "{t}: {:#?}", job.sites);
    }
    for (i, fw) in [(0, "Site1-FW"), (1, "Site2-FW")] {
        let left = fabric.tree(i).await;
        let owned: Vec<&str> = left
            .iter()
            .filter(|m| m.is_owned())
            .map(|m| m.dn.as_str())
            .collect();
        assert!(owned.is_empty(), "site{} keeps {owned:?}", i + 1);
        for dn in [
            format!("{TN}/lDevVip-{fw}/lIf-FW-external"),
            format!("{TN}/svcCont/svcRedirectPol-FW-internal"),
            TN.to_string(),
        ] {
            assert!(left.contains(&dn), "site{} lost {dn}", i + 1);
        }
    }
    assert!(d.deployed("sid-intersite-pbr").await.unwrap().is_empty());
    assert!(d
        .policy_states(&schema())
        .await
        .unwrap()
        .iter()
        .all(|p| !p.deployed));
}

/// The server runs jobs on their own tasks: the futures must be `Send`.
#[allow(dead_code)]
fn jobs_can_run_on_spawned_tasks(d: Arc<Deployer<SqliteStore>>) {
    fn send<T: Send>(_: T) {}
    send(async move { d.deploy_template(request("template-stretched")).await });
}

#[tokio::test]
async fn a_down_site_fails_alone_and_flaky_sites_are_retried() {
    let fabric = Fabric::start("faults").await;
    let d = Deployer::new(fabric.store().await, fabric.handles()).with_retry(fast());
    fabric
        .control(
            1,
            reqwest::Method::POST,
            "faults",
            Some(json!({"down": true})),
        )
        .await;
    let job = d
        .deploy_template(request("template-stretched"))
        .await
        .unwrap();
    assert_eq!(job.status, Status::PartiallySucceeded);
    assert_eq!(job.sites[&SiteId::from("1")].status, Status::Succeeded);
    assert_eq!(job.sites[&SiteId::from("2")].status, Status::Failed);
    assert!(job.sites[&SiteId::from("2")].error.is_some());

    fabric
        .control(
            1,
            reqwest::Method::POST,
            "faults",
            Some(json!({"down": false, "fail_next": 2})),
        )
        .await;
    let job = d
        .deploy_template(request("template-stretched"))
        .await
        .unwrap();
    assert_eq!(job.status, Status::Succeeded, "{:#?}", job.sites);
    assert!(!job.sites[&SiteId::from("2")].objects.is_empty());
    let stored = d.job_status(&job.id).await.unwrap();
    assert_eq!(stored, job);
}

#[tokio::test]
async fn an_interrupted_job_is_resumed_after_a_restart() {
    let fabric = Fabric::start("resume").await;
    let pending = {
        let d = Deployer::new(fabric.store().await, fabric.handles()).with_retry(fast());
        d.submit(request("template-stretched"), Action::Deploy)
            .await
            .unwrap()
    };
    let d = Deployer::new(fabric.store().await, fabric.handles()).with_retry(fast());
    assert_eq!(
        d.job_status(&pending.id).await.unwrap().status,
        Status::Pending
    );
    let resumed = d.resume().await.unwrap();
    assert_eq!(resumed.len(), 1);
    assert_eq!(resumed[0].id, pending.id);
    assert_eq!(
        resumed[0].status,
        Status::Succeeded,
        "{:#?}",
        resumed[0].sites
    );
    assert!(d.resume().await.unwrap().is_empty());
    assert!(fabric.tree(1).await.contains(&format!("{TN}/ctx-vrf1")));
}

#[tokio::test]
async fn an_imported_l3out_deploys_with_no_change() {
    let fabric = Fabric::start("import").await;
    let site1 = &fabric.clients[0];
    let made_by_hand = [
        json!({"fvCtx": {"attributes": {"dn": format!("{TN}/ctx-vrf-core"), "name": "vrf-core"}}}),
        json!({"l3extOut": {"attributes": {"dn": format!("{TN}/out-l3out-core"), "name": "l3out-core"},
            "children": [{"l3extRsEctx": {"attributes": {"tnFvCtxName": "vrf-core"}}}]}}),
    ];
    for body in made_by_hand {
        let dn = body.as_object().unwrap().values().next().unwrap()["attributes"]["dn"]
            .as_str()
            .unwrap()
            .to_string();
        site1.post_mo(&dn, &body).await.unwrap();
    }
    let observed = fabric.tree(0).await;
    let req = multisite_render::ImportRequest {
        tenant: "Tenant1".into(),
        schema_id: "sid-import".into(),
        template: "imported".into(),
        kind: multisite_render::ImportKind::L3Out,
        names: vec!["l3out-core".into()],
        with_relations: true,
    };
    let imported = multisite_render::import(&observed, &req).unwrap();
    let mut template =
        json!({"name": "imported", "displayName": "imported", "tenantId": "tenant1-id"});
    for (k, v) in &imported.template {
        template[k] = Value::Array(v.clone());
    }
    let mut site = json!({"siteId": "1", "templateName": "imported"});
    for (k, v) in &imported.site {
        site[k] = Value::Array(v.clone());
    }
    let schema = json!({"id": "sid-import", "displayName": "imported", "templates": [template], "sites": [site]});

    let d = Deployer::new(fabric.store().await, fabric.handles()).with_retry(fast());
    fabric
        .control(0, reqwest::Method::POST, "writes/reset", None)
        .await;
    let job = d
        .deploy_template(DeployRequest::new(schema, "imported", tenants()))
        .await
        .unwrap();
    assert_eq!(job.status, Status::Succeeded, "{:#?}", job.sites);
    assert!(
        job.sites[&SiteId::from("1")].objects.is_empty(),
        "{:#?}",
        job.sites
    );
    assert_eq!(fabric.writes(0).await, 0);
}

#[tokio::test]
async fn a_dry_run_shows_each_sites_changes_and_pushes_nothing() {
    let fabric = Fabric::start("plan").await;
    let d = Deployer::new(fabric.store().await, fabric.handles()).with_retry(fast());
    fabric
        .control(0, reqwest::Method::POST, "writes/reset", None)
        .await;
    fabric
        .control(1, reqwest::Method::POST, "writes/reset", None)
        .await;
    let plan = d
        .plan(&request("template-stretched"), Action::Deploy)
        .await
        .unwrap();
    assert_eq!(
        plan.keys().map(|s| s.as_str()).collect::<Vec<_>>(),
        ["1", "2"]
    );
    for (site, changes) in &plan {
        let text = multisite_render::changes_text(changes);
        assert!(
            text.contains(&format!("+ {TN}/ctx-vrf1 fvCtx")),
            "{site}: {text}"
        );
        let n = site.as_str();
        assert!(
            text.contains(&format!("tDn=uni/tn-Tenant1/lDevVip-Site{n}-FW\n")),
            "{site}: {text}"
        );
        // The tenant the admins made is adopted, never created again.
        assert!(
            !text.contains(&format!("+ {TN} fvTenant")),
            "{site}: {text}"
        );
    }
    assert_eq!((fabric.writes(0).await, fabric.writes(1).await), (0, 0));
    assert!(d.jobs().await.unwrap().is_empty());
}
