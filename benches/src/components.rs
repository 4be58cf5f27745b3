//! The component modes' runs: wasmbin on a component, and its peers (wasmparser reading
//! every payload, nested modules included; wasm-encoder's component `RoundtripReencoder`).

use crate::peers::Outcome;
use wasm_encoder::reencode::{ReencodeComponent, RoundtripReencoder};
use wasmparser::{Chunk, Parser, Payload};

/// Lazy decode (sections split, nothing else) and encode of the untouched component.
pub fn wasmbin_lazy(input: Vec<u8>) -> Outcome {
    let len = input.len();
    let component = wasmbin::Component::decode_from_bytes(input).map_err(|e| e.to_string())?;
    let out = component
        .encode_into(Vec::with_capacity(len))
        .map_err(|e| e.to_string())?;
    Ok(out.len() as u64)
}

/// Decodes every part, nested modules' function bodies included
/// ([`wasmbin::Component::decode_all`]).
pub fn wasmbin_decode(input: Vec<u8>) -> Outcome {
    let component = wasmbin::Component::decode_from_bytes(input).map_err(|e| e.to_string())?;
    let warnings = component.decode_all().map_err(|e| e.to_string())?;
    Ok((component.sections.len() + warnings.len()) as u64)
}

/// Decodes everything, forgets the original bytes and encodes every part from its value.
pub fn wasmbin_roundtrip(input: Vec<u8>) -> Outcome {
    let len = input.len();
    let mut component = wasmbin::Component::decode_from_bytes(input).map_err(|e| e.to_string())?;
    component.decode_all_mut().map_err(|e| e.to_string())?;
    let out = component
        .encode_into(Vec::with_capacity(len))
        .map_err(|e| e.to_string())?;
    Ok(out.len() as u64)
}

/// wasmparser reading every payload of the component (its items, the nested modules' items
/// and operators).
pub fn wasmparser_read(input: Vec<u8>) -> Outcome {
    crate::peers::wasmparser_read::operators_all(input)
}

/// wasmparser splitting the component into its sections (a nested module or component is one
/// section, not parsed) and wasm-encoder copying each as a `RawSection`: what a lazy round
/// trip has to do, done with the peers.
pub fn raw_sections(input: Vec<u8>) -> Outcome {
    let mut component = wasm_encoder::Component::new();
    let mut parser = Parser::new(0);
    let mut data = &input[..];
    loop {
        let payload = match parser.parse(data, true).map_err(|err| err.to_string())? {
            Chunk::Parsed { consumed, payload } => {
                data = &data[consumed..];
                payload
            }
            Chunk::NeedMoreData(_) => return Err("unexpected end of input".into()),
        };
        if let Payload::End(_) = payload {
            break;
        }
        if let Some((id, range)) = payload.as_section() {
            let (start, end) = (range.start as usize, range.end as usize);
            let bytes = input.get(start..end).ok_or("section out of bounds")?;
            component.section(&wasm_encoder::RawSection { id, data: bytes });
            if let Payload::ModuleSection { .. } | Payload::ComponentSection { .. } = payload {
                // The nested binary follows; the parent parser goes on after it.
                data = &data[bytes.len()..];
            }
        }
    }
    Ok(component.finish().len() as u64)
}

/// `parse_component` into a fresh `wasm_encoder::Component`, then `finish`.
pub fn reencoder_roundtrip(input: Vec<u8>) -> Outcome {
    let mut component = wasm_encoder::Component::new();
    RoundtripReencoder
        .parse_component(&mut component, Parser::new(0), &input)
        .map_err(|err| err.to_string())?;
    Ok(component.finish().len() as u64)
}

/// Whether `bytes` starts with a component's preamble (the modes named `component…` run on
/// those, the others on modules).
pub fn is_component(bytes: &[u8]) -> bool {
    Parser::is_component(bytes)
}
