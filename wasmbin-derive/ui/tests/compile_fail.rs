//! Every error `#[derive(Wasmbin)]`, `#[derive(Visit)]` and `#[wasmbin_discriminants]` can
//! report, one case per message, compared with the committed `.stderr` files.

#[test]
fn derive_errors() {
    trybuild::TestCases::new().compile_fail("tests/ui/*.rs");
}
