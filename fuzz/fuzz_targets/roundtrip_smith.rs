//! A wasm-smith module with every proposal on: lazy encode == input; eager decode →
//! encode → decode equal; eager encode == RoundtripReencoder's output.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut u = arbitrary::Unstructured::new(data);
    if let Ok(bytes) = wasmbin_fuzz::smith_module(&mut u) {
        wasmbin_fuzz::check_valid_module(&bytes);
    }
});
