//! `arbitrary::Arbitrary` for the types whose codecs are hand-written (the derived ones get
//! theirs from `#[derive(Wasmbin)]`). Generated values are ones the binary format can
//! express: balanced expressions, sections in spec order, limits within their address type.

use crate::blob::Blob;
use crate::custom::subsections::{is_typed_subsection_id, Subsection, Subsections};
use crate::custom::{CustomSection, RawCustomSection};
use crate::indices::TypeIdx;
use crate::instructions::{Expression, Frames, Instruction, MemArg};
use crate::io::{F32, F64, S33};
use crate::module::Module;
use crate::sections::{payload, Func, Import, ImportDesc, Locals, Section};
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

impl<'a, I: Arbitrary<'a>> Arbitrary<'a> for S33<I> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        I::arbitrary(u).map(S33)
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
impl<'a, T: Subsection + Arbitrary<'a>> Arbitrary<'a> for Subsections<T> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
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
        Ok(Subsections { subsections })
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

    #[test]
    fn arbitrary_custom_sections_round_trip() {
        // One count per typed variant, then `Other`.
        let mut typed = vec![0usize; CustomSection::TYPED_NAMES.len() + 1];
        let mut subsections = 0;
        for seed in 0..2000 {
            let bytes = wasmbin_testkit::Rng::new(seed).bytes(64 + (seed as usize * 7 % 4096));
            let mut u = Unstructured::new(&bytes);
            let Ok(section) = CustomSection::arbitrary(&mut u) else {
                continue;
            };
            let index = CustomSection::TYPED_NAMES
                .iter()
                .position(|name| *name == section.name())
                .unwrap_or(CustomSection::TYPED_NAMES.len());
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
