//! The `add-import` mode: add one imported function `env.trace(i32)` and renumber every
//! reference to a defined function (calls, `ref.func`, exports, elements, start, the name
//! section's function, local and label names), then encode. One function per library, each
//! taking the input as an owned `Vec<u8>` and returning the output's length.

use crate::peers::Outcome;
use std::convert::Infallible;
use wasm_encoder::reencode::{utils, Error, Reencode};

/// wasmbin: `Module::add_func_import`, which decodes only the parts that hold a function
/// index and re-encodes only those that change; function bodies are edited on their bytes
/// (each instruction is decoded to find where it ends, and only a changed `call`,
/// `return_call` or `ref.func` is re-encoded).
pub fn wasmbin(input: Vec<u8>) -> Outcome {
    use wasmbin::types::{FuncType, ValueType};
    let len = input.len();
    let mut module = wasmbin::Module::decode_from_bytes(input).map_err(|e| e.to_string())?;
    let ty = FuncType {
        params: vec![ValueType::I32],
        results: vec![],
    };
    module
        .add_func_import("env", "trace", ty)
        .map_err(|e| e.to_string())?;
    let out = module
        .encode_into(Vec::with_capacity(len + 64))
        .map_err(|e| e.to_string())?;
    Ok(out.len() as u64)
}

/// walrus: parse into its IR, add the type and the import, emit (walrus assigns every
/// index anew when it emits).
pub fn walrus(input: Vec<u8>) -> Outcome {
    let mut module = walrus::Module::from_buffer(&input).map_err(|e| format!("{e:#}"))?;
    let ty = module.types.add(&[walrus::ValType::I32], &[]);
    module.add_import_func("env", "trace", ty);
    Ok(module.emit_wasm().len() as u64)
}

/// A wasm-encoder reencoder that appends the type and the import and shifts every
/// function index at or above the first defined function.
struct AddImport {
    /// Imported functions in the input.
    imported: u32,
    /// Types in the input: the index of the appended type.
    types: u32,
}

impl Reencode for AddImport {
    type Error = Infallible;

    fn function_index(&mut self, func: u32) -> Result<u32, Error<Infallible>> {
        Ok(if func >= self.imported {
            func + 1
        } else {
            func
        })
    }

    fn parse_type_section(
        &mut self,
        types: &mut wasm_encoder::TypeSection,
        section: wasmparser::TypeSectionReader<'_>,
    ) -> Result<(), Error<Infallible>> {
        utils::parse_type_section(self, types, section)?;
        types.ty().function([wasm_encoder::ValType::I32], []);
        Ok(())
    }

    fn parse_import_section(
        &mut self,
        imports: &mut wasm_encoder::ImportSection,
        section: wasmparser::ImportSectionReader<'_>,
    ) -> Result<(), Error<Infallible>> {
        utils::parse_import_section(self, imports, section)?;
        let ty = wasm_encoder::EntityType::Function(self.types);
        imports.import("env", "trace", ty);
        Ok(())
    }
}

/// wasm-encoder's `Reencode` with index shifting (after a first pass that counts the types
/// and the imported functions); needs a type and an import section in the input.
pub fn wasm_encoder(input: Vec<u8>) -> Outcome {
    let mut reencoder = AddImport {
        imported: 0,
        types: 0,
    };
    let (mut has_types, mut has_imports) = (false, false);
    for payload in wasmparser::Parser::new(0).parse_all(&input) {
        match payload.map_err(|e| e.to_string())? {
            wasmparser::Payload::TypeSection(reader) => {
                has_types = true;
                for group in reader {
                    let group = group.map_err(|e| e.to_string())?;
                    reencoder.types += group.types().len() as u32;
                }
            }
            wasmparser::Payload::ImportSection(reader) => {
                has_imports = true;
                for import in reader.into_imports() {
                    let import = import.map_err(|e| e.to_string())?;
                    if let wasmparser::TypeRef::Func(_) = import.ty {
                        reencoder.imported += 1;
                    }
                }
            }
            wasmparser::Payload::CodeSectionStart { .. } => break,
            _ => {}
        }
    }
    if !(has_types && has_imports) {
        return Err("needs a type and an import section".into());
    }
    let mut module = wasm_encoder::Module::new();
    reencoder
        .parse_core_module(&mut module, wasmparser::Parser::new(0), &input)
        .map_err(|e| e.to_string())?;
    Ok(module.finish().len() as u64)
}
