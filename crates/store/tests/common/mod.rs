//! The behaviour every backend must show, written once against the [`Store`] trait.
//!
//! Each backend's test file provides `fresh()` (an empty store that cleans up after
//! itself) and expands [`store_suite!`], which turns every case below into a test.

#![allow(dead_code)]

pub mod cases;
pub mod concurrency;

use multisite_store::{StoreError, Unit};
use serde_json::{json, Value};

/// Expands one `#[tokio::test]` per shared case, each on a fresh store from `$fresh`,
/// an async fn returning `Option<fixture>` (`None`: the backend is skipped) where the
/// fixture has a `store: Arc<impl Store>` field and an `async fn cleanup(self)`.
#[macro_export]
macro_rules! store_suite {
    ($fresh:path) => {
        $crate::store_suite!(@cases $fresh;
            create_then_load,
            commit_writes_only_the_change,
            header_and_name_change_in_a_commit,
            stale_commit_conflicts_and_writes_nothing,
            missing_schema_is_not_found,
            duplicate_ids_and_names_are_refused,
            rename_onto_taken_name_writes_nothing,
            replace_swaps_every_unit,
            delete_cascades_to_units,
            schemas_list_in_creation_order,
            units_order_by_ord_then_key,
            docs_crud_for_every_kind,
            doc_names_are_unique_per_kind,
        );
        #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
        async fn sixteen_concurrent_writers_lose_nothing() {
            let Some(f) = $fresh().await else { return };
            common::concurrency::sixteen_concurrent_writers_lose_nothing(f.store.clone()).await;
            f.cleanup().await;
        }
    };
    (@cases $fresh:path; $($case:ident,)*) => {
        $(
            #[tokio::test]
            async fn $case() {
                let Some(f) = $fresh().await else { return };
                common::cases::$case(&*f.store).await;
                f.cleanup().await;
            }
        )*
    };
}

/// A unit with a small recognisable body.
pub fn unit(key: &str, ord: i64, tag: &str) -> Unit {
    Unit {
        key: key.to_owned(),
        ord,
        body: json!({ "name": key.rsplit('/').next(), "tag": tag }),
    }
}

pub fn header(name: &str) -> Value {
    json!({ "displayName": name, "templates": [{ "name": "t1" }] })
}

/// The keys and tags of units, for compact comparisons.
pub fn keys_and_tags(units: &[Unit]) -> Vec<(String, i64, String)> {
    units
        .iter()
        .map(|u| {
            (
                u.key.clone(),
                u.ord,
                u.body["tag"].as_str().unwrap_or("?").to_owned(),
            )
        })
        .collect()
}

pub fn expect_conflict(r: Result<i64, StoreError>, want_expected: i64, want_found: i64) {
    match r {
        Err(StoreError::Conflict {
            expected, found, ..
        }) => {
            assert_eq!((expected, found), (want_expected, want_found));
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
}

pub fn expect_not_found<T: std::fmt::Debug>(r: Result<T, StoreError>) {
    assert!(
        matches!(r, Err(StoreError::NotFound { .. })),
        "expected NotFound, got {r:?}"
    );
}

pub fn expect_duplicate<T: std::fmt::Debug>(r: Result<T, StoreError>, want_name: &str) {
    match r {
        Err(StoreError::Duplicate { name, .. }) => assert_eq!(name, want_name),
        other => panic!("expected Duplicate({want_name}), got {other:?}"),
    }
}
