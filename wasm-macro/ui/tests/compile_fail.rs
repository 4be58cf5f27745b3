//! What a user sees when the derive fails: compile errors at the attribute (trybuild, with
//! the committed `.stderr` files; `TRYBUILD=overwrite` rewrites them).

#[test]
fn compile_fail() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
