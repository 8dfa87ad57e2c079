//! Property tests: DN split/join and filter print/parse round trips.

use multisite_apic::dn::{join_dn, split_dn};
use multisite_apic::filter::{parse, CmpOp, Filter, Pattern, PropRef};
use proptest::prelude::*;

fn rn() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z][a-zA-Z0-9_.:-]{0,8}-[a-zA-Z0-9_.:-]{1,8}",
        "[a-z]{1,6}-\\[[0-9./a-z]{1,12}\\]",
        (
            "[a-z]{1,6}",
            "[a-z]{1,4}(/[a-z]{1,4}){0,2}",
            "[a-z0-9/]{1,6}"
        )
            .prop_map(|(p, inner, leaf)| format!("{p}-[{inner}/x-[{leaf}]]")),
    ]
}

fn value() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 _./:-]{0,10}"
}

fn prop_ref() -> impl Strategy<Value = PropRef> {
    ("[a-z]{2}[A-Z][a-zA-Z]{1,6}", "[a-z][a-zA-Z]{0,6}")
        .prop_map(|(class, prop)| PropRef { class, prop })
}

fn leaf() -> impl Strategy<Value = Filter> {
    let op = prop_oneof![
        Just(CmpOp::Eq),
        Just(CmpOp::Ne),
        Just(CmpOp::Lt),
        Just(CmpOp::Gt),
        Just(CmpOp::Le),
        Just(CmpOp::Ge),
        Just(CmpOp::AnyBit),
        Just(CmpOp::AllBits)
    ];
    prop_oneof![
        (op, prop_ref(), value()).prop_map(|(op, prop, value)| Filter::Cmp {
            op,
            prop,
            value,
            re: None
        }),
        (prop_ref(), "[a-z0-9^$.]{1,8}").prop_map(|(prop, value)| {
            let re = Some(Pattern(regex::Regex::new(&value).unwrap()));
            Filter::Cmp {
                op: CmpOp::Wcard,
                prop,
                value,
                re,
            }
        }),
        (prop_ref(), value(), value()).prop_map(|(prop, lo, hi)| Filter::Between { prop, lo, hi }),
        Just(Filter::True),
        Just(Filter::False),
    ]
}

fn filter() -> impl Strategy<Value = Filter> {
    leaf().prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            inner.clone().prop_map(|f| Filter::Not(Box::new(f))),
            prop::collection::vec(inner.clone(), 1..4).prop_map(Filter::And),
            prop::collection::vec(inner.clone(), 1..4).prop_map(Filter::Or),
            prop::collection::vec(inner, 1..4).prop_map(Filter::Xor),
        ]
    })
}

proptest! {
    #[test]
    fn dn_split_join_round_trip(rns in prop::collection::vec(rn(), 1..6)) {
        let dn = join_dn(&rns);
        let split = split_dn(&dn).unwrap();
        prop_assert_eq!(split, rns.iter().map(String::as_str).collect::<Vec<_>>());
    }

    #[test]
    fn filter_print_parse_round_trip(f in filter()) {
        let printed = f.to_string();
        let parsed = parse(&printed).unwrap();
        prop_assert_eq!(&parsed, &f);
        prop_assert_eq!(parsed.to_string(), printed);
    }
}
