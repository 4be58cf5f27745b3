//! Runs the example program `examples/foo_message.rs` as a test (same source file).

include!("../examples/foo_message.rs");

#[test]
fn foo_message_round_trips() {
    main();
    let text = FooMessage {
        name: "Linus Torvalds".to_owned(),
        description: "The Linux founder.".to_owned(),
        value: 1,
    }
    .to_string();
    assert_eq!(
        text,
        "{\n  \"name\": \"Linus Torvalds\",\n  \"description\": \"The Linux founder.\",\n  \"value\": 1\n}"
    );
}
