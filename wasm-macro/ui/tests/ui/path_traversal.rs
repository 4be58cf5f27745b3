use text_message::TextMessage;

#[derive(TextMessage)]
#[text_message(codec = "../../etc/passwd")]
struct Foo {
    name: String,
}

fn main() {}
