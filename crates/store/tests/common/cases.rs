//! The single-writer cases of the shared suite: schemas, versions, errors, documents.

use super::{expect_conflict, expect_duplicate, expect_not_found, header, keys_and_tags, unit};
use multisite_store::{Doc, DocKind, SchemaChange, Store};
use serde_json::json;

fn kt(key: &str, ord: i64, tag: &str) -> (String, i64, String) {
    (key.to_owned(), ord, tag.to_owned())
}

pub async fn create_then_load<S: Store>(s: &S) {
    let units = vec![
        unit("templates/t1/bds/b1", 1, "a"),
        unit("templates/t1/vrfs/v1", 0, "a"),
    ];
    assert_eq!(
        s.create_schema("s1", "Schema One", header("Schema One"), units)
            .await
            .unwrap(),
        1
    );

    let got = s.load_schema("s1").await.unwrap();
    assert_eq!((got.id.as_str(), got.version), ("s1", 1));
    assert_eq!(got.header, header("Schema One"));
    assert_eq!(
        keys_and_tags(&got.units),
        vec![
            kt("templates/t1/vrfs/v1", 0, "a"),
            kt("templates/t1/bds/b1", 1, "a")
        ]
    );
    assert_eq!(got.units[0].body, json!({ "name": "v1", "tag": "a" }));
    assert_eq!(s.schema_version("s1").await.unwrap(), 1);
    assert_eq!(
        s.list_schemas().await.unwrap(),
        vec![("s1".into(), "Schema One".into(), 1)]
    );
}

pub async fn commit_writes_only_the_change<S: Store>(s: &S) {
    let units = vec![unit("a", 0, "v1"), unit("b", 1, "v1"), unit("c", 2, "v1")];
    s.create_schema("s1", "S", header("S"), units)
        .await
        .unwrap();
    let change = SchemaChange {
        expected_version: 1,
        header: None,
        upserts: vec![unit("b", 1, "v2"), unit("d", 3, "v2")],
        deletes: vec!["c".into(), "no-such-unit".into()],
    };
    assert_eq!(s.commit_schema("s1", "S", change).await.unwrap(), 2);

    let got = s.load_schema("s1").await.unwrap();
    assert_eq!(got.version, 2);
    assert_eq!(
        got.header,
        header("S"),
        "a commit without a header keeps the old one"
    );
    assert_eq!(
        keys_and_tags(&got.units),
        vec![kt("a", 0, "v1"), kt("b", 1, "v2"), kt("d", 3, "v2")]
    );
    assert_eq!(s.schema_version("s1").await.unwrap(), 2);
}

pub async fn header_and_name_change_in_a_commit<S: Store>(s: &S) {
    s.create_schema("s1", "Old", header("Old"), vec![unit("a", 0, "v1")])
        .await
        .unwrap();
    let change = SchemaChange {
        expected_version: 1,
        header: Some(header("New")),
        ..Default::default()
    };
    assert_eq!(s.commit_schema("s1", "New", change).await.unwrap(), 2);

    let got = s.load_schema("s1").await.unwrap();
    assert_eq!(got.header, header("New"));
    assert_eq!(keys_and_tags(&got.units), vec![kt("a", 0, "v1")]);
    assert_eq!(
        s.list_schemas().await.unwrap(),
        vec![("s1".into(), "New".into(), 2)]
    );
    // The old name is free again.
    s.create_schema("s2", "Old", header("Old"), vec![])
        .await
        .unwrap();
}

pub async fn stale_commit_conflicts_and_writes_nothing<S: Store>(s: &S) {
    s.create_schema("s1", "S", header("S"), vec![unit("a", 0, "v1")])
        .await
        .unwrap();
    let first = SchemaChange {
        expected_version: 1,
        upserts: vec![unit("a", 0, "v2")],
        ..Default::default()
    };
    s.commit_schema("s1", "S", first).await.unwrap();

    let stale = SchemaChange {
        expected_version: 1,
        header: Some(header("Stale")),
        upserts: vec![unit("a", 0, "stale"), unit("z", 9, "stale")],
        deletes: vec!["a".into()],
    };
    expect_conflict(s.commit_schema("s1", "Stale", stale).await, 1, 2);
    expect_conflict(
        s.replace_schema("s1", "Stale", 1, header("Stale"), vec![])
            .await,
        1,
        2,
    );
    let ahead = SchemaChange {
        expected_version: 7,
        ..Default::default()
    };
    expect_conflict(s.commit_schema("s1", "S", ahead).await, 7, 2);

    let got = s.load_schema("s1").await.unwrap();
    assert_eq!((got.version, got.header), (2, header("S")));
    assert_eq!(keys_and_tags(&got.units), vec![kt("a", 0, "v2")]);
    assert_eq!(
        s.list_schemas().await.unwrap(),
        vec![("s1".into(), "S".into(), 2)]
    );
}

pub async fn missing_schema_is_not_found<S: Store>(s: &S) {
    expect_not_found(s.load_schema("nope").await);
    expect_not_found(s.schema_version("nope").await);
    let change = SchemaChange {
        expected_version: 1,
        upserts: vec![unit("a", 0, "x")],
        ..Default::default()
    };
    expect_not_found(s.commit_schema("nope", "N", change).await);
    expect_not_found(
        s.replace_schema("nope", "N", 1, header("N"), vec![unit("a", 0, "x")])
            .await,
    );
    expect_not_found(s.delete_schema("nope").await);
    assert!(s.list_schemas().await.unwrap().is_empty());
}

pub async fn duplicate_ids_and_names_are_refused<S: Store>(s: &S) {
    s.create_schema(
        "s1",
        "Shared",
        header("Shared"),
        vec![unit("a", 0, "first")],
    )
    .await
    .unwrap();
    expect_duplicate(
        s.create_schema("s1", "Other", header("Other"), vec![])
            .await,
        "s1",
    );
    expect_duplicate(
        s.create_schema("s2", "Shared", header("Shared"), vec![unit("b", 0, "x")])
            .await,
        "Shared",
    );

    expect_not_found(s.load_schema("s2").await);
    let got = s.load_schema("s1").await.unwrap();
    assert_eq!(
        (got.version, keys_and_tags(&got.units)),
        (1, vec![kt("a", 0, "first")])
    );
    assert_eq!(s.list_schemas().await.unwrap().len(), 1);
}

pub async fn rename_onto_taken_name_writes_nothing<S: Store>(s: &S) {
    s.create_schema("s1", "One", header("One"), vec![unit("a", 0, "v1")])
        .await
        .unwrap();
    s.create_schema("s2", "Two", header("Two"), vec![])
        .await
        .unwrap();
    let change = SchemaChange {
        expected_version: 1,
        header: Some(header("Two")),
        upserts: vec![unit("a", 0, "v2")],
        deletes: vec![],
    };
    expect_duplicate(s.commit_schema("s1", "Two", change).await, "Two");
    expect_duplicate(
        s.replace_schema("s1", "Two", 1, header("Two"), vec![])
            .await,
        "Two",
    );

    let got = s.load_schema("s1").await.unwrap();
    assert_eq!((got.version, got.header), (1, header("One")));
    assert_eq!(keys_and_tags(&got.units), vec![kt("a", 0, "v1")]);
    let names: Vec<_> = s
        .list_schemas()
        .await
        .unwrap()
        .into_iter()
        .map(|(_, n, v)| (n, v))
        .collect();
    assert_eq!(names, vec![("One".into(), 1), ("Two".into(), 1)]);
}

pub async fn replace_swaps_every_unit<S: Store>(s: &S) {
    s.create_schema(
        "s1",
        "S",
        header("S"),
        vec![unit("a", 0, "v1"), unit("b", 1, "v1")],
    )
    .await
    .unwrap();
    let units = vec![unit("c", 0, "v2"), unit("a", 1, "v2")];
    assert_eq!(
        s.replace_schema("s1", "S2", 1, header("S2"), units)
            .await
            .unwrap(),
        2
    );

    let got = s.load_schema("s1").await.unwrap();
    assert_eq!((got.version, got.header), (2, header("S2")));
    assert_eq!(
        keys_and_tags(&got.units),
        vec![kt("c", 0, "v2"), kt("a", 1, "v2")]
    );
    assert_eq!(
        s.replace_schema("s1", "S2", 2, header("S2"), vec![])
            .await
            .unwrap(),
        3
    );
    assert!(s.load_schema("s1").await.unwrap().units.is_empty());
}

pub async fn delete_cascades_to_units<S: Store>(s: &S) {
    s.create_schema(
        "s1",
        "S",
        header("S"),
        vec![unit("a", 0, "old"), unit("b", 1, "old")],
    )
    .await
    .unwrap();
    s.create_schema("s2", "T", header("T"), vec![unit("a", 0, "keep")])
        .await
        .unwrap();
    s.delete_schema("s1").await.unwrap();

    expect_not_found(s.load_schema("s1").await);
    expect_not_found(s.delete_schema("s1").await);
    assert_eq!(
        s.list_schemas().await.unwrap(),
        vec![("s2".into(), "T".into(), 1)]
    );
    // Same id and name again: a new schema at version 1 with none of the old units.
    assert_eq!(
        s.create_schema("s1", "S", header("S"), vec![unit("c", 0, "new")])
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        keys_and_tags(&s.load_schema("s1").await.unwrap().units),
        vec![kt("c", 0, "new")]
    );
    assert_eq!(
        keys_and_tags(&s.load_schema("s2").await.unwrap().units),
        vec![kt("a", 0, "keep")]
    );
}

pub async fn schemas_list_in_creation_order<S: Store>(s: &S) {
    for (id, name) in [("zz", "Zed"), ("aa", "Ay"), ("mm", "Em")] {
        s.create_schema(id, name, header(name), vec![])
            .await
            .unwrap();
    }
    let change = SchemaChange {
        expected_version: 1,
        ..Default::default()
    };
    s.commit_schema("aa", "Ay", change).await.unwrap();
    let listed = s.list_schemas().await.unwrap();
    assert_eq!(
        listed,
        vec![
            ("zz".into(), "Zed".into(), 1),
            ("aa".into(), "Ay".into(), 2),
            ("mm".into(), "Em".into(), 1)
        ]
    );
}

pub async fn units_order_by_ord_then_key<S: Store>(s: &S) {
    let units = vec![
        unit("k/b", 5, "x"),
        unit("k/a", 5, "x"),
        unit("k/z", -1, "x"),
        unit("j", 10, "x"),
    ];
    s.create_schema("s1", "S", header("S"), units)
        .await
        .unwrap();
    // Moving a unit changes only its ord; the order follows.
    let change = SchemaChange {
        expected_version: 1,
        upserts: vec![unit("j", 0, "moved")],
        ..Default::default()
    };
    s.commit_schema("s1", "S", change).await.unwrap();
    let got = s.load_schema("s1").await.unwrap();
    assert_eq!(
        keys_and_tags(&got.units),
        vec![
            kt("k/z", -1, "x"),
            kt("j", 0, "moved"),
            kt("k/a", 5, "x"),
            kt("k/b", 5, "x")
        ]
    );
}

fn doc(id: &str, name: &str, n: i64) -> Doc {
    Doc {
        id: id.to_owned(),
        name: name.to_owned(),
        body: json!({ "name": name, "n": n }),
    }
}

pub async fn docs_crud_for_every_kind<S: Store>(s: &S) {
    for kind in DocKind::ALL {
        // Same ids and names in every kind: kinds do not collide.
        s.put_doc(kind, doc("id-2", "second", 1)).await.unwrap();
        s.put_doc(kind, doc("id-1", "first", 1)).await.unwrap();
    }
    for kind in DocKind::ALL {
        let listed = s.list_docs(kind).await.unwrap();
        assert_eq!(
            listed,
            vec![doc("id-2", "second", 1), doc("id-1", "first", 1)],
            "{kind:?}"
        );
        assert_eq!(
            s.get_doc(kind, "id-1").await.unwrap(),
            doc("id-1", "first", 1)
        );

        // Overwrite by id keeps the place in the listing, may rename.
        s.put_doc(kind, doc("id-2", "renamed", 2)).await.unwrap();
        assert_eq!(
            s.get_doc(kind, "id-2").await.unwrap(),
            doc("id-2", "renamed", 2)
        );
        let names: Vec<_> = s
            .list_docs(kind)
            .await
            .unwrap()
            .into_iter()
            .map(|d| d.name)
            .collect();
        assert_eq!(names, vec!["renamed", "first"]);

        s.delete_doc(kind, "id-1").await.unwrap();
        expect_not_found(s.get_doc(kind, "id-1").await);
        expect_not_found(s.delete_doc(kind, "id-1").await);
        assert_eq!(
            s.list_docs(kind).await.unwrap(),
            vec![doc("id-2", "renamed", 2)]
        );
    }
}

pub async fn doc_names_are_unique_per_kind<S: Store>(s: &S) {
    s.put_doc(DocKind::Site, doc("s1", "site1", 1))
        .await
        .unwrap();
    s.put_doc(DocKind::Site, doc("s2", "site2", 1))
        .await
        .unwrap();
    expect_duplicate(
        s.put_doc(DocKind::Site, doc("s3", "site1", 9)).await,
        "site1",
    );
    expect_duplicate(
        s.put_doc(DocKind::Site, doc("s2", "site1", 9)).await,
        "site1",
    );
    s.put_doc(DocKind::Tenant, doc("t1", "site1", 1))
        .await
        .unwrap();

    expect_not_found(s.get_doc(DocKind::Site, "s3").await);
    let sites = s.list_docs(DocKind::Site).await.unwrap();
    assert_eq!(sites, vec![doc("s1", "site1", 1), doc("s2", "site2", 1)]);
}
