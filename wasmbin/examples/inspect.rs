//! Prints the sections, imports and exports of a WebAssembly module, what its `producers`
//! and `target_features` custom sections say, and checks that it round-trips. A component
//! is shown as a tree: its sections, nested modules (with their sections, imports and
//! exports) and nested components, each with sizes and offsets, then its imports, exports
//! and index spaces, and the same round-trip check.
//!
//! ```text
//! cargo run --release --example inspect [-- FILE.wasm]
//! ```
//!
//! Without a file it inspects a small module embedded below. The last line is
//! `roundtrip: byte-exact=yes eager=ok` when re-encoding the untouched module reproduces the
//! input and every lazy part decodes and re-encodes to an equal module. On input that fails
//! to decode it prints the error (offset and path) and exits with status 1.

use std::process::ExitCode;
use wasmbin::component::{Component, ComponentSection, MAX_COMPONENT_NESTING};
use wasmbin::custom::CustomSection;
use wasmbin::error::section_name;
use wasmbin::sections::{ExportDesc, ExternType};
use wasmbin::{payload, Binary, DecodeError, Module, Section};

/// A small module: imports `env.memory` and `env.log`, defines and exports `add`, and has
/// a name section.
const EMBEDDED: &[u8] = &[
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
    // type section: (i32) -> (), (i32, i32) -> i32
    0x01, 0x0b, 0x02, 0x60, 0x01, 0x7f, 0x00, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f,
    // import section: env.memory (memory 1), env.log (func type 0)
    0x02, 0x19, 0x02, 0x03, b'e', b'n', b'v', 0x06, b'm', b'e', b'm', b'o', b'r', b'y', 0x02, 0x00,
    0x01, 0x03, b'e', b'n', b'v', 0x03, b'l', b'o', b'g', 0x00, 0x00,
    // function section: one function of type 1
    0x03, 0x02, 0x01, 0x01, // export section: "add" = func 1
    0x07, 0x07, 0x01, 0x03, b'a', b'd', b'd', 0x00, 0x01,
    // code section: local.get 0, local.get 1, i32.add, end
    0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b,
    // custom "name" section: function names {1: "add"}
    0x00, 0x0d, 0x04, b'n', b'a', b'm', b'e', 0x01, 0x06, 0x01, 0x01, 0x03, b'a', b'd', b'd',
];

fn main() -> ExitCode {
    let (label, bytes) = match std::env::args_os().nth(1) {
        Some(path) => match std::fs::read(&path) {
            Ok(bytes) => (path.to_string_lossy().into_owned(), bytes),
            Err(err) => {
                eprintln!("error: cannot read {}: {err}", path.to_string_lossy());
                return ExitCode::FAILURE;
            }
        },
        None => ("<embedded example module>".to_owned(), EMBEDDED.to_vec()),
    };
    println!("{label}: {} bytes", bytes.len());
    match inspect(&bytes) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            println!("error: {err}");
            if let Some(err) = err.downcast_ref::<DecodeError>() {
                println!("  at {}", err.path_string());
            }
            ExitCode::FAILURE
        }
    }
}

fn inspect(bytes: &[u8]) -> Result<(), Box<dyn std::error::Error>> {
    let module = match Binary::decode_from_bytes(bytes.to_vec())? {
        Binary::Module(module) => module,
        Binary::Component(component) => return inspect_component(&component, bytes),
    };

    println!("sections:");
    print_sections(&module, "  ");

    print_imports_exports(&module, "")?;

    for custom in module.custom_sections() {
        // A payload that does not decode is reported with the warnings below.
        match custom? {
            CustomSection::Producers(producers) => {
                if let Ok(producers) = producers.try_contents() {
                    println!("producers:");
                    for field in &producers.fields {
                        let values: Vec<String> = field
                            .values
                            .iter()
                            .map(|v| format!("{} {}", v.name, v.version).trim_end().to_string())
                            .collect();
                        println!("  {}: {}", field.name, values.join(", "));
                    }
                }
            }
            CustomSection::TargetFeatures(features) => {
                if let Ok(features) = features.try_contents() {
                    let features: Vec<String> = features
                        .features
                        .iter()
                        .map(|f| format!("{}{}", f.prefix.as_char(), f.name))
                        .collect();
                    println!("target features: {}", features.join(", "));
                }
            }
            _ => {}
        }
    }

    let lazy = module.encode_into(Vec::new())?;
    let byte_exact = lazy == bytes;

    let warnings = module.decode_all()?;
    for warning in &warnings {
        println!("warning: custom section payload does not decode: {warning}");
    }
    let mut owned = module.clone();
    owned.decode_all_mut()?;
    let encoded = owned.encode_into(Vec::new())?;
    let again = Module::decode_from_bytes(encoded)?;
    again.decode_all()?;
    let eager = if again == module { "ok" } else { "MISMATCH" };

    println!(
        "roundtrip: byte-exact={} eager={eager}",
        if byte_exact { "yes" } else { "no" }
    );
    Ok(())
}

/// The sections of a module, one line each, indented.
fn print_sections(module: &Module, indent: &str) {
    for (index, section) in module.sections.iter().enumerate() {
        let (offset, size) = section.extent().unwrap_or_default();
        let mut name = format!("{} ({})", section.id(), section_name(section.id()));
        if let Section::Custom(blob) = section {
            match blob.try_contents() {
                Ok(custom) => name += &format!(" \"{}\"", custom.name()),
                Err(err) => name += &format!(" <{err}>"),
            }
        }
        println!("{indent}#{index:<3} id {name:<28} size {size:>10}  offset {offset:#010x}");
    }
}

/// The imports and exports of a module, indented.
fn print_imports_exports(module: &Module, indent: &str) -> Result<(), DecodeError> {
    if let Some(imports) = module.find_std_section::<payload::Import>() {
        // Compact import groups (compact import section) hold several imports each.
        let imports: Vec<_> = imports
            .try_contents()?
            .iter()
            .flat_map(|i| i.entries())
            .collect();
        println!("{indent}imports ({}):", imports.len());
        for (module_name, name, desc) in imports {
            let kind = match desc {
                ExternType::Func(ty) => format!("func (type {})", ty.0),
                ExternType::Table(ty) => format!("table {:?}", ty.element),
                ExternType::Mem(mem) => format!("memory (min {} pages)", mem.limits.min),
                ExternType::Global(ty) => format!("global {:?}", ty.ty),
                ExternType::Tag(tag) => format!("tag (type {})", tag.ty.0),
                other => format!("{other:?}"),
            };
            println!("{indent}  {module_name}.{name}: {kind}");
        }
    }

    if let Some(exports) = module.find_std_section::<payload::Export>() {
        let exports = exports.try_contents()?;
        println!("{indent}exports ({}):", exports.len());
        for export in exports {
            let kind = match export.desc {
                ExportDesc::Func(i) => format!("func {}", i.0),
                ExportDesc::Table(i) => format!("table {}", i.0),
                ExportDesc::Mem(i) => format!("memory {}", i.0),
                ExportDesc::Global(i) => format!("global {}", i.0),
                ExportDesc::Tag(i) => format!("tag {}", i.0),
                other => format!("{other:?}"),
            };
            println!("{indent}  {}: {kind}", export.name);
        }
    }

    Ok(())
}

/// A component as a tree, its imports, exports and index spaces, and the round-trip check.
fn inspect_component(
    component: &Component,
    bytes: &[u8],
) -> Result<(), Box<dyn std::error::Error>> {
    println!("component:");
    print_component(component, "  ", 0)?;
    let imports = component.imports()?;
    println!("imports ({}):", imports.len());
    for import in imports {
        println!("  {}: {:?}", import.name, import.ty);
    }
    let exports = component.exports()?;
    println!("exports ({}):", exports.len());
    for export in exports {
        println!(
            "  {}: {:?} {}",
            export.name, export.item.sort, export.item.idx
        );
    }
    println!("index spaces: {:?}", component.index_spaces()?);

    let byte_exact = component.encode_into(Vec::new())? == bytes;
    let warnings = component.decode_all()?;
    for warning in &warnings {
        println!("warning: custom section payload does not decode: {warning}");
    }
    let mut owned = component.clone();
    owned.decode_all_mut()?;
    let again = Component::decode_from_bytes(owned.encode_into(Vec::new())?)?;
    again.decode_all()?;
    let eager = if again == *component {
        "ok"
    } else {
        "MISMATCH"
    };
    println!(
        "roundtrip: byte-exact={} eager={eager}",
        if byte_exact { "yes" } else { "no" }
    );
    Ok(())
}

/// The sections of a component, nested modules and components indented below theirs.
fn print_component(component: &Component, indent: &str, depth: usize) -> Result<(), DecodeError> {
    for (index, section) in component.sections.iter().enumerate() {
        let (offset, size) = section.extent().unwrap_or_default();
        let name = format!(
            "{} ({})",
            section.id(),
            wasmbin::component::section_name(section.id())
        );
        println!("{indent}#{index:<3} id {name:<28} size {size:>10}  offset {offset:#010x}");
        let inner = format!("{indent}    ");
        match section {
            ComponentSection::CoreModule(blob) => {
                let module = blob.try_contents()?;
                print_sections(module, &inner);
                print_imports_exports(module, &inner)?;
            }
            // Printed by recursion, as deep as the eager operations go.
            ComponentSection::Component(blob) if depth < MAX_COMPONENT_NESTING => {
                print_component(blob.try_contents()?, &inner, depth + 1)?;
            }
            _ => {}
        }
    }
    Ok(())
}
