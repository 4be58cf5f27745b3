//! wasmbin decodes ⇔ wasmparser (0.263, all features, no validation) reads, on arbitrary
//! bytes, on wasm-smith modules and on stack-switching modules (which wasm-smith cannot
//! generate), chosen by the first input byte.
//!
//! Intended differences, which the harness accounts for (see `wasmparser_reads`):
//! - component binaries: wasmparser reads them, wasmbin is for core modules only, so the
//!   harness counts a component as "not read";
//! - custom section payloads: neither side fails a module for them (wasmbin reports them as
//!   warnings), so the harness does not read them;
//! - cross-section rules the spec calls malformed (function/code counts, data count) are
//!   checked by wasmparser's validator, not its parser, so the harness checks them itself.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    match data.split_first() {
        Some((selector, rest)) if selector & 3 == 2 => {
            let mut u = arbitrary::Unstructured::new(rest);
            if let Ok(bytes) = wasmbin_fuzz::stack_switching_module(&mut u) {
                wasmbin_fuzz::check_differential(&bytes);
            }
        }
        Some((selector, rest)) if selector & 1 == 1 => {
            let mut u = arbitrary::Unstructured::new(rest);
            if let Ok(bytes) = wasmbin_fuzz::smith_module(&mut u) {
                wasmbin_fuzz::check_differential(&bytes);
            }
        }
        Some((_, rest)) => wasmbin_fuzz::check_differential(rest),
        None => {}
    }
});
