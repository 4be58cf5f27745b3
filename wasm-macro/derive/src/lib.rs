//! `#[derive(TextMessage)]`.
