//! Import: objects made on a site directly become template objects that, once rendered
//! for that site, need no change on it.

use multisite_render::{
    diff, import, render_site, ImportKind, ImportRequest, MoSet, RenderContext, SiteId, SiteInfo,
};
use serde_json::{json, Value};

const SITE1: &str = "
uni/tn-Tenant1 fvTenant annotation=\"\" descr=\"\" name=Tenant1
uni/tn-Tenant1/ctx-vrf9 fvCtx annotation=\"\" descr=\"made by hand\" ipDataPlaneLearning=enabled name=vrf9 pcEnfPref=enforced pcTag=49160 scope=2981888
uni/tn-Tenant1/ctx-vrf9/any vzAny annotation=\"\" matchT=AtleastOne prefGrMemb=disabled
uni/tn-Tenant1/out-l3out-core l3extOut annotation=\"\" descr=\"\" enforceRtctrl=export name=l3out-core
uni/tn-Tenant1/out-l3out-core/rsectx l3extRsEctx annotation=\"\" tnFvCtxName=vrf9 state=formed
uni/tn-Tenant1/out-l3out-core/lnodep-border l3extLNodeP annotation=\"\" name=border
uni/tn-Tenant1/out-l3out-core/instP-ext l3extInstP annotation=\"\" descr=\"\" name=ext pcTag=16400 prefGrMemb=exclude prio=unspecified
uni/tn-Tenant1/out-l3out-core/instP-ext/extsubnet-[0.0.0.0/0] l3extSubnet aggregate=\"\" annotation=\"\" ip=0.0.0.0/0 name=\"\" scope=import-security
uni/tn-Tenant1/BD-bd9 fvBD OptimizeWanBandwidth=no annotation=\"\" arpFlood=yes descr=\"\" hostBasedRouting=no intersiteBumTrafficAllow=no intersiteL2Stretch=no mac=00:22:BD:F8:19:FF multiDstPktAct=bd-flood name=bd9 unicastRoute=yes unkMacUcastAct=flood unkMcastAct=flood v6unkMcastAct=flood
uni/tn-Tenant1/BD-bd9/rsctx fvRsCtx annotation=\"\" tnFvCtxName=vrf9
uni/tn-Tenant1/BD-bd9/subnet-[10.9.0.1/24] fvSubnet annotation=\"\" ctrl=nd ip=10.9.0.1/24 preferred=no scope=private virtual=no
";

fn schema_with(imported: &multisite_render::Imported) -> Value {
    let mut template = json!({"name": "imported", "tenantId": "t1"});
    for (k, v) in &imported.template {
        template[k] = Value::Array(v.clone());
    }
    let mut site = json!({"siteId": "1", "templateName": "imported"});
    for (k, v) in &imported.site {
        site[k] = Value::Array(v.clone());
    }
    json!({"id": "S", "displayName": "s", "templates": [template], "sites": [site]})
}

fn ctx() -> RenderContext {
    RenderContext {
        tenants: [("t1".to_string(), "Tenant1".to_string())].into(),
        sites: vec![SiteInfo {
            id: SiteId::from("1"),
            name: "site1".into(),
            apic_site_id: 1,
        }],
        ..Default::default()
    }
}

fn request(kind: ImportKind, names: &[&str], with_relations: bool) -> ImportRequest {
    ImportRequest {
        tenant: "Tenant1".into(),
        schema_id: "S".into(),
        template: "imported".into(),
        kind,
        names: names.iter().map(|s| s.to_string()).collect(),
        with_relations,
    }
}

#[test]
fn an_imported_l3out_with_its_vrf_deploys_with_no_change() {
    let site = MoSet::parse_listing(SITE1).unwrap();
    let imported = import(&site, &request(ImportKind::L3Out, &["l3out-core"], true)).unwrap();
    assert_eq!(imported.template["vrfs"][0]["name"], "vrf9");
    assert_eq!(
        imported.template["intersiteL3outs"][0]["vrfRef"],
        "/schemas/S/templates/imported/vrfs/vrf9"
    );
    let desired = render_site(&schema_with(&imported), &ctx(), &SiteId::from("1")).unwrap();
    assert!(desired.contains("uni/tn-Tenant1/out-l3out-core/rsectx"));
    let changes = diff(&desired, &site);
    assert!(
        changes.is_empty(),
        "{}",
        multisite_render::changes_text(&changes)
    );
}

#[test]
fn external_epg_and_bd_imports_round_trip() {
    let site = MoSet::parse_listing(SITE1).unwrap();
    let mut all = import(
        &site,
        &request(ImportKind::ExternalEpg, &["l3out-core/ext"], true),
    )
    .unwrap();
    let bd = import(&site, &request(ImportKind::Bd, &["bd9"], false)).unwrap();
    for (k, v) in bd.template {
        all.template.entry(k).or_default().extend(v);
    }
    for (k, v) in bd.site {
        all.site.entry(k).or_default().extend(v);
    }
    let desired = render_site(&schema_with(&all), &ctx(), &SiteId::from("1")).unwrap();
    assert!(desired.contains("uni/tn-Tenant1/BD-bd9/subnet-[10.9.0.1/24]"));
    assert!(desired.contains("uni/tn-Tenant1/out-l3out-core/instP-ext/extsubnet-[0.0.0.0/0]"));
    assert!(
        diff(&desired, &site).is_empty(),
        "{}",
        multisite_render::changes_text(&diff(&desired, &site))
    );
}

#[test]
fn importing_what_the_site_lacks_is_refused() {
    let site = MoSet::parse_listing(SITE1).unwrap();
    assert!(import(&site, &request(ImportKind::Vrf, &["nope"], false)).is_err());
    assert!(import(&site, &request(ImportKind::Epg, &["no-slash"], false)).is_err());
}

const SITE_EPG: &str = "
uni/tn-Tenant1 fvTenant annotation=\"\" name=Tenant1
uni/tn-Tenant1/ctx-vrf9 fvCtx annotation=\"\" descr=\"\" ipDataPlaneLearning=enabled name=vrf9
uni/tn-Tenant1/BD-bd9 fvBD OptimizeWanBandwidth=no annotation=\"\" arpFlood=no descr=\"\" hostBasedRouting=no intersiteBumTrafficAllow=no intersiteL2Stretch=no mac=00:22:BD:F8:19:FF multiDstPktAct=bd-flood name=bd9 unicastRoute=yes unkMacUcastAct=proxy unkMcastAct=flood v6unkMcastAct=flood
uni/tn-Tenant1/BD-bd9/rsctx fvRsCtx annotation=\"\" tnFvCtxName=vrf9
uni/tn-Tenant1/ap-shop fvAp annotation=\"\" descr=\"\" name=shop prio=unspecified
uni/tn-Tenant1/ap-shop/epg-cart fvAEPg annotation=\"\" descr=\"\" name=cart pcEnfPref=unenforced prefGrMemb=exclude
uni/tn-Tenant1/ap-shop/epg-cart/rsbd fvRsBd annotation=\"\" tnFvBDName=bd9
uni/tn-Tenant1/ap-shop/epg-cart/rscons-c9 fvRsCons annotation=\"\" tnVzBrCPName=c9
uni/tn-Tenant1/brc-c9 vzBrCP annotation=\"\" descr=\"\" name=c9 prio=unspecified scope=tenant
uni/tn-Tenant1/brc-c9/subj-msc-subject vzSubj annotation=\"\" name=msc-subject revFltPorts=yes
uni/tn-Tenant1/brc-c9/subj-msc-subject/rssubjFiltAtt-f9 vzRsSubjFiltAtt action=permit annotation=\"\" directives=log priorityOverride=default tnVzFilterName=f9
uni/tn-Tenant1/flt-f9 vzFilter annotation=\"\" descr=\"\" name=f9
uni/tn-Tenant1/flt-f9/e-ssh vzEntry annotation=\"\" applyToFrag=no arpOpc=unspecified dFromPort=22 dToPort=22 descr=\"\" etherT=ip name=ssh prot=tcp sFromPort=unspecified sToPort=unspecified stateful=yes tcpRules=est
";

#[test]
fn an_epg_imported_with_its_relations_brings_bd_vrf_contract_and_filter() {
    let site = MoSet::parse_listing(SITE_EPG).unwrap();
    let imported = import(&site, &request(ImportKind::Epg, &["shop/cart"], true)).unwrap();
    let names = |c: &str| {
        imported.template[c]
            .iter()
            .map(|v| v["name"].as_str().unwrap_or("").to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(names("vrfs"), ["vrf9"]);
    assert_eq!(names("bds"), ["bd9"]);
    assert_eq!(names("contracts"), ["c9"]);
    assert_eq!(names("filters"), ["f9"]);
    let desired = render_site(&schema_with(&imported), &ctx(), &SiteId::from("1")).unwrap();
    assert!(desired.contains("uni/tn-Tenant1/flt-f9/e-ssh"));
    let changes = diff(&desired, &site);
    assert!(
        changes.is_empty(),
        "{}",
        multisite_render::changes_text(&changes)
    );
}
