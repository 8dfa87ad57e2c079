//! Every rendered object is one the site controller accepts as it is: a known class under
//! an allowed parent class, an RN that matches the class's format, only configurable
//! attributes, and every value already in the controller's canonical form (so that what
//! the site stores reads back equal and a second deploy finds nothing to change).

use std::path::Path;

use multisite_apic::{dn, meta, value};
use multisite_render::{render_all, MoSet, RenderContext, SiteInfo};

#[derive(serde::Deserialize)]
struct Context {
    tenants: std::collections::BTreeMap<String, String>,
    sites: Vec<SiteInfo>,
}

fn problems(set: &MoSet) -> Vec<String> {
    let mut out = Vec::new();
    for mo in set.iter() {
        let Some(class) = meta::class(&mo.class) else {
            out.push(format!("{}: unknown class {}", mo.dn, mo.class));
            continue;
        };
        let (parent, rn) = dn::parent_and_rn(&mo.dn);
        if dn::match_rn(&class.rn_parts, rn).is_none() {
            out.push(format!("{}: RN does not match {}", mo.dn, class.meta.rn));
        }
        if let Some(parent_class) = parent.and_then(|p| set.get(p)).map(|p| p.class.as_str()) {
            if !meta::registry().may_contain(parent_class, &mo.class) {
                out.push(format!(
                    "{}: {} may not live under {parent_class}",
                    mo.dn, mo.class
                ));
            }
        }
        for (k, v) in &mo.attrs {
            match class.prop(k) {
                None => out.push(format!("{}: {} has no attribute {k}", mo.dn, mo.class)),
                Some(p) if p.access == meta::Access::ReadOnly => {
                    out.push(format!("{}: {k} is read-only", mo.dn))
                }
                Some(p) => match value::canonical(p, v) {
                    Ok(c) if c == *v => {}
                    Ok(c) => out.push(format!("{}: {k}={v} is stored as {c}", mo.dn)),
                    Err(e) => out.push(format!("{}: {k}={v} is refused: {e:?}", mo.dn)),
                },
            }
        }
    }
    out
}

#[test]
fn every_rendered_object_is_accepted_unchanged_by_the_site() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/render");
    for case in std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
    {
        let schema =
            serde_json::from_str(&std::fs::read_to_string(case.join("schema.json")).unwrap())
                .unwrap();
        let c: Context =
            serde_json::from_str(&std::fs::read_to_string(case.join("context.json")).unwrap())
                .unwrap();
        let ctx = RenderContext {
            tenants: c.tenants,
            sites: c.sites,
            ..Default::default()
        };
        for (site, set) in render_all(&schema, &ctx).unwrap() {
            let found = problems(&set);
            assert!(
                found.is_empty(),
                "{} site {site}:\n{}",
                case.display(),
                found.join("\n")
            );
        }
    }
}

#[test]
fn the_check_catches_what_a_site_would_refuse_or_rewrite() {
    let bad = MoSet::parse_listing(
        "uni/tn-t fvTenant name=t\n\
         uni/tn-t/ctx-v fvCtx name=v pcTag=5\n\
         uni/tn-t/BD-b fvBD name=b mac=00-22-bd-f8-19-ff\n\
         uni/tn-t/BD-b/rsctx fvRsCtx tnFvCtxName=v colour=red\n\
         uni/tn-t/flt-f/e-x vzEntry name=x dFromPort=443\n\
         uni/tn-t/ctx-v/BD-c fvBD name=c\n",
    )
    .unwrap();
    let found = problems(&bad);
    assert_eq!(found.len(), 5, "{found:#?}");
}
