//! Refs, CIDRs, tenants and sites: parsing, printing, and the user-visible rules.

use multisite_model::*;
use serde_json::json;

#[test]
fn refs_parse_and_print_canonical_strings() {
    for s in [
        "/schemas/s1/templates/t1/vrfs/v1",
        "/schemas/s1/templates/t1/l3outs/l1",
        "/schemas/s1/templates/t1/anps/a1/epgs/e1",
        "/schemas/s1/templates/t1/serviceGraphs/sg/serviceNodes/node1",
    ] {
        assert_eq!(Ref::parse(s).unwrap().to_string(), s);
    }
    let epg = Ref::parse("/schemas/s1/templates/t1/anps/a1/epgs/e1").unwrap();
    assert_eq!(epg.kind(), RefKind::Epg);
    assert_eq!(epg.name(), "e1");
    for bad in [
        "",
        "/schemas/s1",
        "/schemas/s1/templates/t1/intersiteL3outs/l1",
        "/schemas/s1/templates/t1/vrfs/v1/x",
        "/schemas//templates/t1/vrfs/v",
    ] {
        assert!(Ref::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn dict_refs_become_strings() {
    let d = json!({"serviceNodeName": "node1", "serviceGraphName": "sg", "templateName": "Template 1", "schemaId": "s1"});
    let r = Ref::from_dict(d.as_object().unwrap(), None).unwrap();
    assert_eq!(
        r.to_string(),
        "/schemas/s1/templates/Template1/serviceGraphs/sg/serviceNodes/node1"
    );
    let missing = json!({"templateName": "t", "schemaId": "s1"});
    let e = Ref::from_dict(missing.as_object().unwrap(), Some(RefKind::Bd)).unwrap_err();
    assert!(e.to_string().contains("missing bdName"), "{e}");
}

#[test]
fn cidr_contains_and_overlaps() {
    let pool = Cidr::parse("10.1.0.0/16").unwrap();
    assert_eq!(pool.to_string(), "10.1.0.0/16");
    assert!(pool.contains("10.1.200.3".parse().unwrap()));
    assert!(!pool.contains("10.2.0.1".parse().unwrap()));
    assert!(pool.overlaps(Cidr::parse("10.1.5.0/24").unwrap()));
    assert!(Cidr::parse("10.0.0.0/8").unwrap().overlaps(pool));
    assert!(!pool.overlaps(Cidr::parse("172.16.1.0/24").unwrap()));
    assert!(Cidr::parse("0.0.0.0/0")
        .unwrap()
        .contains("203.0.113.10".parse().unwrap()));
    for bad in ["10.1.0.0", "10.1.0.0/33", "10.1.0/16", "10.1.0.0/-1", "x/8"] {
        assert!(Cidr::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn tenant_patch_by_site_id_and_modified_flag() {
    let mut t = Tenant::from_client(
        "tn1",
        json!({"name": "Tenant1", "siteAssociations": [{"siteId": "1", "securityDomains": []}]}),
    )
    .unwrap();
    assert_eq!(t.to_json()["displayName"], "Tenant1");
    assert_eq!(t.to_json()["userAssociations"], json!([]));
    let add = json!([{"op": "add", "path": "/siteAssociations/-", "value": {"siteId": "2", "securityDomains": []}}]);
    assert!(t.apply_patch(&add).unwrap());
    let same = json!([{"op": "replace", "path": "/siteAssociations/2", "value": {"siteId": "2", "securityDomains": []}}]);
    assert!(!t.apply_patch(&same).unwrap());
    let rm = json!([{"op": "remove", "path": "/siteAssociations/1"}]);
    assert!(t.apply_patch(&rm).unwrap());
    assert_eq!(t.site_associations.len(), 1);
    let dup = json!([{"op": "add", "path": "/siteAssociations/-", "value": {"siteId": "2"}}]);
    let before = t.clone();
    assert!(t.apply_patch(&dup).is_err());
    assert_eq!(t, before);
    let e = t
        .apply_patch(&json!([{"op": "remove", "path": "/siteAssociations/9"}]))
        .unwrap_err();
    assert_eq!(e.to_string(), "error in remove for path: '/siteAssociations/9': unable to remove nonexistent key: 9: missing value");
    assert!(Tenant::from_client("x", json!({"name": 0})).is_err());
}

#[test]
fn site_masks_password_and_reads_pods() {
    let doc = json!({"name": "site1", "apicSiteId": 1, "urls": ["https://apic1"], "username": "admin", "password": "secret",
                     "location": {"lat": 1.5, "long": 2.0}, "apicVersion": "5.1(4c)",
                     "pods": [{"podId": 1, "name": "pod-1", "tepPool": "10.1.0.0/16", "externalTepPools": ["172.16.1.0/24"]}]});
    let mut site = Site::from_client("site-id-1", doc).unwrap();
    let shown = site.to_json();
    assert_eq!(shown["password"], MASKED_PASSWORD);
    assert_eq!(shown["platform"], "on-premise");
    assert_eq!(shown["apicSiteId"], "1");
    assert_eq!(site.to_stored_json()["password"], "secret");
    assert_eq!(
        site.pods[0].external_tep_pools[0],
        Cidr::parse("172.16.1.0/24").unwrap()
    );
    let previous = site.clone();
    site.password = MASKED_PASSWORD.into();
    site.keep_password_from(&previous);
    assert_eq!(site.password, "secret");
    let bad = Site::from_client("x", json!({"name": "s", "platform": "mainframe"})).unwrap_err();
    assert!(
        bad.to_string()
            .contains("expected one of on-premise, cloud"),
        "{bad}"
    );
    let bad_pool = Site::from_client(
        "x",
        json!({"name": "s", "pods": [{"podId": 1, "tepPool": "10.1.0.0/40"}]}),
    );
    assert!(bad_pool.is_err());
}

#[test]
fn find_and_identity_json() {
    let doc = json!({"displayName": "d", "templates": [{"name": "t1", "tenantId": "tn",
        "vrfs": [{"name": "v1"}], "serviceGraphs": [{"name": "sg", "serviceNodes": [{"name": "n1", "serviceNodeTypeId": "x"}]}]}]});
    let s = Schema::from_client("s1", doc, &NoExternalRefs).unwrap();
    assert!(
        matches!(s.find(&Ref::parse("/schemas/s1/templates/t1/vrfs/v1").unwrap()), Some(Found::Vrf(v)) if v.name == "v1")
    );
    assert!(matches!(
        s.find(&Ref::parse("/schemas/s1/templates/t1/serviceGraphs/sg/serviceNodes/n1").unwrap()),
        Some(Found::ServiceNode(_))
    ));
    assert!(s
        .find(&Ref::parse("/schemas/s2/templates/t1/vrfs/v1").unwrap())
        .is_none());
    let id = s.identity_json();
    assert_eq!(
        id["templates"][0]["templateID"],
        template_id_for("s1", "t1")
    );
    assert_eq!(id["templates"][0]["templateType"], "stretched-template");
    assert_eq!(template_id_for("s1", "t1").len(), 24);
    assert_ne!(template_id_for("s1", "t1"), template_id_for("s1", "t2"));
}

#[test]
fn cross_schema_refs_go_through_the_caller() {
    struct Only(Ref);
    impl ExternalRefs for Only {
        fn exists(&self, r: &Ref) -> bool {
            *r == self.0
        }
    }
    let ext = Only(Ref::parse("/schemas/other/templates/common/vrfs/shared").unwrap());
    let doc = json!({"displayName": "d", "templates": [{"name": "t1", "bds": [{"name": "b", "vrfRef": {"schemaId": "other", "templateName": "common", "vrfName": "shared"}}]}]});
    assert!(Schema::from_client("s1", doc.clone(), &ext).is_ok());
    let e = Schema::from_client("s1", doc, &NoExternalRefs).unwrap_err();
    assert_eq!(e.kind, ErrorKind::BadRequest);
    assert!(
        e.to_string()
            .contains("vrfRef '/schemas/other/templates/common/vrfs/shared' does not exist"),
        "{e}"
    );
}
