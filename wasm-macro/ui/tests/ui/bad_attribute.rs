use text_message::TextMessage;

#[derive(TextMessage)]
#[text_message(codec = serde_json)]
struct Unquoted {
    name: String,
}

#[derive(TextMessage)]
#[text_message(codek = "serde_json")]
struct Misspelt {
    name: String,
}

#[derive(TextMessage)]
struct Missing {
    name: String,
}

fn main() {}
