//! `arbitrary::Arbitrary` for the types whose codecs are hand-written (the derived ones get
//! theirs from `#[derive(Wasmbin)]`). Generated values are ones the binary format can
//! express: balanced expressions, sections in spec order, limits within their address type.

use crate::blob::Blob;
use crate::custom::{is_typed_subsection_id, CustomSection, RawCustomSection, Subsection};
use crate::dylink0::Dylink0Section;
use crate::indices::TypeIdx;
use crate::instructions::{Expression, Frames, Instruction, MemArg};
use crate::io::{F32, F64, S33};
use crate::module::Module;
use crate::name::NameSection;
use crate::sections::{
    payload, CompactImport, CompactImportsOfType, Func, Import, ImportDesc, Locals, Section,
};
use crate::types::{AddressType, Limits};
use arbitrary::{Arbitrary, Result, Unstructured};

impl<'a, T: Arbitrary<'a>> Arbitrary<'a> for Blob<T> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        T::arbitrary(u).map(Blob::new)
    }
}

impl<'a> Arbitrary<'a> for F32 {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        u32::arbitrary(u).map(F32::from_bits)
    }
}

impl<'a> Arbitrary<'a> for F64 {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        u64::arbitrary(u).map(F64::from_bits)
    }
}

impl<'a> Arbitrary<'a> for S33 {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        TypeIdx::arbitrary(u).map(S33)
    }
}

impl<'a> Arbitrary<'a> for AddressType {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(if u.arbitrary()? {
            AddressType::I64
        } else {
            AddressType::I32
        })
    }
}

impl<'a> Arbitrary<'a> for Limits {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(Limits {
            min: u.arbitrary()?,
            max: u.arbitrary()?,
            shared: u.arbitrary()?,
            address_type: u.arbitrary()?,
            page_size_log2: if u.arbitrary()? {
                Some(u.int_in_range(0..=63)?)
            } else {
                None
            },
        })
    }
}

impl<'a> Arbitrary<'a> for MemArg {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(MemArg::new(
            u.int_in_range(0..=63)?,
            u.arbitrary()?,
            u.arbitrary()?,
        ))
    }
}

/// The description of a compact group member: anything but a compact form (chosen directly,
/// so that groups do not recurse).
fn extern_desc(u: &mut Unstructured<'_>) -> Result<ImportDesc> {
    Ok(match u.choose_index(6)? {
        0 => ImportDesc::Func(u.arbitrary()?),
        1 => ImportDesc::Table(u.arbitrary()?),
        2 => ImportDesc::Mem(u.arbitrary()?),
        3 => ImportDesc::Global(u.arbitrary()?),
        4 => ImportDesc::Tag(u.arbitrary()?),
        _ => ImportDesc::FuncExact(u.arbitrary()?),
    })
}

/// A compact group follows an empty item name.
impl<'a> Arbitrary<'a> for Import {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let module = u.arbitrary()?;
        let name: String = u.arbitrary()?;
        let desc = ImportDesc::arbitrary(u)?;
        Ok(Import {
            module,
            name: if desc.is_compact() {
                String::new()
            } else {
                name
            },
            desc,
        })
    }
}

impl<'a> Arbitrary<'a> for CompactImport {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(CompactImport {
            name: u.arbitrary()?,
            desc: extern_desc(u)?,
        })
    }
}

impl<'a> Arbitrary<'a> for CompactImportsOfType {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(CompactImportsOfType {
            desc: extern_desc(u)?,
            names: u.arbitrary()?,
        })
    }
}

/// An expression that reads back: arbitrary instructions, leaving out those the grammar does
/// not allow where they fall (an `end` too many, `else` outside of `if`, `catch` outside of
/// `try` …), and every block opened closed before the expression's own `end`.
impl<'a> Arbitrary<'a> for Expression {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let mut instructions = Vec::new();
        let mut frames = Frames::default();
        for instruction in u.arbitrary_iter::<Instruction>()? {
            let instruction = instruction?;
            if frames.step(&instruction) == Ok(false) {
                instructions.push(instruction);
            }
        }
        instructions.extend((0..frames.depth()).map(|_| Instruction::End));
        Ok(Expression { instructions })
    }
}

impl<'a> Arbitrary<'a> for Func {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        // Keep the total number of locals within u32 (more is malformed).
        let mut budget = u64::from(u32::MAX);
        let mut locals = Vec::new();
        for run in u.arbitrary_iter::<Locals>()? {
            let mut run = run?;
            run.count = run.count.min(budget as u32);
            budget -= u64::from(run.count);
            locals.push(run);
        }
        Ok(Func {
            locals,
            expr: u.arbitrary()?,
        })
    }
}

/// Subsections, without an unknown one whose id has a typed variant (it would encode as
/// an error).
fn subsections<'a, T: Subsection + Arbitrary<'a>>(u: &mut Unstructured<'a>) -> Result<Vec<T>> {
    let mut subsections = Vec::new();
    for subsection in u.arbitrary_iter::<T>()? {
        let subsection = subsection?;
        if !subsection
            .as_unknown()
            .is_some_and(|unknown| is_typed_subsection_id::<T>(unknown.id))
        {
            subsections.push(subsection);
        }
    }
    Ok(subsections)
}

impl<'a> Arbitrary<'a> for NameSection {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(NameSection {
            subsections: subsections(u)?,
        })
    }
}

impl<'a> Arbitrary<'a> for Dylink0Section {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(Dylink0Section {
            subsections: subsections(u)?,
        })
    }
}

/// Any name but those of the typed variants.
impl<'a> Arbitrary<'a> for RawCustomSection {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let mut name = String::arbitrary(u)?;
        if CustomSection::has_typed_variant(&name) {
            name.push('_');
        }
        Ok(RawCustomSection {
            name,
            data: Vec::<u8>::arbitrary(u)?.into(),
        })
    }
}

// The match below has an arm for each typed variant.
const _: () = assert!(CustomSection::TYPED_NAMES.len() == 9);

impl<'a> Arbitrary<'a> for CustomSection {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        fn typed<'a, T: Arbitrary<'a>>(u: &mut Unstructured<'a>) -> Result<Blob<T>> {
            T::arbitrary(u).map(Blob::new)
        }
        Ok(match u.choose_index(10)? {
            0 => CustomSection::Name(typed(u)?),
            1 => CustomSection::Producers(typed(u)?),
            2 => CustomSection::TargetFeatures(typed(u)?),
            3 => CustomSection::BuildId(typed(u)?),
            4 => CustomSection::SourceMappingUrl(typed(u)?),
            5 => CustomSection::ExternalDebugInfo(typed(u)?),
            6 => CustomSection::BranchHints(typed(u)?),
            7 => CustomSection::Dylink0(typed(u)?),
            8 => CustomSection::Dylink(typed(u)?),
            _ => CustomSection::Other(RawCustomSection::arbitrary(u)?),
        })
    }
}

/// A module whose sections are in the spec's order, without duplicates, and whose function
/// and code sections agree on the number of functions.
impl<'a> Arbitrary<'a> for Module {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let mut seen = [false; 256];
        let mut sections: Vec<(u8, Section)> = Vec::new();
        let mut last_order = 0;
        for section in u.arbitrary_iter::<Section>()? {
            let section = section?;
            let order = match section.order() {
                Some(order) if std::mem::replace(&mut seen[order as usize], true) => continue,
                Some(order) => order,
                // Custom sections stay after the standard section they followed.
                None => last_order,
            };
            last_order = order;
            sections.push((order, section));
        }
        sections.sort_by_key(|(order, _)| *order);
        let mut module = Module {
            sections: sections.into_iter().map(|(_, s)| s).collect(),
        };
        let bodies = module
            .find_std_section::<payload::Code>()
            .and_then(Blob::get)
            .map_or(0, Vec::len);
        let declared = module
            .find_std_section::<payload::Function>()
            .and_then(Blob::get)
            .map_or(0, Vec::len);
        if bodies != declared {
            module
                .find_or_insert_std_section::<payload::Function>(Vec::new)
                .set_contents(vec![TypeIdx(0); bodies]);
        }
        Ok(module)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::{decode_exact, encode_to_vec};

    /// Pseudo-random bytes (xorshift), so the test needs no fuzzer and is reproducible.
    fn noise(seed: u64, len: usize) -> Vec<u8> {
        let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 24) as u8
            })
            .collect()
    }

    #[test]
    fn arbitrary_custom_sections_round_trip() {
        let mut typed = [0usize; 10];
        let mut subsections = 0;
        for seed in 0..2000 {
            let bytes = noise(seed, 64 + (seed as usize * 7 % 4096));
            let mut u = Unstructured::new(&bytes);
            let Ok(section) = CustomSection::arbitrary(&mut u) else {
                continue;
            };
            let index = CustomSection::TYPED_NAMES
                .iter()
                .position(|name| *name == section.name())
                .unwrap_or(9);
            typed[index] += 1;
            if let CustomSection::Dylink0(dylink) = &section {
                subsections += dylink.get().map_or(0, |d| d.subsections.len());
            }
            let encoded = encode_to_vec(&section)
                .unwrap_or_else(|err| panic!("seed {seed}: {section:?} does not encode: {err}"));
            let decoded: CustomSection = decode_exact(&encoded).unwrap();
            decoded.decode_payload().unwrap();
            assert_eq!(decoded, section, "seed {seed}");
            assert_eq!(encode_to_vec(&decoded).unwrap(), encoded, "seed {seed}");
        }
        assert!(typed.iter().all(|&n| n > 0), "{typed:?}");
        assert!(subsections > 0);
    }
}
