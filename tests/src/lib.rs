//! Integration and conformance tests of wasmbin live in `tests/`; this library only runs
//! the README's code as a doctest.

#[doc = include_str!("../../README.md")]
#[allow(dead_code)]
struct Readme;
