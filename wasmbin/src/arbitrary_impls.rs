//! `arbitrary::Arbitrary` for the types whose codecs are hand-written (the derived ones get
//! theirs from `#[derive(Wasmbin)]`). Generated values are ones the binary format can
//! express: balanced expressions, sections in spec order, limits within their address type.

use crate::blob::Blob;
use crate::custom::{CustomSection, RawCustomSection};
use crate::indices::TypeIdx;
use crate::instructions::{ArrayMemArg, Expression, Instruction, MemArg};
use crate::io::{F32, F64, S33};
use crate::module::Module;
use crate::name::NameSection;
use crate::sections::{
    payload, CompactImport, CompactImportsOfType, Func, Import, ImportDesc, Locals, Section,
};
use crate::types::{
    AbsHeapType, AddressType, BlockType, FieldType, HeapType, Limits, Mut, ValueType,
};
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
        u.int_in_range(-(1i64 << 32)..=(1i64 << 32) - 1).map(S33)
    }
}

impl<'a> Arbitrary<'a> for HeapType {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(match u.choose_index(4)? {
            0 => HeapType::Abstract(AbsHeapType::arbitrary(u)?),
            1 => HeapType::Concrete(TypeIdx::arbitrary(u)?),
            2 => HeapType::Exact(TypeIdx::arbitrary(u)?),
            _ => HeapType::Shared(AbsHeapType::arbitrary(u)?),
        })
    }
}

impl<'a> Arbitrary<'a> for BlockType {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(match u.choose_index(3)? {
            0 => BlockType::Empty,
            1 => BlockType::Value(ValueType::arbitrary(u)?),
            _ => BlockType::FuncType(TypeIdx::arbitrary(u)?),
        })
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
        Ok(MemArg {
            align: u.int_in_range(0..=15)?,
            ordering: u.arbitrary()?,
            memory: u.arbitrary()?,
            offset: u.arbitrary()?,
        })
    }
}

impl<'a> Arbitrary<'a> for ArrayMemArg {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(ArrayMemArg {
            align: u.int_in_range(0..=15)?,
            ordering: u.arbitrary()?,
            array: u.arbitrary()?,
            offset: u.arbitrary()?,
        })
    }
}

/// Field mutability is `const` or `var`: the shared forms are for globals only.
impl<'a> Arbitrary<'a> for FieldType {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(FieldType {
            storage: u.arbitrary()?,
            mutability: if u.arbitrary()? { Mut::Var } else { Mut::Const },
        })
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

/// A balanced expression: no `end` closes more blocks than were opened, and every block
/// opened is closed before the expression's own `end`.
impl<'a> Arbitrary<'a> for Expression {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let mut instructions = Vec::new();
        let mut depth = 0u32;
        for instruction in u.arbitrary_iter::<Instruction>()? {
            let instruction = instruction?;
            match instruction.depth_change() {
                1 => depth += 1,
                -1 if depth == 0 => continue,
                -1 => depth -= 1,
                _ => {}
            }
            instructions.push(instruction);
        }
        instructions.extend((0..depth).map(|_| Instruction::End));
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

impl<'a> Arbitrary<'a> for NameSection {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(NameSection {
            subsections: u.arbitrary()?,
        })
    }
}

impl<'a> Arbitrary<'a> for RawCustomSection {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let mut name = String::arbitrary(u)?;
        if name == "name" {
            name.push('_');
        }
        Ok(RawCustomSection {
            name,
            data: Vec::<u8>::arbitrary(u)?.into(),
        })
    }
}

impl<'a> Arbitrary<'a> for CustomSection {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(if u.arbitrary()? {
            CustomSection::Name(Blob::new(NameSection::arbitrary(u)?))
        } else {
            CustomSection::Other(RawCustomSection::arbitrary(u)?)
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
