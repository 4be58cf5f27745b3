use serde::{Deserialize, Serialize};
use text_message::TextMessage;

// A `&'static str` field compiles, but `parse()` could then only accept `'static` input: the
// derive refuses every field of a reference type, at its type.
#[derive(Serialize, Deserialize, TextMessage)]
#[text_message(codec = "serde_json")]
struct Label {
    name: &'static str,
}

fn main() {}
