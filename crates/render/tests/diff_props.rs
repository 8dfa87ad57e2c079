//! Properties of the diff: diff(a, a) is empty; applying diff(b, a) to a yields b (for
//! trees the orchestrator owns entirely); objects the site's admins made are never removed.

use multisite_render::{apply, diff, Mo, MoSet, OWNER_ANNOTATION};
use proptest::prelude::*;

const RNS: &[&str] = &[
    "ctx-a",
    "BD-b",
    "ap-c",
    "epg-d",
    "subnet-[10.0.0.1/24]",
    "rsctx",
];

/// A tree under `uni/tn-t`: each generated path becomes an object with all its ancestors.
fn tree(owned_only: bool) -> impl Strategy<Value = MoSet> {
    let path = prop::collection::vec(0..RNS.len(), 1..4);
    let obj = (
        path,
        prop::collection::btree_map("[a-c]", "[x-z]{0,2}", 0..3),
        any::<bool>(),
    );
    prop::collection::vec(obj, 0..12).prop_map(move |objs| {
        let mut set = MoSet::new();
        set.insert(Mo::new("fvTenant", "uni/tn-t").with("annotation", OWNER_ANNOTATION));
        for (path, attrs, owned) in objs {
            let mut dn = "uni/tn-t".to_string();
            for (depth, i) in path.iter().enumerate() {
                dn = format!("{dn}/{}", RNS[*i]);
                let own = owned_only || owned || depth + 1 < path.len();
                if !set.contains(&dn) {
                    let ann = if own { OWNER_ANNOTATION } else { "" };
                    set.insert(
                        Mo::new(if own { "cls" } else { "adminCls" }, dn.clone())
                            .with("annotation", ann),
                    );
                }
            }
            if let Some(mo) = set.get_mut(&dn) {
                mo.attrs.extend(attrs);
            }
        }
        set
    })
}

proptest! {
    #[test]
    fn no_change_against_itself(a in tree(false)) {
        prop_assert!(diff(&a, &a).is_empty());
    }

    #[test]
    fn applying_the_diff_reaches_the_desired_tree(a in tree(true), b in tree(true)) {
        let changes = diff(&b, &a);
        let mut r = a.clone();
        apply(&mut r, &changes);
        for want in b.iter() {
            let have = r.get(&want.dn);
            prop_assert!(have.is_some(), "missing {}", want.dn);
            for (k, v) in &want.attrs {
                prop_assert_eq!(have.and_then(|h| h.attr(k)), Some(v.as_str()));
            }
        }
        for have in r.iter() {
            prop_assert!(b.contains(&have.dn), "left behind {}", have.dn);
        }
        prop_assert!(diff(&b, &r).is_empty());
    }

    #[test]
    fn admin_objects_survive(a in tree(false), b in tree(true)) {
        let mut r = a.clone();
        apply(&mut r, &diff(&b, &a));
        for mo in a.iter().filter(|m| !m.is_owned()) {
            prop_assert!(r.contains(&mo.dn), "removed {}", mo.dn);
        }
        prop_assert!(diff(&b, &r).is_empty());
    }
}
