//! An arbitrary `Module` value: encode → decode → equal value (catches codec asymmetries
//! the derive could introduce).
#![no_main]
libfuzzer_sys::fuzz_target!(|module: wasmbin::Module| wasmbin_fuzz::check_ast(&module));
