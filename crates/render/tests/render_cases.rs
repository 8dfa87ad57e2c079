//! Data-driven rendering tests: every folder under `tests/data/render/` holds a schema
//! document (`schema.json`), the context (`context.json`: tenants and sites), optionally
//! what each site holds (`observed-<site>.txt`, for the remote ids), and the expected
//! listing of each site (`expected-<site>.txt`). `UPDATE_EXPECT=1` rewrites the expected files.

use std::path::{Path, PathBuf};

use multisite_render::{diff, render_all, MoSet, RenderContext, SiteId, SiteInfo};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/render")
}

#[derive(serde::Deserialize)]
struct Context {
    tenants: std::collections::BTreeMap<String, String>,
    sites: Vec<SiteInfo>,
}

fn load(case: &Path) -> (serde_json::Value, RenderContext) {
    let schema =
        serde_json::from_str(&std::fs::read_to_string(case.join("schema.json")).unwrap()).unwrap();
    let c: Context =
        serde_json::from_str(&std::fs::read_to_string(case.join("context.json")).unwrap()).unwrap();
    let mut ctx = RenderContext {
        tenants: c.tenants,
        sites: c.sites,
        ..Default::default()
    };
    for s in &ctx.sites.clone() {
        let p = case.join(format!("observed-{}.txt", s.id));
        if let Ok(text) = std::fs::read_to_string(&p) {
            ctx.observed
                .insert(s.id.clone(), MoSet::parse_listing(&text).unwrap());
        }
    }
    (schema, ctx)
}

/// Compare `actual` with the file, or rewrite the file under `UPDATE_EXPECT`.
fn check_file(path: &Path, actual: &str) {
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path)
        .unwrap_or_else(|_| panic!("missing {}; run with UPDATE_EXPECT=1", path.display()));
    if expected != actual {
        panic!(
            "{} differs:\n--- expected\n{expected}\n--- actual\n{actual}",
            path.display()
        );
    }
}

fn cases() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(data_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    assert!(v.len() >= 4, "expected the scenario cases A-D");
    v
}

#[test]
fn rendered_sites_match_expected_listings() {
    for case in cases() {
        let (schema, ctx) = load(&case);
        let sites = render_all(&schema, &ctx).unwrap();
        for (site, set) in &sites {
            check_file(&case.join(format!("expected-{site}.txt")), &set.listing());
        }
    }
}

#[test]
fn a_rendered_site_applied_to_itself_needs_no_change() {
    for case in cases() {
        let (schema, ctx) = load(&case);
        for set in render_all(&schema, &ctx).unwrap().values() {
            assert!(diff(set, set).is_empty(), "{}", case.display());
        }
    }
}

#[test]
fn rendering_is_deterministic() {
    let case = &cases()[0];
    let (schema, ctx) = load(case);
    let once = render_all(&schema, &ctx).unwrap();
    let twice = render_all(&schema, &ctx).unwrap();
    assert_eq!(once, twice);
    assert!(once.contains_key(&SiteId::from("1")) && once.contains_key(&SiteId::from("2")));
}
