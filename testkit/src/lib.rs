//! Helpers shared by wasmbin's tests (`tests/`), benchmarks (`benches/`), fuzz targets
//! (`fuzz/`) and the library's own unit tests:
//!
//! * [`Rng`]: the one seeded pseudo-random generator, so that every failure reproduces;
//! * [`smith_config`]: the one `wasm-smith` configuration (every proposal wasmbin reads) of
//!   the tests and fuzz targets; the benchmarks' synthetic `wasm-smith` module
//!   (`benches/src/synthetic.rs`) has a fixed configuration of its own on purpose, kept to
//!   the widely implemented proposals so that every peer it is compared with can read it;
//! * [`reencoder_output`]: the eager-encoding oracle, `wasm-encoder`'s `RoundtripReencoder`.

use arbitrary::Unstructured;

/// A small deterministic pseudo-random generator (SplitMix64): the same seed gives the same
/// stream, on every platform and with every compiler.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator starting from `seed` (any value, 0 included).
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u32) -> u32 {
        (((self.next_u64() >> 32) * u64::from(n)) >> 32) as u32
    }

    /// An index into a slice of `len` elements (`len > 0`).
    pub fn index(&mut self, len: usize) -> usize {
        (self.next_u64() % len as u64) as usize
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent
    }

    /// `len` random bytes (the little-endian bytes of successive [`Rng::next_u64`] values).
    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(len + 8);
        while bytes.len() < len {
            bytes.extend_from_slice(&self.next_u64().to_le_bytes());
        }
        bytes.truncate(len);
        bytes
    }
}

/// An arbitrary `wasm-smith` configuration with every proposal wasm-smith 0.263 knows turned
/// on, every kind of instruction, valid function bodies only, and at least two memories and
/// tables (so that indices other than 0 occur).
///
/// Not acquire-release atomics and multibyte array access: they give memarg flag bits 4 and
/// 5 new meanings where Wasm 3.0 reads alignment bits (the spec's `align.wast` checks that),
/// and wasmbin follows the standard.
pub fn smith_config(u: &mut Unstructured<'_>) -> arbitrary::Result<wasm_smith::Config> {
    let mut config: wasm_smith::Config = u.arbitrary()?;
    config.acquire_release_atomics_enabled = false;
    config.multibyte_array_access_enabled = false;
    config.bulk_memory_enabled = true;
    config.compact_imports_enabled = true;
    config.custom_descriptors_enabled = true;
    config.custom_page_sizes_enabled = true;
    config.exceptions_enabled = true;
    config.extended_const_enabled = true;
    config.gc_enabled = true;
    config.memory64_enabled = true;
    config.multi_value_enabled = true;
    config.reference_types_enabled = true;
    config.relaxed_simd_enabled = true;
    config.saturating_float_to_int_enabled = true;
    config.shared_everything_threads_enabled = true;
    config.sign_extension_ops_enabled = true;
    config.simd_enabled = true;
    config.tail_call_enabled = true;
    config.threads_enabled = true;
    config.wide_arithmetic_enabled = true;
    // wasm-smith 0.263 has no stack-switching or memory-control generator:
    // tests/stack_switching.rs, tests/operators.rs and the differential fuzz target cover them.
    config.max_memories = config.max_memories.clamp(2, 8);
    config.max_tables = config.max_tables.clamp(2, 8);
    config.allowed_instructions = wasm_smith::InstructionKinds::all();
    config.allow_invalid_funcs = false;
    Ok(config)
}

/// A `wasm-smith` module made with [`smith_config`] from `u`.
pub fn smith_module(u: &mut Unstructured<'_>) -> arbitrary::Result<Vec<u8>> {
    let config = smith_config(u)?;
    Ok(wasm_smith::Module::new(config, u)?.to_bytes())
}

/// What `wasm-encoder`'s `RoundtripReencoder` makes of a module, parsed by `wasmparser` with
/// every feature: the oracle for eager encoding.
pub fn reencoder_output(bytes: &[u8]) -> Result<Vec<u8>, String> {
    use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
    let mut parser = wasmparser::Parser::new(0);
    parser.set_features(wasmparser::WasmFeatures::all());
    let mut module = wasm_encoder::Module::new();
    RoundtripReencoder
        .parse_core_module(&mut module, parser, bytes)
        .map_err(|e| format!("RoundtripReencoder: {e}"))?;
    Ok(module.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rng_is_splitmix64() {
        // The first outputs of SplitMix64 from seed 0 (as in its reference implementation).
        let mut rng = Rng::new(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn bytes_and_ranges() {
        let mut rng = Rng::new(42);
        let bytes = rng.bytes(13);
        assert_eq!(bytes.len(), 13);
        assert_eq!(Rng::new(42).bytes(13), bytes);
        assert!((0..1000).all(|_| rng.below(7) < 7 && rng.index(3) < 3));
    }

    #[test]
    fn smith_config_turns_on_the_proposals() {
        let data = Rng::new(1).bytes(4096);
        let config = smith_config(&mut Unstructured::new(&data)).unwrap();
        assert!(
            config.gc_enabled
                && config.compact_imports_enabled
                && !config.multibyte_array_access_enabled
        );
        assert!(config.max_memories >= 2 && config.max_tables >= 2);
    }
}
