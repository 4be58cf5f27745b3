//! Edits that keep a module consistent: adding imports (which shifts every index after them,
//! everywhere in the module, custom sections included), types, functions and exports, and
//! editing a function body with its branch hints kept on the same instructions.
//!
//! Every part that an edit does not change keeps its bytes: a section or body is re-encoded
//! only if a value in it changed. Renumbering after an import goes further in the bodies it
//! has not decoded: it edits their bytes, re-encoding only the instructions whose index
//! changed (a padded LEB elsewhere in the body stays padded).
//!
//! ```
//! use wasmbin::indices::FuncIdx;
//! use wasmbin::instructions::Instruction;
//! use wasmbin::types::{FuncType, ValueType};
//! use wasmbin::Module;
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let wasm = wat::parse_str(r#"(module (func $f (export "f") call $f))"#)?;
//! let mut module = Module::decode_from(&wasm[..])?;
//! let trace = FuncType { params: vec![ValueType::I32], results: vec![] };
//! let trace = module.add_func_import("env", "trace", trace)?;
//! assert_eq!(trace, FuncIdx(0));
//! // The defined function is now function 1, and so is its call and its export.
//! module.edit_body(FuncIdx(1), |body| {
//!     assert_eq!(body.instructions[0].instruction, Instruction::Call(FuncIdx(1)));
//!     body.instructions.insert(0, Instruction::Call(trace).into());
//!     body.instructions.insert(0, Instruction::I32Const(0).into());
//! })?;
//! let out = module.encode_into(Vec::new())?;
//! wasmparser::Validator::new().validate_all(&out)?;
//! # Ok(()) }
//! ```

use crate::blob::{Blob, ForgetOriginal};
use crate::branch_hint::{BranchHint, BranchHintSection};
use crate::custom::CustomSection;
use crate::error::{DecodeError, PathSegment};
use crate::index_space::ExternKind;
use crate::indices::{FuncIdx, GlobalIdx, MemIdx, TableIdx, TagIdx, TypeIdx};
use crate::instructions::{Expression, Frames, Instruction};
use crate::io::write_count;
use crate::io::{Decode, Encode, Reader};
use crate::sections::payload::StdPayload;
use crate::sections::{payload, Export, ExportDesc, ExternType, Func, Import, ImportDesc, Locals};
use crate::text::{Mnemonic, Opcode};
use crate::types::{CompositeType, FuncType, RecGroup, SubType};
use crate::visit::Visit;
use crate::{Module, Section};
use bytes::Bytes;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Why an edit was refused. The module is unchanged when an edit fails.
///
/// ```
/// use wasmbin::edit::EditError;
/// use wasmbin::indices::FuncIdx;
/// use wasmbin::Module;
/// let wasm = wat::parse_str(r#"(module (import "env" "f" (func)))"#)?;
/// let mut module = Module::decode_from(&wasm[..])?;
/// // An imported function has no body to edit.
/// let err = module.edit_body(FuncIdx(0), |_| {}).unwrap_err();
/// assert!(matches!(err, EditError::Invalid(_)));
/// assert_eq!(module.encode_into(Vec::new())?, wasm);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EditError {
    /// A part of the module that the edit needs does not decode.
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// The edit would take an index space (or an index in it) past `u32::MAX`.
    #[error("too many {0}: an index would pass u32::MAX")]
    Overflow(&'static str),
    /// The edit names something that does not exist or cannot be edited this way.
    #[error("{0}")]
    Invalid(String),
}

/// The index types of the spaces that imports extend, for the renumbering after an import.
/// Implemented by [`FuncIdx`], [`TableIdx`], [`MemIdx`], [`GlobalIdx`] and [`TagIdx`] only
/// (sealed: one index type per [`ExternKind`]).
///
/// ```
/// use wasmbin::edit::SpaceIndex;
/// use wasmbin::indices::{FuncIdx, GlobalIdx};
/// use wasmbin::Module;
/// /// The index of the first definition of an index space.
/// fn first_defined<I: SpaceIndex>(module: &Module) -> Result<I, wasmbin::DecodeError> {
///     Ok(I::from_u32(module.import_count(I::KIND)?))
/// }
/// let wasm = wat::parse_str(r#"(module (import "env" "g" (global i32)) (func))"#)?;
/// let module = Module::decode_from(&wasm[..])?;
/// assert_eq!(first_defined::<GlobalIdx>(&module)?, GlobalIdx(1));
/// assert_eq!(first_defined::<FuncIdx>(&module)?, FuncIdx(0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait SpaceIndex: sealed::Sealed + Visit + Copy + Eq + 'static {
    /// The space.
    ///
    /// ```
    /// use wasmbin::edit::SpaceIndex;
    /// use wasmbin::index_space::ExternKind;
    /// use wasmbin::indices::MemIdx;
    /// assert_eq!(MemIdx::KIND, ExternKind::Memory);
    /// ```
    const KIND: ExternKind;
    /// The plural noun, for errors.
    ///
    /// ```
    /// use wasmbin::edit::SpaceIndex;
    /// use wasmbin::indices::TagIdx;
    /// assert_eq!(TagIdx::WHAT, "tags");
    /// ```
    const WHAT: &'static str;
    /// The index as a number.
    ///
    /// ```
    /// use wasmbin::edit::SpaceIndex;
    /// use wasmbin::indices::FuncIdx;
    /// assert_eq!(FuncIdx(7).get(), 7);
    /// ```
    fn get(self) -> u32;
    /// An index from a number.
    ///
    /// ```
    /// use wasmbin::edit::SpaceIndex;
    /// use wasmbin::indices::TableIdx;
    /// assert_eq!(TableIdx::from_u32(2), TableIdx(2));
    /// ```
    fn from_u32(index: u32) -> Self;
}

mod sealed {
    /// Keeps [`SpaceIndex`](super::SpaceIndex) to the index types of this crate.
    pub trait Sealed {}
}

macro_rules! space_indices {
    ($($idx:ident: $kind:ident, $what:literal;)*) => {$(
        impl sealed::Sealed for $idx {}
        impl SpaceIndex for $idx {
            const KIND: ExternKind = ExternKind::$kind;
            const WHAT: &'static str = $what;
            fn get(self) -> u32 {
                self.0
            }
            fn from_u32(index: u32) -> Self {
                $idx(index)
            }
        }
    )*};
}

space_indices! {
    FuncIdx: Func, "functions";
    TableIdx: Table, "tables";
    MemIdx: Memory, "memories";
    GlobalIdx: Global, "globals";
    TagIdx: Tag, "tags";
}

/// An instruction of a body being edited, with its position in the body before the edit
/// (`None` for an instruction the edit added), so that branch hints can follow it.
///
/// ```
/// use wasmbin::edit::TrackedInstruction;
/// use wasmbin::instructions::Instruction;
/// // An instruction made for the edit: it was nowhere before it.
/// let added: TrackedInstruction = Instruction::Nop.into();
/// assert_eq!(added.instruction, Instruction::Nop);
/// assert_eq!(added.origin(), None);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TrackedInstruction {
    /// The instruction.
    pub instruction: Instruction,
    origin: Option<usize>,
}

impl TrackedInstruction {
    /// The instruction's position in the body before the edit, if it was there.
    ///
    /// ```
    /// use wasmbin::indices::FuncIdx;
    /// use wasmbin::instructions::Instruction;
    /// use wasmbin::Module;
    /// let wasm = wat::parse_str("(module (func i32.const 1 drop))")?;
    /// let mut module = Module::decode_from(&wasm[..])?;
    /// let mut origins = Vec::new();
    /// module.edit_body(FuncIdx(0), |body| {
    ///     body.instructions.insert(0, Instruction::Nop.into());
    ///     origins = body.instructions.iter().map(|i| i.origin()).collect();
    /// })?;
    /// assert_eq!(origins, [None, Some(0), Some(1)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn origin(&self) -> Option<usize> {
        self.origin
    }
}

impl From<Instruction> for TrackedInstruction {
    fn from(instruction: Instruction) -> Self {
        TrackedInstruction {
            instruction,
            origin: None,
        }
    }
}

/// A function body handed to [`Module::edit_body`]: its locals and its instructions (the
/// closing `end` excluded), each tracked to its position before the edit.
///
/// ```
/// use wasmbin::indices::{FuncIdx, LocalIdx};
/// use wasmbin::instructions::Instruction;
/// use wasmbin::sections::Locals;
/// use wasmbin::types::ValueType;
/// use wasmbin::Module;
/// let wasm = wat::parse_str("(module (func (result i32) i32.const 7))")?;
/// let mut module = Module::decode_from(&wasm[..])?;
/// module.edit_body(FuncIdx(0), |body| {
///     body.locals.push(Locals { count: 1, ty: ValueType::I32 });
///     body.instructions.push(Instruction::LocalTee(LocalIdx(0)).into());
/// })?;
/// wasmparser::Validator::new().validate_all(&module.encode_into(Vec::new())?)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BodyEdit {
    /// Declared locals (after the parameters).
    pub locals: Vec<Locals>,
    /// The instructions. Insert new ones with `Instruction::into()`; move or keep the
    /// others to keep the branch hints that point at them.
    pub instructions: Vec<TrackedInstruction>,
}

/// Byte offsets of the instructions of a body from the start of the body (its size prefix
/// excluded, its locals included), the form of a branch hint's `funcpos`: read from the
/// original bytes if the body is as read, computed from the encoding otherwise.
fn instruction_offsets(body: &Blob<Func>) -> Result<Vec<u32>, DecodeError> {
    let func = body.try_contents()?;
    if let (Some(raw), Some(offset)) = (body.raw_bytes(), body.offset()) {
        let mut reader = Reader::new(raw);
        u32::decode(&mut reader)?;
        let start = reader.offset();
        Vec::<Locals>::decode(&mut reader)?;
        let mut offsets = Vec::with_capacity(func.expr.instructions.len());
        for _ in &func.expr.instructions {
            offsets.push((reader.offset() - start) as u32);
            decode_instruction(&mut reader).map_err(|err| {
                DecodeError::new(
                    err.kind().clone(),
                    offset + err.offset(),
                    Default::default(),
                )
            })?;
        }
        return Ok(offsets);
    }
    Ok(encoded_offsets(&func.locals, &func.expr.instructions))
}

/// [`instruction_offsets`] of a body's canonical encoding.
fn encoded_offsets(locals: &Vec<Locals>, instructions: &[Instruction]) -> Vec<u32> {
    let mut at = locals.encoded_len();
    instructions
        .iter()
        .map(|instruction| {
            let offset = at as u32;
            at += instruction.encoded_len();
            offset
        })
        .collect()
}

/// One instruction, decoded out of line: the decoder is one large function, and inlined into
/// each caller here (the five instances of [`patch_body`] among them) it made this module
/// take minutes to optimise; one shared copy costs nothing measurable at run time, as the
/// hot decoding paths do not come through here.
#[inline(never)]
fn decode_instruction(reader: &mut Reader<'_>) -> Result<Instruction, DecodeError> {
    Instruction::decode(reader)
}

/// One instruction, encoded out of line (for the reason given at [`decode_instruction`]).
#[inline(never)]
fn encode_instruction(instruction: &Instruction, out: &mut Vec<u8>) -> Result<(), EditError> {
    instruction
        .encode(out)
        .map_err(|err| EditError::Invalid(err.to_string()))
}

/// Whether a branch hint may point at this instruction.
fn is_hintable(instruction: &Instruction) -> bool {
    matches!(instruction, Instruction::If(_) | Instruction::BrIf(_))
}

/// New offsets for one function's hints: each hint at an instruction that `moved` (old
/// position → new position) keeps it, at its new offset; the others are dropped.
fn remap_hints(
    hints: &[BranchHint],
    old_offsets: &[u32],
    moved: impl Fn(usize) -> Option<usize>,
    new_offsets: &[u32],
    new_instructions: &[Instruction],
) -> Vec<BranchHint> {
    let mut out: Vec<BranchHint> = hints
        .iter()
        .filter_map(|hint| {
            let old = old_offsets.binary_search(&hint.func_pos).ok()?;
            let new = moved(old)?;
            is_hintable(new_instructions.get(new)?).then(|| BranchHint {
                func_pos: new_offsets[new],
                value: hint.value,
            })
        })
        .collect();
    out.sort_by_key(|hint| hint.func_pos);
    out
}

/// Position in [`Module::sections`] of the branch hint section, if any and it decodes.
fn branch_hints_index(module: &Module) -> Result<Option<usize>, DecodeError> {
    for (index, section) in module.sections.iter().enumerate() {
        if let Section::Custom(blob) = section {
            if let CustomSection::BranchHints(payload) = blob.try_contents()? {
                return Ok(payload.try_contents().is_ok().then_some(index));
            }
        }
    }
    Ok(None)
}

/// The decoded branch hint section at `index` (see [`branch_hints_index`]).
fn branch_hints(module: &Module, index: Option<usize>) -> Option<&BranchHintSection> {
    match &module.sections[index?] {
        Section::Custom(blob) => match blob.get()? {
            CustomSection::BranchHints(payload) => payload.get(),
            _ => None,
        },
        _ => None,
    }
}

/// The branch hint section at `index`, mutably.
fn branch_hints_mut(
    module: &mut Module,
    index: usize,
) -> Result<&mut BranchHintSection, DecodeError> {
    match &mut module.sections[index] {
        Section::Custom(blob) => match blob.try_contents_mut()? {
            CustomSection::BranchHints(payload) => payload.try_contents_mut(),
            _ => unreachable!("branch_hints_index found a branch hint section here"),
        },
        _ => unreachable!("branch_hints_index found a custom section here"),
    }
}

/// The hints of `func`, if the hint section has any.
fn hints_of(section: Option<&BranchHintSection>, func: FuncIdx) -> Option<&[BranchHint]> {
    section?
        .functions
        .iter()
        .find(|f| f.func == func)
        .map(|f| &f.hints[..])
}

/// Whether any index of type `I` at or above `from` is in `value`; an error if one is
/// `u32::MAX` (it could not shift).
fn has_shifted<I: SpaceIndex, T: Visit>(value: &T, from: u32) -> Result<bool, EditError> {
    let mut found = false;
    let mut overflow = false;
    value.visit(|index: &I| {
        let index = index.get();
        found |= index >= from;
        overflow |= index == u32::MAX;
    })?;
    if overflow {
        return Err(EditError::Overflow(I::WHAT));
    }
    Ok(found)
}

/// The index in its space of the definition at `position` (after `imported` imports), or
/// an overflow error naming `what` when it would pass `u32::MAX`.
fn defined_index(imported: u32, position: usize, what: &'static str) -> Result<u32, EditError> {
    u32::try_from(position)
        .ok()
        .and_then(|position| imported.checked_add(position))
        .ok_or(EditError::Overflow(what))
}

/// Checks that a space of `imported` imports and `defined` definitions has room for one
/// more item: its size, a count in the binary format, stays at most `u32::MAX`.
fn check_room(imported: u32, defined: usize, what: &'static str) -> Result<(), EditError> {
    let size = u64::from(imported) + defined as u64 + 1;
    if size > u64::from(u32::MAX) {
        return Err(EditError::Overflow(what));
    }
    Ok(())
}

/// The number of items in the contents of the standard section `P` (0 without one).
fn section_len<P: StdPayload<Contents = Vec<T>>, T>(module: &Module) -> Result<usize, DecodeError>
where
    Vec<T>: Decode,
{
    match module.find_std_section::<P>() {
        Some(blob) => Ok(blob.try_contents()?.len()),
        None => Ok(0),
    }
}

/// Adds one to every index of type `I` at or above `from` in `value`.
fn shift_value<I: SpaceIndex, T: Visit>(value: &mut T, from: u32) -> Result<(), DecodeError> {
    value.visit_mut(|index: &mut I| {
        if index.get() >= from {
            *index = I::from_u32(index.get() + 1);
        }
    })
}

/// Which opcodes have an immediate of index type `I` (the memory of a memory argument and
/// the tag of a `catch` clause included), found from the instruction enum itself: each
/// opcode of [`Instruction::OPCODES`] is decoded from two samples of immediates (all zeros;
/// all ones, which makes every vector one item long) and visited for `I`. An opcode that
/// does not decode from a sample counts as holding one (its instructions are then visited,
/// which is always right).
struct Holders {
    one_byte: [bool; 256],
    /// By prefix byte (`0xFB` … `0xFE`), by sub-opcode.
    prefixed: [Vec<bool>; 4],
}

impl Holders {
    /// The table for `I`, built on first use and then kept: building it decodes every opcode
    /// twice, which would otherwise cost more than the whole edit of a small module.
    fn of<I: SpaceIndex>() -> &'static Self {
        // One table per index space; `SpaceIndex` is sealed, one index type per kind.
        static TABLES: [OnceLock<Holders>; 5] = [const { OnceLock::new() }; 5];
        let slot = match I::KIND {
            ExternKind::Func => 0,
            ExternKind::Table => 1,
            ExternKind::Memory => 2,
            ExternKind::Global => 3,
            ExternKind::Tag => 4,
        };
        TABLES[slot].get_or_init(Self::build::<I>)
    }

    fn build<I: SpaceIndex>() -> Self {
        let mut holders = Holders {
            one_byte: [false; 256],
            prefixed: Default::default(),
        };
        for &(opcode, _) in Instruction::OPCODES {
            let holds = [0x00, 0x01].into_iter().any(|fill| {
                let mut bytes = match opcode.prefix {
                    Some(prefix) => {
                        let mut bytes = vec![prefix];
                        // Writing to a `Vec` cannot fail.
                        let _ = opcode.code.encode(&mut bytes);
                        bytes
                    }
                    None => vec![opcode.code as u8],
                };
                bytes.extend([fill; 40]);
                match decode_instruction(&mut Reader::new(&bytes)) {
                    Ok(instruction) => {
                        let mut found = false;
                        let _ = instruction.visit(|_: &I| found = true);
                        found
                    }
                    Err(_) => true,
                }
            });
            match opcode.prefix {
                None => holders.one_byte[opcode.code as usize & 0xFF] = holds,
                Some(prefix) => {
                    let table = &mut holders.prefixed[usize::from(prefix.wrapping_sub(0xFB) & 3)];
                    let code = opcode.code as usize;
                    if table.len() <= code {
                        table.resize(code + 1, false);
                    }
                    table[code] = holds;
                }
            }
        }
        holders
    }

    /// Whether instructions with `opcode` can hold an index of the type.
    #[inline]
    fn holds(&self, opcode: Opcode) -> bool {
        match opcode.prefix {
            None => self.one_byte[opcode.code as usize & 0xFF],
            Some(prefix @ 0xFB..=0xFE) => self.prefixed[usize::from(prefix - 0xFB)]
                .get(opcode.code as usize)
                .copied()
                .unwrap_or(true),
            Some(_) => true,
        }
    }
}

/// A body edited on its bytes: its new bytes, and where the re-encoded instructions are.
struct PatchedBody {
    /// The size prefix and the contents.
    framed: Bytes,
    /// The length of the size prefix.
    header_len: u8,
    /// Each patch: its offset in the original contents, and how many bytes longer (or
    /// shorter) the instruction became; in order.
    patches: Vec<(u32, i64)>,
}

impl PatchedBody {
    /// The hints of the body, each moved by the patches before it (the instructions they
    /// point at are the same: only the bytes before them changed in length).
    fn move_hints(&self, hints: &[BranchHint]) -> Vec<BranchHint> {
        hints
            .iter()
            .map(|hint| {
                let delta: i64 = self
                    .patches
                    .iter()
                    .take_while(|(at, _)| *at < hint.func_pos)
                    .map(|(_, delta)| delta)
                    .sum();
                BranchHint {
                    func_pos: (i64::from(hint.func_pos) + delta) as u32,
                    value: hint.value,
                }
            })
            .collect()
    }
}

/// How one body takes part in a shift.
enum BodyShift {
    /// A body still as read, edited on its bytes.
    Patched(PatchedBody),
    /// A body decoded before the shift, shifted with `visit_mut`.
    Visit,
}

/// The longest size prefix: a `u32` in LEB128.
const MAX_SIZE_PREFIX: usize = 5;

/// Shifts the `I` indices at or above `from` in a body still as read by editing its bytes:
/// each instruction is decoded (the decoder is what knows where instructions end) but
/// not kept; only those whose opcode can hold an `I` ([`Holders`]) are visited, and only
/// those that changed are re-encoded; every other byte is copied as it is. `None` when no
/// index shifts; an error if an index is `u32::MAX` (it could not shift).
fn patch_body<I: SpaceIndex>(
    body: &Blob<Func>,
    holders: &Holders,
    from: u32,
) -> Result<Option<PatchedBody>, EditError> {
    let (Some(raw), Some(mut reader)) = (body.raw_bytes(), body.raw_reader()) else {
        return Ok(None);
    };
    let contents = &raw[raw.len() - reader.remaining()..];
    let base = reader.offset();
    Func::decode_locals(&mut reader)?;
    // Room for the size prefix, written in front of the contents at the end.
    let mut out = Vec::with_capacity(MAX_SIZE_PREFIX + contents.len() + 16);
    out.extend([0; MAX_SIZE_PREFIX]);
    let mut patches = Vec::new();
    let mut copied = 0;
    // The structured control flow is checked as decoding a body checks it (the same
    // `Frames`, the same errors): up to the `end` of the body, which must be its last byte.
    let mut frames = Frames::default();
    let mut index = 0;
    loop {
        let at = reader.offset();
        let start = at - base;
        let mut instruction = decode_instruction(&mut reader).map_err(|err| {
            err.within(PathSegment::Item {
                kind: "instruction",
                index,
            })
        })?;
        match frames.step(&instruction) {
            Ok(false) => {}
            Ok(true) => break,
            Err(message) => return Err(Frames::misplaced(&reader, at, index, message).into()),
        }
        index += 1;
        if !holders.holds(instruction.opcode()) {
            continue;
        }
        let (mut shifted, mut overflow) = (false, false);
        instruction.visit_mut(|i: &mut I| match i.get() {
            u32::MAX => overflow = true,
            value if value >= from => {
                shifted = true;
                *i = I::from_u32(value + 1);
            }
            _ => {}
        })?;
        if overflow {
            return Err(EditError::Overflow(I::WHAT));
        }
        if shifted {
            let end = reader.offset() - base;
            out.extend_from_slice(&contents[copied..start]);
            let len = out.len();
            encode_instruction(&instruction, &mut out)?;
            let delta = (out.len() - len) as i64 - (end - start) as i64;
            patches.push((start as u32, delta));
            copied = end;
        }
    }
    reader.expect_end()?;
    if patches.is_empty() {
        return Ok(None);
    }
    out.extend_from_slice(&contents[copied..]);
    let mut prefix = Vec::with_capacity(MAX_SIZE_PREFIX);
    write_count(&mut prefix, out.len() - MAX_SIZE_PREFIX)
        .map_err(|err| EditError::Invalid(err.to_string()))?;
    let at = MAX_SIZE_PREFIX - prefix.len();
    out[at..MAX_SIZE_PREFIX].copy_from_slice(&prefix);
    Ok(Some(PatchedBody {
        framed: Bytes::from(out).slice(at..),
        header_len: prefix.len() as u8,
        patches,
    }))
}

/// What [`Module::shift`] found to change.
struct ShiftPlan {
    /// Sections (by position) other than the code section holding a shifted index, custom
    /// sections (the name section's typed maps included) among them.
    sections: Vec<usize>,
    /// Custom sections whose payload does not decode: left as they are.
    warnings: Vec<DecodeError>,
}

/// Where each instruction of an edited body went (old position → new position).
type Moved = Box<dyn Fn(usize) -> Option<usize>>;

/// A change of the body at a position of the code section, which returns where each
/// instruction went, or `None` if it did not change the body.
type BodyChange<'a> = dyn FnMut(usize, &mut Func) -> Result<Option<Moved>, DecodeError> + 'a;

impl Module {
    /// Applies changes to defined bodies (by position in the code section), keeping the
    /// branch hints of each changed body on the instructions they pointed at (a hint whose
    /// instruction is gone is dropped).
    ///
    /// With `surely_changed`, every change is known to change its body: the bodies are
    /// encoded without comparing them to their original bytes.
    fn change_bodies(
        &mut self,
        positions: &[usize],
        change: &mut BodyChange<'_>,
        surely_changed: bool,
    ) -> Result<(), EditError> {
        let imported = self.imported_func_count()?;
        let hints_at = branch_hints_index(self)?;
        // Before the change: the hints of the bodies that have some, with the offsets of
        // their instructions.
        let mut before = HashMap::new();
        if let Some(code) = self.find_std_section::<payload::Code>() {
            let bodies = code.try_contents()?;
            for index in positions {
                let body = bodies.get(*index).ok_or_else(|| {
                    EditError::Invalid(format!("no defined function at position {index}"))
                })?;
                let func = FuncIdx(defined_index(imported, *index, "functions")?);
                if let Some(hints) = hints_of(branch_hints(self, hints_at), func) {
                    before.insert(*index, (hints.to_vec(), instruction_offsets(body)?));
                }
            }
        } else if let Some(index) = positions.first() {
            return Err(EditError::Invalid(format!(
                "no defined function at position {index}: no code section"
            )));
        }
        let Some(code) = self.find_std_section_mut::<payload::Code>() else {
            return Ok(());
        };
        let bodies = code.try_contents_mut()?;
        let mut after = HashMap::new();
        for &index in positions {
            let body = &mut bodies[index];
            let Some(moved) = change(index, body.try_contents_mut()?)? else {
                continue;
            };
            if surely_changed {
                body.forget_original();
            }
            if let Some((hints, old_offsets)) = before.get(&index) {
                if surely_changed || body.is_changed() {
                    let func = body.try_contents()?;
                    let new_offsets = encoded_offsets(&func.locals, &func.expr.instructions);
                    let hints = remap_hints(
                        hints,
                        old_offsets,
                        moved,
                        &new_offsets,
                        &func.expr.instructions,
                    );
                    // Checked before the change, for every position.
                    after.insert(FuncIdx(defined_index(imported, index, "functions")?), hints);
                }
            }
        }
        if surely_changed {
            code.forget_original();
        }
        self.replace_hints(hints_at, after)
    }

    /// Replaces the hints of functions (keyed by index) in the branch hint section at
    /// `hints_at`, dropping functions left without hints.
    fn replace_hints(
        &mut self,
        hints_at: Option<usize>,
        mut after: HashMap<FuncIdx, Vec<BranchHint>>,
    ) -> Result<(), EditError> {
        if let (Some(at), false) = (hints_at, after.is_empty()) {
            let section = branch_hints_mut(self, at)?;
            for function in &mut section.functions {
                if let Some(hints) = after.remove(&function.func) {
                    if function.hints != hints {
                        function.hints = hints;
                    }
                }
            }
            section.functions.retain(|f| !f.hints.is_empty());
        }
        Ok(())
    }

    /// Adds one to every index of type `I` at or above `from` in the bodies; bodies without
    /// such an index stay as read. A body still as read is edited on its bytes (see
    /// [`patch_body`]); one decoded before is shifted with `visit_mut` and re-encoded. Every
    /// body is checked before any changes, so an index of `u32::MAX` changes nothing. Branch
    /// hints of the bodies that change move with their instructions.
    fn shift_bodies<I: SpaceIndex>(&mut self, from: u32) -> Result<(), EditError> {
        let Some(code) = self.find_std_section::<payload::Code>() else {
            return Ok(());
        };
        let count = code.try_contents()?.len();
        let imported = self.imported_func_count()?;
        // Every body has an index in the function space (checked before anything changes).
        defined_index(imported, count, "functions")?;
        let hints_at = branch_hints_index(self)?;
        // The hints of each function that has some, with the offsets of the instructions of
        // the bodies that are no longer as read (those that are, are patched with known
        // offsets).
        let mut before = HashMap::new();
        if let Some(hints) = branch_hints(self, hints_at) {
            let code = self.find_std_section::<payload::Code>();
            let bodies = code
                .map(Blob::try_contents)
                .transpose()?
                .map_or(&[][..], |b| b);
            for function in &hints.functions {
                let position = function.func.0.checked_sub(imported).map(|p| p as usize);
                if let Some(body) = position.and_then(|p| bodies.get(p)) {
                    let offsets = match body.raw_bytes() {
                        Some(_) => None,
                        None => Some(instruction_offsets(body)?),
                    };
                    before.insert(function.func, (function.hints.clone(), offsets));
                }
            }
        }
        let holders = Holders::of::<I>();
        let Some(code) = self.find_std_section_mut::<payload::Code>() else {
            return Ok(());
        };
        let bodies = code.try_contents_mut()?;
        let plan = bodies
            .iter()
            .enumerate()
            .filter_map(|(position, body)| {
                let change = if body.raw_bytes().is_some() {
                    patch_body::<I>(body, holders, from).map(|p| p.map(BodyShift::Patched))
                } else {
                    has_shifted::<I, _>(body, from).map(|found| found.then_some(BodyShift::Visit))
                };
                change
                    .transpose()
                    .map(|change| change.map(|c| (position, c)))
            })
            .collect::<Result<Vec<_>, EditError>>();
        let plan = match plan {
            Ok(plan) if !plan.is_empty() => plan,
            other => {
                code.keep_original();
                return other.map(|_| ());
            }
        };
        let mut after = HashMap::new();
        for (position, change) in plan {
            let body = &mut bodies[position];
            let func = FuncIdx(defined_index(imported, position, "functions")?);
            let hints = before.get(&func);
            match change {
                BodyShift::Patched(patched) => {
                    body.replace_raw(patched.framed.clone(), patched.header_len);
                    if let Some((hints, _)) = hints {
                        after.insert(func, patched.move_hints(hints));
                    }
                }
                BodyShift::Visit => {
                    shift_value::<I, _>(body, from)?;
                    // Shifting changed the body for sure: no need to compare it with its
                    // bytes.
                    body.forget_original();
                    if let Some((hints, Some(old_offsets))) = hints {
                        let contents = body.try_contents()?;
                        let instructions = &contents.expr.instructions;
                        let new_offsets = encoded_offsets(&contents.locals, instructions);
                        let hints =
                            remap_hints(hints, old_offsets, Some, &new_offsets, instructions);
                        after.insert(func, hints);
                    }
                }
            }
        }
        code.forget_original();
        self.replace_hints(hints_at, after)
    }

    /// Finds every part that holds an index of type `I` at or above `from`, without
    /// changing anything.
    fn plan_shift<I: SpaceIndex>(&self, from: u32) -> Result<ShiftPlan, EditError> {
        let mut plan = ShiftPlan {
            sections: Vec::new(),
            warnings: Vec::new(),
        };
        for (position, section) in self.sections.iter().enumerate() {
            match section {
                Section::Custom(blob) => {
                    let custom = blob.try_contents()?;
                    if let Err(err) = custom.decode_payload() {
                        plan.warnings.push(err);
                        continue;
                    }
                    // The name section's maps are typed too: visiting `I` reaches them.
                    if has_shifted::<I, _>(custom, from)? {
                        plan.sections.push(position);
                    }
                }
                // Bodies are checked and shifted in one pass (see `shift_bodies`).
                Section::Code(_) => {}
                other => {
                    if has_shifted::<I, _>(other, from)? {
                        plan.sections.push(position);
                    }
                }
            }
        }
        Ok(plan)
    }

    /// Adds one to every index of type `I` at or above `from` everywhere in the module:
    /// code, other sections and typed custom sections (the name section's maps, branch
    /// hints, whose offsets are recomputed for the bodies that change), one `visit_mut`
    /// over `I` for each part that holds such an index. Custom sections
    /// whose payload does not decode are left as they are and returned.
    ///
    /// ```
    /// use wasmbin::indices::GlobalIdx;
    /// use wasmbin::{Module, Visit};
    /// let wasm = wat::parse_str(
    ///     r#"(module (global i32 (i32.const 1)) (global i32 (i32.const 2)) (export "g" (global 1))
    ///          (func (result i32) global.get 0 global.get 1 i32.add))"#,
    /// )?;
    /// let mut module = Module::decode_from(&wasm[..])?;
    /// // Room for a new global 1: the export and the second `global.get` now name global 2.
    /// assert!(module.shift_indices::<GlobalIdx>(1)?.is_empty());
    /// let mut seen = Vec::new();
    /// module.visit(|index: &GlobalIdx| seen.push(*index))?;
    /// assert_eq!(seen, [GlobalIdx(2), GlobalIdx(0), GlobalIdx(2)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn shift_indices<I: SpaceIndex>(
        &mut self,
        from: u32,
    ) -> Result<Vec<DecodeError>, EditError> {
        let plan = self.plan_shift::<I>(from)?;
        self.shift_bodies::<I>(from)?;
        for &position in &plan.sections {
            let section = &mut self.sections[position];
            shift_value::<I, _>(section, from)?;
            // A standard section (none holds lazy parts, the code section aside) that held
            // a shifted index surely changed: encoding need not compare it with its bytes.
            // A custom section's parts are compared, so that those without such an index
            // keep their bytes.
            if !matches!(section, Section::Custom(_)) {
                section.visit_mut(|_: &mut ForgetOriginal| {})?;
            }
        }
        Ok(plan.warnings)
    }
}

/// Runs `edit` on a body as a [`BodyEdit`] and writes the result back; returns where each
/// instruction went, or `None` if nothing changed.
fn apply_edit(func: &mut Func, edit: impl FnOnce(&mut BodyEdit)) -> Option<Moved> {
    let count = func.expr.instructions.len();
    let mut body = BodyEdit {
        locals: std::mem::take(&mut func.locals),
        instructions: std::mem::take(&mut func.expr.instructions)
            .into_iter()
            .enumerate()
            .map(|(index, instruction)| TrackedInstruction {
                instruction,
                origin: Some(index),
            })
            .collect(),
    };
    edit(&mut body);
    let mut moved = vec![None; count];
    for (new, tracked) in body.instructions.iter().enumerate() {
        if let Some(slot) = tracked.origin.and_then(|old| moved.get_mut(old)) {
            // An instruction cloned with its origin: the hint follows the first copy.
            slot.get_or_insert(new);
        }
    }
    func.locals = body.locals;
    func.expr = Expression::new(
        body.instructions
            .into_iter()
            .map(|t| t.instruction)
            .collect(),
    );
    Some(Box::new(move |old| moved.get(old).copied().flatten()))
}

impl Module {
    /// The position of defined function `func` in the code section.
    fn defined_position(&self, func: FuncIdx) -> Result<usize, EditError> {
        let imported = self.imported_func_count()?;
        func.0
            .checked_sub(imported)
            .map(|position| position as usize)
            .ok_or_else(|| {
                EditError::Invalid(format!("function {} is imported, it has no body", func.0))
            })
    }

    /// Edits the body of defined function `func`: `edit` gets its locals and instructions,
    /// each tracked to its place before the edit. Branch hints follow their `if`/`br_if`
    /// to its new offset; a hint whose instruction was removed is dropped. A body that the
    /// edit leaves as it was keeps its bytes (and its hints).
    ///
    /// ```
    /// use wasmbin::indices::FuncIdx;
    /// use wasmbin::instructions::Instruction;
    /// use wasmbin::Module;
    /// let wasm = wat::parse_str("(module (func (result i32) i32.const 1))")?;
    /// let mut module = Module::decode_from(&wasm[..])?;
    /// module.edit_body(FuncIdx(0), |_| {})?;
    /// assert_eq!(module.encode_into(Vec::new())?, wasm); // no change, no byte changed
    /// module.edit_body(FuncIdx(0), |body| body.instructions[0].instruction = Instruction::I32Const(2))?;
    /// let out = module.encode_into(Vec::new())?;
    /// assert_eq!(out.iter().zip(&wasm).filter(|(a, b)| a != b).count(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn edit_body(
        &mut self,
        func: FuncIdx,
        edit: impl FnOnce(&mut BodyEdit),
    ) -> Result<(), EditError> {
        let position = self.defined_position(func)?;
        let mut edit = Some(edit);
        let mut change = |_, body: &mut Func| Ok(edit.take().and_then(|e| apply_edit(body, e)));
        self.change_bodies(&[position], &mut change, false)
    }

    /// [`Module::edit_body`] for every defined function, in order, with its index.
    ///
    /// ```
    /// use wasmbin::indices::FuncIdx;
    /// use wasmbin::instructions::Instruction;
    /// use wasmbin::Module;
    /// let wasm = wat::parse_str(r#"(module (import "env" "tick" (func)) (func) (func nop))"#)?;
    /// let mut module = Module::decode_from(&wasm[..])?;
    /// let mut edited = Vec::new();
    /// module.edit_bodies(|func, body| {
    ///     edited.push(func);
    ///     body.instructions.insert(0, Instruction::Call(FuncIdx(0)).into());
    /// })?;
    /// assert_eq!(edited, [FuncIdx(1), FuncIdx(2)]);
    /// wasmparser::Validator::new().validate_all(&module.encode_into(Vec::new())?)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn edit_bodies(
        &mut self,
        mut edit: impl FnMut(FuncIdx, &mut BodyEdit),
    ) -> Result<(), EditError> {
        let imported = self.imported_func_count()?;
        let count = match self.find_std_section::<payload::Code>() {
            Some(code) => code.try_contents()?.len(),
            None => 0,
        };
        let positions: Vec<usize> = (0..count).collect();
        let funcs = positions
            .iter()
            .map(|&position| defined_index(imported, position, "functions").map(FuncIdx))
            .collect::<Result<Vec<_>, _>>()?;
        let mut change = |position: usize, body: &mut Func| {
            Ok(apply_edit(body, |body| edit(funcs[position], body)))
        };
        self.change_bodies(&positions, &mut change, false)
    }

    /// The index of a function type: an existing type that is the same on its own (a
    /// plain, final function type alone in its recursion group), or a new one appended to
    /// the type section (inserted if missing). Appending shifts no index.
    ///
    /// ```
    /// use wasmbin::indices::TypeIdx;
    /// use wasmbin::types::{FuncType, ValueType};
    /// use wasmbin::Module;
    /// let wasm = wat::parse_str("(module (type (func (param i32))))")?;
    /// let mut module = Module::decode_from(&wasm[..])?;
    /// let existing = FuncType { params: vec![ValueType::I32], results: vec![] };
    /// assert_eq!(module.add_type(existing)?, TypeIdx(0)); // found, not added
    /// let new = FuncType { params: vec![], results: vec![ValueType::F64] };
    /// assert_eq!(module.add_type(new)?, TypeIdx(1));
    /// assert_eq!(module.types()?.len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_type(&mut self, ty: FuncType) -> Result<TypeIdx, EditError> {
        let mut count: u32 = 0;
        if let Some(types) = self.find_std_section::<payload::Type>() {
            for group in types.try_contents()? {
                if let RecGroup::Single(SubType::Plain(CompositeType::Func(existing))) = group {
                    if *existing == ty {
                        return Ok(TypeIdx(count));
                    }
                }
                let len = u32::try_from(group.types().len()).ok();
                count = len
                    .and_then(|len| count.checked_add(len))
                    .ok_or(EditError::Overflow("types"))?;
            }
        }
        if count == u32::MAX {
            return Err(EditError::Overflow("types"));
        }
        self.find_or_insert_std_section::<payload::Type>(Vec::new)
            .try_contents_mut()?
            .push(RecGroup::from(ty));
        Ok(TypeIdx(count))
    }

    /// Adds an import at the end of the import section (inserted if missing) and returns
    /// its index in its index space. Every index of that space at or above the new one
    /// (the definitions) shifts by one, everywhere in the module: code, exports, elements,
    /// the start function, the name section (function, local and label names for a
    /// function), branch hints (whose offsets follow the instructions of the bodies that
    /// change). Custom sections whose payload does not decode are left as they are and
    /// returned as warnings along with the index.
    ///
    /// ```
    /// use wasmbin::indices::GlobalIdx;
    /// use wasmbin::sections::ExternType;
    /// use wasmbin::types::{GlobalType, Mut, ValueType};
    /// use wasmbin::{Module, Visit};
    /// let wasm = wat::parse_str("(module (global i32 (i32.const 0)) (func (result i32) global.get 0))")?;
    /// let mut module = Module::decode_from(&wasm[..])?;
    /// let ty = GlobalType { ty: ValueType::I32, mutability: Mut::Const };
    /// let (index, warnings) = module.add_import("env", "base", ExternType::Global(ty))?;
    /// assert_eq!((index, warnings.len()), (0, 0));
    /// let mut read = Vec::new(); // the defined global is now global 1, and so is its `global.get`
    /// module.visit(|global: &GlobalIdx| read.push(*global))?;
    /// assert_eq!(read, [GlobalIdx(1)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_import(
        &mut self,
        module: &str,
        name: &str,
        desc: impl Into<ImportDesc>,
    ) -> Result<(u32, Vec<DecodeError>), EditError> {
        let desc = desc.into();
        let kind = ExternKind::of_import(&desc).ok_or_else(|| {
            EditError::Invalid("add the members of a compact import group one by one".into())
        })?;
        let index = self.import_count(kind)?;
        let (defined, what) = match kind {
            ExternKind::Func => (section_len::<payload::Function, _>(self)?, FuncIdx::WHAT),
            ExternKind::Table => (section_len::<payload::Table, _>(self)?, TableIdx::WHAT),
            ExternKind::Memory => (section_len::<payload::Memory, _>(self)?, MemIdx::WHAT),
            ExternKind::Global => (section_len::<payload::Global, _>(self)?, GlobalIdx::WHAT),
            ExternKind::Tag => (section_len::<payload::Tag, _>(self)?, TagIdx::WHAT),
        };
        check_room(index, defined, what)?;
        // The import section's own count, which compact groups keep below the number of
        // imports.
        check_room(0, section_len::<payload::Import, _>(self)?, "imports")?;
        let warnings = match kind {
            ExternKind::Func => self.shift_indices::<FuncIdx>(index)?,
            ExternKind::Table => self.shift_indices::<TableIdx>(index)?,
            ExternKind::Memory => self.shift_indices::<MemIdx>(index)?,
            ExternKind::Global => self.shift_indices::<GlobalIdx>(index)?,
            ExternKind::Tag => self.shift_indices::<TagIdx>(index)?,
        };
        self.find_or_insert_std_section::<payload::Import>(Vec::new)
            .try_contents_mut()?
            .push(Import {
                module: module.to_owned(),
                name: name.to_owned(),
                desc,
            });
        Ok((index, warnings))
    }

    /// Adds the function import `module.name` of type `ty` (see [`Module::add_import`]; the
    /// type is found or added with [`Module::add_type`]) and returns its index, the first
    /// after the imported functions. Custom sections that do not decode are left as they
    /// are (see [`Module::add_import`] to get them).
    ///
    /// ```
    /// use wasmbin::indices::FuncIdx;
    /// use wasmbin::sections::ExportDesc;
    /// use wasmbin::types::{FuncType, ValueType};
    /// use wasmbin::Module;
    /// let wasm = wat::parse_str(r#"(module (import "env" "a" (func)) (func (export "main") call 0))"#)?;
    /// let mut module = Module::decode_from(&wasm[..])?;
    /// let log = module.add_func_import("env", "log", FuncType { params: vec![ValueType::I32], results: vec![] })?;
    /// assert_eq!(log, FuncIdx(1)); // after the other imported function
    /// assert_eq!(module.func_type(log)?.params, [ValueType::I32]);
    /// assert_eq!(module.exports()?[0].0.desc, ExportDesc::Func(FuncIdx(2))); // `main` moved
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_func_import(
        &mut self,
        module: &str,
        name: &str,
        ty: FuncType,
    ) -> Result<FuncIdx, EditError> {
        let before = self.clone_types_len();
        let ty = self.add_type(ty)?;
        match self.add_import(module, name, ExternType::Func(ty)) {
            Ok((index, _)) => Ok(FuncIdx(index)),
            Err(err) => {
                if self.clone_types_len() != before {
                    self.truncate_types(before);
                }
                Err(err)
            }
        }
    }

    /// Adds a defined function of type `ty` with `body` at the end of the function and code
    /// sections (inserted if missing) and returns its index (no index shifts).
    ///
    /// ```
    /// use wasmbin::indices::FuncIdx;
    /// use wasmbin::instructions::{Expression, Instruction};
    /// use wasmbin::sections::Func;
    /// use wasmbin::types::{FuncType, ValueType};
    /// use wasmbin::Module;
    /// let wasm = wat::parse_str(r#"(module (import "env" "f" (func)))"#)?;
    /// let mut module = Module::decode_from(&wasm[..])?;
    /// let ty = module.add_type(FuncType { params: vec![], results: vec![ValueType::I32] })?;
    /// let body = Func { locals: vec![], expr: Expression::new(vec![Instruction::I32Const(42)]) };
    /// assert_eq!(module.add_function(ty, body)?, FuncIdx(1));
    /// wasmparser::Validator::new().validate_all(&module.encode_into(Vec::new())?)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_function(&mut self, ty: TypeIdx, body: Func) -> Result<FuncIdx, EditError> {
        let imported = self.imported_func_count()?;
        let defined = section_len::<payload::Function, _>(self)?;
        check_room(imported, defined, FuncIdx::WHAT)?;
        let index = defined_index(imported, defined, FuncIdx::WHAT)?;
        self.find_or_insert_std_section::<payload::Function>(Vec::new)
            .try_contents_mut()?
            .push(ty);
        self.find_or_insert_std_section::<payload::Code>(Vec::new)
            .try_contents_mut()?
            .push(Blob::new(body));
        Ok(FuncIdx(index))
    }

    /// Adds an export at the end of the export section (inserted if missing).
    ///
    /// ```
    /// use wasmbin::indices::MemIdx;
    /// use wasmbin::sections::ExportDesc;
    /// use wasmbin::Module;
    /// let wasm = wat::parse_str("(module (memory 1))")?;
    /// let mut module = Module::decode_from(&wasm[..])?;
    /// module.add_export("memory", ExportDesc::Mem(MemIdx(0)))?;
    /// assert_eq!(module.exports()?[0].1.to_string(), "(memory 1)");
    /// assert!(module.add_export("memory", ExportDesc::Mem(MemIdx(0))).is_err()); // taken
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_export(&mut self, name: &str, desc: ExportDesc) -> Result<(), EditError> {
        let exports = self.find_or_insert_std_section::<payload::Export>(Vec::new);
        if exports
            .try_contents()?
            .iter()
            .any(|export| export.name == name)
        {
            return Err(EditError::Invalid(format!(
                "duplicate export name {name:?}"
            )));
        }
        exports.try_contents_mut()?.push(Export {
            name: name.to_owned(),
            desc,
        });
        Ok(())
    }

    /// The number of recursion groups, to undo an added type.
    fn clone_types_len(&self) -> Option<usize> {
        let types = self.find_std_section::<payload::Type>()?;
        types.try_contents().ok().map(Vec::len)
    }

    /// Drops the recursion groups after the first `len` (undoing [`Module::add_type`]).
    fn truncate_types(&mut self, len: Option<usize>) {
        match len {
            Some(len) => {
                if let Some(types) = self.find_std_section_mut::<payload::Type>() {
                    if let Ok(groups) = types.try_contents_mut() {
                        groups.truncate(len);
                    }
                }
            }
            // The type section was inserted by the edit.
            None => self.sections.retain(|s| payload::Type::get(s).is_none()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // A module whose index spaces come near `u32::MAX` would take gigabytes (every import
    // and definition takes at least a byte): the checks are tested on the counts.

    #[test]
    fn defined_indices_stop_at_u32_max() {
        assert_eq!(defined_index(3, 4, "functions").unwrap(), 7);
        assert_eq!(
            defined_index(u32::MAX - 1, 1, "functions").unwrap(),
            u32::MAX
        );
        assert!(matches!(
            defined_index(u32::MAX, 1, "functions"),
            Err(EditError::Overflow("functions"))
        ));
        assert!(matches!(
            defined_index(1, u32::MAX as usize, "tables"),
            Err(EditError::Overflow("tables"))
        ));
        #[cfg(target_pointer_width = "64")]
        assert!(matches!(
            defined_index(0, 1 << 32, "globals"),
            Err(EditError::Overflow("globals"))
        ));
    }

    #[test]
    fn a_space_has_room_while_its_size_stays_a_u32() {
        check_room(0, 0, "functions").unwrap();
        check_room(u32::MAX - 1, 0, "functions").unwrap();
        check_room(u32::MAX - 11, 10, "functions").unwrap();
        for (imported, defined) in [(u32::MAX, 0), (u32::MAX - 10, 10), (0, u32::MAX as usize)] {
            let err = check_room(imported, defined, "memories").unwrap_err();
            assert!(matches!(err, EditError::Overflow("memories")), "{err}");
            assert_eq!(
                err.to_string(),
                "too many memories: an index would pass u32::MAX"
            );
        }
    }
}
