//! Data-driven diff tests: every folder under `tests/data/diff/` holds `desired.txt` and
//! `observed.txt` (object listings) and `expected.txt`, the changes in their text form.
//! Each case also checks that applying the changes to `observed` leaves nothing to do.
//! `UPDATE_EXPECT=1` rewrites the expected files.

use std::path::Path;

use multisite_render::{apply, changes_text, diff, MoSet};

fn read(path: &Path) -> MoSet {
    MoSet::parse_listing(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn diffs_match_expected_text() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/diff");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 5);
    for case in cases {
        let desired = read(&case.join("desired.txt"));
        let observed = read(&case.join("observed.txt"));
        let changes = diff(&desired, &observed);
        let text = changes_text(&changes);
        let expected_path = case.join("expected.txt");
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::write(&expected_path, &text).unwrap();
        } else {
            let expected = std::fs::read_to_string(&expected_path).unwrap();
            assert_eq!(expected, text, "{}", case.display());
        }
        let mut after = observed.clone();
        apply(&mut after, &changes);
        assert!(
            diff(&desired, &after).is_empty(),
            "{} does not converge",
            case.display()
        );
    }
}
