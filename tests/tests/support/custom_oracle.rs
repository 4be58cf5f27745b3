//! wasmparser as the oracle for typed custom section payloads: both readings of a payload
//! are turned into the same lines of text, which must be equal.
//!
//! wasmparser has readers for `producers`, `metadata.code.branch_hint` and `dylink.0`; the
//! other typed sections have no oracle here.

use wasmbin::custom::CustomSection;
use wasmbin::dylink0::Dylink0Subsection;
use wasmbin::DecodeError;
use wasmparser::{
    BinaryReader, BranchHintSectionReader, Dylink0SectionReader, Dylink0Subsection as WpSub,
    ProducersSectionReader,
};

/// One reading of a payload: its values as lines, or why it could not be read.
pub type Reading = Result<Vec<String>, String>;

/// wasmparser's reading of the payload `data` of a custom section called `name`, found at
/// `offset` in the input; `None` if wasmparser has no reader for that name.
pub fn wasmparser_reading(name: &str, data: &[u8], offset: u64) -> Option<Reading> {
    let reader = BinaryReader::new(data, offset);
    let reading = match name {
        "producers" => read_producers(reader),
        "metadata.code.branch_hint" => read_branch_hints(reader),
        "dylink.0" => read_dylink0(reader),
        _ => return None,
    };
    Some(reading.map_err(|err| err.to_string()))
}

fn read_producers(reader: BinaryReader<'_>) -> wasmparser::Result<Vec<String>> {
    let mut lines = Vec::new();
    for field in ProducersSectionReader::new(reader)? {
        let field = field?;
        lines.push(format!("field {:?}", field.name));
        for value in field.values {
            let value = value?;
            lines.push(format!("  {:?} {:?}", value.name, value.version));
        }
    }
    Ok(lines)
}

fn read_branch_hints(reader: BinaryReader<'_>) -> wasmparser::Result<Vec<String>> {
    let mut lines = Vec::new();
    for function in BranchHintSectionReader::new(reader)? {
        let function = function?;
        lines.push(format!("func {}", function.func));
        for hint in function.hints {
            let hint = hint?;
            lines.push(format!("  at {} likely {}", hint.func_offset, hint.taken));
        }
    }
    Ok(lines)
}

fn read_dylink0(reader: BinaryReader<'_>) -> wasmparser::Result<Vec<String>> {
    let mut lines = Vec::new();
    for subsection in Dylink0SectionReader::new(reader) {
        lines.push(match subsection? {
            WpSub::MemInfo(m) => format!(
                "mem_info {} {} {} {}",
                m.memory_size, m.memory_alignment, m.table_size, m.table_alignment
            ),
            WpSub::Needed(names) => format!("needed {names:?}"),
            WpSub::ExportInfo(infos) => {
                let infos: Vec<_> = infos.iter().map(|i| (i.name, i.flags.bits())).collect();
                format!("export_info {infos:?}")
            }
            WpSub::ImportInfo(infos) => {
                let infos: Vec<_> = infos
                    .iter()
                    .map(|i| (i.module, i.field, i.flags.bits()))
                    .collect();
                format!("import_info {infos:?}")
            }
            WpSub::RuntimePath(paths) => format!("runtime_path {paths:?}"),
            WpSub::TargetArch(arch) => format!("target_arch {arch:?}"),
            WpSub::Unknown { ty, data, .. } => format!("unknown {ty} {data:?}"),
        });
    }
    Ok(lines)
}

/// wasmbin's reading of the payload of `section`, in the same lines as
/// [`wasmparser_reading`]; `None` for the sections that function has no reader for.
pub fn wasmbin_reading(section: &CustomSection) -> Option<Reading> {
    let reading = match section {
        CustomSection::Producers(blob) => blob.try_contents().map(|producers| {
            let mut lines = Vec::new();
            for field in &producers.fields {
                lines.push(format!("field {:?}", field.name));
                for value in &field.values {
                    lines.push(format!("  {:?} {:?}", value.name, value.version));
                }
            }
            lines
        }),
        CustomSection::BranchHints(blob) => blob.try_contents().map(|hints| {
            let mut lines = Vec::new();
            for function in &hints.functions {
                lines.push(format!("func {}", function.func.0));
                for hint in &function.hints {
                    lines.push(format!(
                        "  at {} likely {}",
                        hint.func_pos,
                        hint.is_likely()
                    ));
                }
            }
            lines
        }),
        CustomSection::Dylink0(blob) => dylink0_lines(blob),
        _ => return None,
    };
    Some(reading.map_err(|err| err.to_string()))
}

fn dylink0_lines(
    blob: &wasmbin::Blob<wasmbin::dylink0::Dylink0Section>,
) -> Result<Vec<String>, DecodeError> {
    let mut lines = Vec::new();
    for subsection in &blob.try_contents()?.subsections {
        lines.push(match subsection {
            Dylink0Subsection::MemInfo(m) => {
                let m = m.try_contents()?;
                format!(
                    "mem_info {} {} {} {}",
                    m.memory_size, m.memory_alignment, m.table_size, m.table_alignment
                )
            }
            Dylink0Subsection::Needed(names) => format!("needed {:?}", names.try_contents()?),
            Dylink0Subsection::ExportInfo(infos) => {
                let infos: Vec<_> = infos
                    .try_contents()?
                    .iter()
                    .map(|i| (i.name.as_str(), i.flags))
                    .collect();
                format!("export_info {infos:?}")
            }
            Dylink0Subsection::ImportInfo(infos) => {
                let infos: Vec<_> = infos
                    .try_contents()?
                    .iter()
                    .map(|i| (i.module.as_str(), i.field.as_str(), i.flags))
                    .collect();
                format!("import_info {infos:?}")
            }
            Dylink0Subsection::RuntimePath(paths) => {
                format!("runtime_path {:?}", paths.try_contents()?)
            }
            Dylink0Subsection::TargetArch(arch) => {
                format!("target_arch {:?}", arch.try_contents()?)
            }
            Dylink0Subsection::Unknown(unknown) => {
                format!("unknown {} {:?}", unknown.id, &unknown.data[..])
            }
            other => format!("unexpected {other:?}"),
        });
    }
    Ok(lines)
}

/// Compares wasmbin's and wasmparser's readings of a custom section's payload (`data` at
/// `offset`). `Ok(false)`: no oracle for this section. `Err`: how they differ.
pub fn compare(section: &CustomSection, data: &[u8], offset: u64) -> Result<bool, String> {
    let Some(expected) = wasmparser_reading(section.name(), data, offset) else {
        return Ok(false);
    };
    let Some(actual) = wasmbin_reading(section) else {
        return Err(format!(
            "wasmparser reads the {:?} section but wasmbin has no typed variant for it",
            section.name()
        ));
    };
    match (actual, expected) {
        (Ok(actual), Ok(expected)) if actual == expected => Ok(true),
        (Ok(actual), Ok(expected)) => Err(format!(
            "{:?} section: wasmbin reads {actual:?}, wasmparser {expected:?}",
            section.name()
        )),
        // Both refuse the payload: they agree.
        (Err(_), Err(_)) => Ok(true),
        (Ok(_), Err(err)) => Err(format!(
            "{:?} section: wasmbin decodes it, wasmparser does not: {err}",
            section.name()
        )),
        (Err(err), Ok(_)) => Err(format!(
            "{:?} section: wasmparser reads it, wasmbin does not: {err}",
            section.name()
        )),
    }
}
