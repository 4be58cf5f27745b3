//! Benchmarks of wasmbin; see `benches/`.
