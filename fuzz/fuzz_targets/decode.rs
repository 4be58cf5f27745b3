//! Arbitrary bytes: lazy decode, then every lazy part; errors are fine, panics are not;
//! what decodes is written back byte for byte.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| wasmbin_fuzz::check_decode(data));
