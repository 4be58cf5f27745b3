//! The same bytes decoded all at once and part by part on demand give equal values and
//! equal errors (same kind, offset and path).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| wasmbin_fuzz::check_lazy_vs_eager(data));
