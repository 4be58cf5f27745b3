//! Compile-fail tests of `#[derive(TextMessage)]`: what a user sees when the derive fails,
//! a compile error at the attribute (`tests/ui/*.rs` and their `.stderr`). Nothing to
//! import; run `cargo test -p text-message-ui`, and `TRYBUILD=overwrite` to rewrite the
//! messages after an intended change.
