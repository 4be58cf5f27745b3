use text_message::TextMessage;

#[derive(TextMessage)]
#[text_message(codec = "yaml")]
struct Foo {
    name: String,
}

fn main() {}
