//! Checks of components, shared by the fuzz targets and the tests (`tests/tests/component.rs`
//! includes this file).
//!
//! Intended differences between wasmbin and wasmparser 0.263 (no validation), which
//! [`check_component_differential`] accounts for:
//! - wasmparser's implementation limits (`limits.rs`: at most 10 canonical options, 1000
//!   parameters …) are not format rules: a component over one is skipped;
//! - wasmbin refuses components nested more than [`MAX_COMPONENT_NESTING`] levels deep,
//!   wasmparser has no limit;
//! - custom section payloads and the cross-section rules of nested modules as for modules
//!   (see `wasmparser_reads`);
//! - wasmparser reads with [`reader_features`](super::reader_features) (memarg flag bits are
//!   alignment, as in Wasm 3.0), and the `acqrel` byte of `atomic.fence` is wasmbin's only
//!   (see [`rejected_fence_ordering`](super::rejected_fence_ordering)).

use arbitrary::{Result, Unstructured};
use wasmbin::component::{Component, MAX_COMPONENT_NESTING};

/// A `wasm-smith` component (its default configuration, with the core proposals wasmbin
/// reads).
pub fn smith_component(u: &mut Unstructured<'_>) -> Result<Vec<u8>> {
    let mut config: wasm_smith::Config = u.arbitrary()?;
    config.max_components = config.max_components.min(4);
    config.max_nesting_depth = config.max_nesting_depth.min(4);
    config.acquire_release_atomics_enabled = false;
    config.multibyte_array_access_enabled = false;
    Ok(wasm_smith::Component::new(config, u)?.to_bytes())
}

/// What `wasm-encoder`'s component `RoundtripReencoder` makes of a component (parsed with
/// every wasmparser feature), or `None` when it cannot read it.
pub fn component_reencoder_output(bytes: &[u8]) -> Option<Vec<u8>> {
    use wasm_encoder::reencode::{ReencodeComponent, RoundtripReencoder};
    let mut parser = wasmparser::Parser::new(0);
    parser.set_features(wasmparser::WasmFeatures::all());
    let mut component = wasm_encoder::Component::new();
    RoundtripReencoder
        .parse_component(&mut component, parser, bytes)
        .ok()?;
    Some(component.finish())
}

/// Decodes every part, re-encodes everything from values, decodes that again; returns the
/// eager encoding. Panics if the re-encoded component decodes to a different value.
pub fn component_eager_roundtrip(component: &Component) -> Vec<u8> {
    let mut owned = component.clone();
    owned
        .decode_all_mut()
        .expect("decode_all_mut after decode_all succeeded");
    let bytes = owned
        .encode_into(Vec::new())
        .expect("a decoded component must encode");
    let again = Component::decode_from_bytes(bytes.clone()).expect("re-encoded component decodes");
    again
        .decode_all()
        .expect("re-encoded component decodes fully");
    assert!(
        again == *component,
        "eager re-encode decodes to a different component"
    );
    bytes
}

/// Lazy decode of arbitrary bytes as a component: no panic; whatever decodes is written back
/// exactly, also after every part was decoded; a fully decodable component survives the
/// eager round trip.
pub fn check_component_decode(data: &[u8]) {
    let Ok(component) = Component::decode_from_bytes(data.to_vec()) else {
        return;
    };
    let lazy = component.encode_into(Vec::new()).expect("untouched encode");
    assert!(lazy == data, "lazy round trip changed the bytes");
    if component.decode_all().is_ok() {
        let lazy = component
            .encode_into(Vec::new())
            .expect("encode after decode_all");
        assert!(lazy == data, "decoding parts changed the encoding");
        component_eager_roundtrip(&component);
    }
}

/// How a component's eager encoding compares with the `RoundtripReencoder`'s output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Oracle {
    /// The reencoder writes the input back, and so does the eager encoding.
    Reproduced,
    /// The reencoder changes the input (shortens over-long LEBs …), and the eager encoding
    /// is the same as its output.
    Equal,
    /// The reencoder changes the input otherwise than the eager encoding does.
    Differs,
    /// The reencoder cannot read the component.
    Unreadable,
}

/// A valid component: all round trips, and the eager encoding equals the
/// `RoundtripReencoder`'s where the reencoder reproduces the input (a panic otherwise).
/// Returns how the two compare.
pub fn check_valid_component(bytes: &[u8]) -> Oracle {
    let component = Component::decode_from_bytes(bytes.to_vec())
        .unwrap_or_else(|err| panic!("valid component does not decode: {err}"));
    let lazy = component.encode_into(Vec::new()).expect("lazy encode");
    assert!(lazy == bytes, "lazy round trip changed the bytes");
    if let Err(err) = component.decode_all() {
        panic!("valid component does not decode fully: {err}");
    }
    let eager = component_eager_roundtrip(&component);
    match component_reencoder_output(bytes) {
        Some(oracle) if oracle == bytes => {
            assert!(
                eager == oracle,
                "eager encoding differs from RoundtripReencoder's ({} vs {} bytes)",
                eager.len(),
                oracle.len()
            );
            Oracle::Reproduced
        }
        Some(oracle) if oracle == eager => Oracle::Equal,
        Some(_) => Oracle::Differs,
        None => Oracle::Unreadable,
    }
}

/// What wasmparser makes of a binary: read, rejected, or over one of its implementation
/// limits.
#[derive(Debug)]
pub enum Reading {
    /// Every part was read.
    Read,
    /// Rejected, with wasmparser's message.
    Rejected(String),
    /// Over an implementation limit of wasmparser.
    OverLimit(String),
}

/// Whether wasmparser (every feature, no validation) reads every part of a component,
/// nested modules and components included, with the cross-section checks of the modules.
pub fn wasmparser_reads_component(data: &[u8]) -> Reading {
    use wasmparser::{Encoding, Payload};
    fn all<'a, T: wasmparser::FromReader<'a>>(
        reader: wasmparser::SectionLimited<'a, T>,
    ) -> wasmparser::Result<()> {
        reader.into_iter().try_for_each(|item| item.map(drop))
    }
    let run = || -> wasmparser::Result<std::result::Result<(), String>> {
        let mut parser = wasmparser::Parser::new(0);
        parser.set_features(super::reader_features());
        // One entry per module or component being read: the core checks of a module.
        let mut stack: Vec<Option<super::CoreCounts>> = Vec::new();
        for payload in parser.parse_all(data) {
            let payload = payload?;
            match &payload {
                Payload::Version { encoding, .. } => {
                    if stack.is_empty() && *encoding != Encoding::Component {
                        return Ok(Err("not a component".into()));
                    }
                    stack.push((*encoding == Encoding::Module).then(Default::default));
                    continue;
                }
                Payload::End(_) => {
                    if let Some(Some(counts)) = stack.pop() {
                        if let Err(err) = counts.finish() {
                            return Ok(Err(err));
                        }
                    }
                    continue;
                }
                _ => {}
            }
            if let Some(Some(counts)) = stack.last_mut() {
                if let Err(err) = super::read_core_payload(counts, payload)? {
                    return Ok(Err(err));
                }
                continue;
            }
            match payload {
                Payload::InstanceSection(r) => all(r)?,
                Payload::CoreTypeSection(r) => all(r)?,
                Payload::ComponentInstanceSection(r) => all(r)?,
                Payload::ComponentAliasSection(r) => all(r)?,
                Payload::ComponentTypeSection(r) => all(r)?,
                Payload::ComponentCanonicalSection(r) => all(r)?,
                Payload::ComponentImportSection(r) => all(r)?,
                Payload::ComponentExportSection(r) => all(r)?,
                Payload::UnknownSection { id, .. } => {
                    return Ok(Err(format!("unknown section {id}")))
                }
                _ => {}
            }
        }
        Ok(Ok(()))
    };
    match run() {
        Ok(Ok(())) => Reading::Read,
        Ok(Err(err)) => Reading::Rejected(err),
        Err(err) => {
            let message = err.to_string();
            if message.contains("size is out of bounds") || message.contains("is too large") {
                Reading::OverLimit(message)
            } else {
                Reading::Rejected(message)
            }
        }
    }
}

/// wasmbin decodes a component fully exactly when wasmparser reads it (up to the intended
/// differences listed above).
pub fn check_component_differential(data: &[u8]) {
    let ours = Component::decode_from_bytes(data.to_vec())
        .and_then(|c| c.decode_all().map(|_| ()))
        .map_err(|e| e.to_string());
    let theirs = wasmparser_reads_component(data);
    if let Err(err) = &ours {
        if err.contains(&format!("nested more than {MAX_COMPONENT_NESTING} levels")) {
            return;
        }
    }
    match (&ours, &theirs) {
        (_, Reading::OverLimit(_)) | (Ok(()), Reading::Read) | (Err(_), Reading::Rejected(_)) => {}
        (Ok(()), Reading::Rejected(err)) if super::rejected_fence_ordering(err) => {}
        _ => panic!("wasmbin: {ours:?}\nwasmparser: {theirs:?}"),
    }
}
