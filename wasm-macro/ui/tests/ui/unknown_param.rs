use text_message::TextMessage;

#[derive(TextMessage)]
#[text_message(codec = "serde_json", params(pretty, compact))]
struct Foo {
    name: String,
}

fn main() {}
