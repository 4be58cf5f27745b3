use serde::{Deserialize, Serialize};
use text_message::TextMessage;

// A `FromStr` cannot return a value that borrows from the string it parsed: the derive says
// so at the lifetime, instead of a "Deserialize is not general enough" error at `parse()`.
#[derive(Serialize, Deserialize, TextMessage)]
#[text_message(codec = "serde_json")]
struct Borrowed<'a> {
    name: &'a str,
}

fn main() {}
