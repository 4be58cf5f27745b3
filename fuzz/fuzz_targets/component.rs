//! Components: wasmbin decodes ⇔ wasmparser (0.263, all features, no validation) reads, on
//! arbitrary bytes (after a component preamble) and on wasm-smith components (chosen by the
//! first input byte); whatever decodes round-trips losslessly, and valid components
//! re-encode eagerly as the `RoundtripReencoder` does (see `wasmbin_fuzz::component`).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    match data.split_first() {
        Some((selector, rest)) if selector & 1 == 1 => {
            let mut u = arbitrary::Unstructured::new(rest);
            if let Ok(bytes) = wasmbin_fuzz::component::smith_component(&mut u) {
                wasmbin_fuzz::component::check_valid_component(&bytes);
                wasmbin_fuzz::component::check_component_differential(&bytes);
            }
        }
        Some((_, rest)) => {
            let mut bytes = b"\0asm\x0d\0\x01\0".to_vec();
            bytes.extend_from_slice(rest);
            wasmbin_fuzz::component::check_component_decode(&bytes);
            wasmbin_fuzz::component::check_component_differential(&bytes);
        }
        None => {}
    }
});
