//! `inspect`: the sections, imports, exports, custom sections and largest functions of a
//! module, what its `producers` and `target_features` custom sections say, and the
//! round-trip check. A component is shown as a tree: its sections, nested modules (with
//! their sections, imports and exports) and nested components, each with sizes and
//! offsets, then its imports, exports and index spaces, and the same round-trip check.

use crate::{Failure, Out};
use wasmbin::component::{Component, ComponentSection, MAX_COMPONENT_NESTING};
use wasmbin::custom::CustomSection;
use wasmbin::error::section_name;
use wasmbin::index_space::Origin;
use wasmbin::sections::{ExportDesc, ExternType};
use wasmbin::{payload, Binary, Module, Section};

/// The module `inspect` shows without a file: imports `env.memory` and `env.log`, defines
/// and exports `add`, and has a name section.
pub const EMBEDDED: &[u8] = &[
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

/// Prints what `inspect` shows of `bytes` (a module or a component).
pub fn inspect(label: &str, bytes: &[u8], top: usize, out: Out<'_>) -> Result<(), Failure> {
    let binary = crate::decode(bytes)?;
    let kind = match binary {
        Binary::Module(_) => "core module",
        Binary::Component(_) => "component",
    };
    writeln!(out, "{label}: {} bytes, {kind}", bytes.len())?;
    match &binary {
        Binary::Module(module) => inspect_module(module, top, out)?,
        Binary::Component(component) => inspect_component(component, out)?,
    }
    let check = crate::roundtrip::check(&binary, bytes)?;
    for warning in &check.warnings {
        writeln!(
            out,
            "warning: custom section payload does not decode: {warning}"
        )?;
    }
    writeln!(
        out,
        "roundtrip: byte-exact={} eager={}",
        if check.lazy.is_none() { "yes" } else { "no" },
        if check.eager_reads_back {
            "ok"
        } else {
            "MISMATCH"
        }
    )?;
    if check.lazy.is_some() || !check.eager_reads_back {
        return Err(Failure::BadInput(
            "the round trip failed (run `wasmbin roundtrip` for details)".into(),
        ));
    }
    Ok(())
}

fn inspect_module(module: &Module, top: usize, out: Out<'_>) -> Result<(), Failure> {
    writeln!(out, "sections:")?;
    print_sections(module, "  ", out)?;
    print_imports_exports(module, "", out)?;
    print_custom_sections(module, out)?;
    print_largest_functions(module, top, out)
}

/// The sections of a module, one line each, indented.
fn print_sections(module: &Module, indent: &str, out: Out<'_>) -> Result<(), Failure> {
    for (index, section) in module.sections.iter().enumerate() {
        let (offset, size) = section.extent().unwrap_or_default();
        let mut name = format!("{} ({})", section.id(), section_name(section.id()));
        if let Section::Custom(blob) = section {
            match blob.try_contents() {
                Ok(custom) => name += &format!(" {:?}", custom.name()),
                Err(err) => name += &format!(" <{err}>"),
            }
        }
        writeln!(
            out,
            "{indent}#{index:<3} id {name:<28} size {size:>10}  offset {offset:#010x}"
        )?;
    }
    Ok(())
}

/// The imports and exports of a module, indented.
fn print_imports_exports(module: &Module, indent: &str, out: Out<'_>) -> Result<(), Failure> {
    if let Some(imports) = module.find_std_section::<payload::Import>() {
        // Compact import groups (compact import section) hold several imports each.
        let imports: Vec<_> = imports
            .try_contents()?
            .iter()
            .flat_map(|i| i.entries())
            .collect();
        writeln!(out, "{indent}imports ({}):", imports.len())?;
        for (module_name, name, desc) in imports {
            let kind = match desc {
                ExternType::Func(ty) => format!("func (type {})", ty.0),
                ExternType::Table(ty) => format!("table {}", ty.element),
                ExternType::Mem(mem) => format!("memory (min {} pages)", mem.limits.min),
                ExternType::Global(ty) => format!("global {}", ty.ty),
                ExternType::Tag(tag) => format!("tag (type {})", tag.ty.0),
                other => format!("{other:?}"),
            };
            writeln!(out, "{indent}  {module_name}.{name}: {kind}")?;
        }
    }

    if let Some(exports) = module.find_std_section::<payload::Export>() {
        let exports = exports.try_contents()?;
        writeln!(out, "{indent}exports ({}):", exports.len())?;
        for export in exports {
            let kind = match export.desc {
                ExportDesc::Func(i) => format!("func {}", i.0),
                ExportDesc::Table(i) => format!("table {}", i.0),
                ExportDesc::Mem(i) => format!("memory {}", i.0),
                ExportDesc::Global(i) => format!("global {}", i.0),
                ExportDesc::Tag(i) => format!("tag {}", i.0),
                other => format!("{other:?}"),
            };
            writeln!(out, "{indent}  {}: {kind}", export.name)?;
        }
    }
    Ok(())
}

/// The custom sections by name with their sizes, and what the `producers` and
/// `target_features` sections say.
fn print_custom_sections(module: &Module, out: Out<'_>) -> Result<(), Failure> {
    let customs: Vec<_> = module
        .sections
        .iter()
        .filter_map(|section| match section {
            Section::Custom(blob) => Some((section.extent().unwrap_or_default(), blob)),
            _ => None,
        })
        .collect();
    writeln!(out, "custom sections ({}):", customs.len())?;
    for ((offset, size), blob) in customs {
        let custom = blob.try_contents()?;
        writeln!(
            out,
            "  {:<32} size {size:>10}  offset {offset:#010x}",
            format!("{:?}", custom.name())
        )?;
        // A payload that does not decode is reported with the round-trip check's warnings.
        match custom {
            CustomSection::Producers(producers) => {
                if let Ok(producers) = producers.try_contents() {
                    for field in &producers.fields {
                        let values: Vec<String> = field
                            .values
                            .iter()
                            .map(|v| format!("{} {}", v.name, v.version).trim_end().to_string())
                            .collect();
                        writeln!(out, "    {}: {}", field.name, values.join(", "))?;
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
                    writeln!(out, "    {}", features.join(", "))?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The `top` largest function bodies: size (with its size prefix), index and name.
fn print_largest_functions(module: &Module, top: usize, out: Out<'_>) -> Result<(), Failure> {
    let functions = match module.functions() {
        Ok(functions) => functions,
        Err(err) => {
            writeln!(out, "largest functions: unavailable: {err}")?;
            return Ok(());
        }
    };
    let mut bodies: Vec<_> = functions
        .iter()
        .filter_map(|function| match function.origin {
            Origin::Defined(body) => Some((
                body.raw_bytes().map_or(0, <[u8]>::len),
                function.index.0,
                function.name,
            )),
            Origin::Imported { .. } => None,
        })
        .collect();
    let defined = bodies.len();
    // Largest first; equal sizes by index.
    bodies.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    writeln!(
        out,
        "largest functions ({} of {defined}):",
        top.min(defined)
    )?;
    for (size, index, name) in bodies.into_iter().take(top) {
        writeln!(
            out,
            "  {size:>10} bytes  func {index:<7} {}",
            name.unwrap_or("-")
        )?;
    }
    Ok(())
}

/// A component as a tree, and its imports, exports and index spaces.
fn inspect_component(component: &Component, out: Out<'_>) -> Result<(), Failure> {
    writeln!(out, "sections:")?;
    print_component(component, "  ", 0, out)?;
    let imports = component.imports()?;
    writeln!(out, "imports ({}):", imports.len())?;
    for import in imports {
        writeln!(out, "  {}: {:?}", import.name, import.ty)?;
    }
    let exports = component.exports()?;
    writeln!(out, "exports ({}):", exports.len())?;
    for export in exports {
        writeln!(
            out,
            "  {}: {:?} {}",
            export.name, export.item.sort, export.item.idx
        )?;
    }
    writeln!(out, "index spaces: {:?}", component.index_spaces()?)?;
    Ok(())
}

/// The sections of a component, nested modules and components indented below theirs.
fn print_component(
    component: &Component,
    indent: &str,
    depth: usize,
    out: Out<'_>,
) -> Result<(), Failure> {
    for (index, section) in component.sections.iter().enumerate() {
        let (offset, size) = section.extent().unwrap_or_default();
        let mut name = format!(
            "{} ({})",
            section.id(),
            wasmbin::component::section_name(section.id())
        );
        if let ComponentSection::Custom(blob) = section {
            name += &format!(" {:?}", blob.try_contents()?.name());
        }
        writeln!(
            out,
            "{indent}#{index:<3} id {name:<28} size {size:>10}  offset {offset:#010x}"
        )?;
        let inner = format!("{indent}    ");
        match section {
            ComponentSection::CoreModule(blob) => {
                let module = blob.try_contents()?;
                print_sections(module, &inner, out)?;
                print_imports_exports(module, &inner, out)?;
            }
            // Printed by recursion, as deep as the eager operations go.
            ComponentSection::Component(blob) if depth < MAX_COMPONENT_NESTING => {
                print_component(blob.try_contents()?, &inner, depth + 1, out)?;
            }
            _ => {}
        }
    }
    Ok(())
}
