//! Round trips through each built-in codec: `to_string` (the generated `Display`) then
//! `parse` (the generated `FromStr`) gives the value back, for nested structs, generic
//! structs (bounds, where clauses, defaults, a const parameter), enums with unit, tuple and struct variants, and `Option` / `Vec` fields.

use std::fmt::{Debug, Display};
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use text_message::TextMessage;

fn round_trip<T>(value: &T) -> String
where
    T: Display + FromStr + PartialEq + Debug,
    <T as FromStr>::Err: Debug,
{
    let text = value.to_string();
    let back: T = text.parse().unwrap();
    assert_eq!(&back, value, "through {text:?}");
    text
}

/// The same family of types for one codec and parameter list.
macro_rules! types_for {
    ($module:ident, $($attr:tt)*) => {
        mod $module {
            use super::*;

            #[derive(Debug, Serialize, Deserialize, PartialEq, Clone, TextMessage)]
            #[text_message($($attr)*)]
            pub struct Inner {
                pub id: u32,
                pub tags: Vec<String>,
                pub note: Option<String>,
            }

            #[derive(Debug, Serialize, Deserialize, PartialEq, TextMessage)]
            #[text_message($($attr)*)]
            pub struct Outer {
                pub name: String,
                pub inner: Inner,
                pub more: Vec<Inner>,
                pub maybe: Option<Inner>,
            }

            #[derive(Debug, Serialize, Deserialize, PartialEq, TextMessage)]
            #[text_message($($attr)*)]
            pub struct Pair<A, B: Clone>
            where
                A: PartialEq,
            {
                pub first: A,
                pub second: Vec<B>,
            }

            /// Defaults and a const parameter: the impls must drop the defaults.
            #[derive(Debug, Serialize, Deserialize, PartialEq, TextMessage)]
            #[text_message($($attr)*)]
            pub struct Tagged<T: Clone = u8, const N: usize = 3> {
                pub value: T,
            }

            #[derive(Debug, Serialize, Deserialize, PartialEq, TextMessage)]
            #[text_message($($attr)*)]
            pub enum Shape {
                Empty,
                Circle(f64),
                Segment(i64, i64),
                Rect { w: u32, h: u32, label: Option<String> },
                Nested(Inner),
            }

            pub fn check_all() -> Vec<String> {
                let inner = Inner { id: 7, tags: vec!["a".into(), "b \"q\"".into()], note: None };
                let mut texts = vec![
                    round_trip(&inner),
                    round_trip(&Outer {
                        name: "outer".into(),
                        inner: inner.clone(),
                        more: vec![inner.clone(), Inner { id: 8, tags: vec![], note: Some("n".into()) }],
                        maybe: Some(inner.clone()),
                    }),
                    round_trip(&Outer { name: String::new(), inner: inner.clone(), more: vec![], maybe: None }),
                    round_trip(&Pair::<u8, String> { first: 1, second: vec!["x".into()] }),
                    round_trip(&Pair::<Option<bool>, Inner> { first: None, second: vec![inner.clone()] }),
                    round_trip(&Tagged::<char, 5> { value: 'x' }),
                ];
                for shape in [
                    Shape::Empty,
                    Shape::Circle(1.5),
                    Shape::Segment(-1, 2),
                    Shape::Rect { w: 3, h: 4, label: Some("r".into()) },
                    Shape::Rect { w: 0, h: 0, label: None },
                    Shape::Nested(inner.clone()),
                ] {
                    texts.push(round_trip(&shape));
                }
                texts
            }
        }
    };
}

types_for!(json, codec = "serde_json");
types_for!(json_pretty, codec = "serde_json", params(pretty));
types_for!(ron_plain, codec = "ron");
types_for!(ron_pretty, codec = "ron", params(pretty));
types_for!(ron_names, codec = "ron", params(struct_names));
types_for!(
    ron_pretty_names,
    codec = "ron",
    params(pretty, struct_names)
);

#[test]
fn serde_json() {
    let texts = json::check_all();
    assert_eq!(texts[0], r#"{"id":7,"tags":["a","b \"q\""],"note":null}"#);
    assert_eq!(texts[5], r#"{"value":"x"}"#);
    assert_eq!(texts[6], r#""Empty""#);
    assert!(texts.iter().all(|t| !t.contains('\n')));
}

#[test]
fn serde_json_pretty() {
    let texts = json_pretty::check_all();
    assert_eq!(
        texts[0],
        "{\n  \"id\": 7,\n  \"tags\": [\n    \"a\",\n    \"b \\\"q\\\"\"\n  ],\n  \"note\": null\n}"
    );
}

#[test]
fn ron() {
    let texts = ron_plain::check_all();
    assert_eq!(texts[0], r#"(id:7,tags:["a","b \"q\""],note:None)"#);
    assert_eq!(texts[6], "Empty");
}

#[test]
fn ron_pretty() {
    let texts = ron_pretty::check_all();
    assert!(
        texts[0].contains('\n') && texts[0].starts_with('('),
        "{}",
        texts[0]
    );
}

#[test]
fn ron_struct_names() {
    let texts = ron_names::check_all();
    assert!(
        texts[0].starts_with("Inner(") && !texts[0].contains('\n'),
        "{}",
        texts[0]
    );
    let texts = ron_pretty_names::check_all();
    assert!(
        texts[0].starts_with("Inner(") && texts[0].contains('\n'),
        "{}",
        texts[0]
    );
}
