//! Edits that keep a module consistent: adding imports (which shifts every index after them,
//! everywhere in the module, custom sections included), types, functions and exports, and
//! editing a function body with its branch hints kept on the same instructions.
//!
//! Every part that an edit does not change keeps its bytes: a section or body is re-encoded
//! only if a value in it changed.
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

use crate::blob::Blob;
use crate::branch_hint::{BranchHint, BranchHintSection};
use crate::custom::CustomSection;
use crate::error::DecodeError;
use crate::index_space::ExternKind;
use crate::indices::{FuncIdx, GlobalIdx, MemIdx, TableIdx, TagIdx, TypeIdx};
use crate::instructions::{Expression, Instruction};
use crate::io::{Decode, Encode, Reader};
use crate::name::{NameMap, NameSection};
use crate::names::{subsection_map, subsection_map_mut, MapMut, MapRef};
use crate::sections::payload::StdPayload;
use crate::sections::{payload, Export, ExportDesc, ExternType, Func, Import, ImportDesc, Locals};
use crate::types::{CompositeType, FuncType, RecGroup, SubType};
use crate::visit::Visit;
use crate::{Module, Section};
use std::collections::HashMap;

/// Why an edit was refused. The module is unchanged when an edit fails.
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
pub trait SpaceIndex: Visit + Copy + Eq + 'static {
    /// The space.
    const KIND: ExternKind;
    /// The plural noun, for errors.
    const WHAT: &'static str;
    /// Name subsections keyed by this index: direct maps, and indirect maps by outer index.
    const NAME_SUBSECTIONS: &'static [u8];
    /// The index as a number.
    fn get(self) -> u32;
    /// An index from a number.
    fn from_u32(index: u32) -> Self;
}

macro_rules! space_indices {
    ($($idx:ident: $kind:ident, $what:literal, $names:expr;)*) => {$(
        impl SpaceIndex for $idx {
            const KIND: ExternKind = ExternKind::$kind;
            const WHAT: &'static str = $what;
            const NAME_SUBSECTIONS: &'static [u8] = &$names;
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
    // Function names, local names and label names are keyed by function index.
    FuncIdx: Func, "functions", [1, 2, 3];
    TableIdx: Table, "tables", [5];
    MemIdx: Memory, "memories", [6];
    GlobalIdx: Global, "globals", [7];
    TagIdx: Tag, "tags", [11];
}

/// An instruction of a body being edited, with its position in the body before the edit
/// (`None` for an instruction the edit added), so that branch hints can follow it.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackedInstruction {
    /// The instruction.
    pub instruction: Instruction,
    origin: Option<usize>,
}

impl TrackedInstruction {
    /// The instruction's position in the body before the edit, if it was there.
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
            Instruction::decode(&mut reader).map_err(|err| {
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

/// Adds one to every index of type `I` at or above `from` in `value`.
fn shift_value<I: SpaceIndex, T: Visit>(value: &mut T, from: u32) -> Result<(), DecodeError> {
    value.visit_mut(|index: &mut I| {
        if index.get() >= from {
            *index = I::from_u32(index.get() + 1);
        }
    })
}

/// The name maps of the name section keyed by `I` that hold an index at or above `from`
/// (an error if one is `u32::MAX`). Name maps whose subsection does not decode are skipped
/// (left as they are).
fn shifted_name_maps<I: SpaceIndex>(names: &NameSection, from: u32) -> Result<bool, EditError> {
    let mut found = false;
    for subsection in &names.subsections {
        let (id, map) = subsection_map(subsection);
        if !I::NAME_SUBSECTIONS.contains(&id) {
            continue;
        }
        let indices: Vec<u32> = match map {
            MapRef::Direct(map) => match map.try_contents() {
                Ok(map) => map.iter().map(|a| a.index).collect(),
                Err(_) => continue,
            },
            MapRef::Indirect(map) => match map.try_contents() {
                Ok(map) => map.iter().map(|a| a.index).collect(),
                Err(_) => continue,
            },
            MapRef::Module | MapRef::Unknown => continue,
        };
        if indices.contains(&u32::MAX) {
            return Err(EditError::Overflow(I::WHAT));
        }
        found |= indices.iter().any(|&index| index >= from);
    }
    Ok(found)
}

/// Adds one to every index of type `I` at or above `from` in the name section (the name
/// maps hold plain numbers; the outer index of the indirect ones is the one keyed by `I`).
fn shift_names<I: SpaceIndex>(names: &mut NameSection, from: u32) -> Result<(), DecodeError> {
    fn shift(index: &mut u32, from: u32) {
        if *index >= from {
            *index += 1;
        }
    }
    for subsection in &mut names.subsections {
        let (id, map) = subsection_map_mut(subsection);
        if !I::NAME_SUBSECTIONS.contains(&id) {
            continue;
        }
        match map {
            MapMut::Direct(map) if map.try_contents().is_ok() => {
                let map: &mut NameMap = map.try_contents_mut()?;
                map.iter_mut().for_each(|a| shift(&mut a.index, from));
            }
            MapMut::Indirect(map) if map.try_contents().is_ok() => {
                let map = map.try_contents_mut()?;
                map.iter_mut().for_each(|a| shift(&mut a.index, from));
            }
            _ => {}
        }
    }
    Ok(())
}

/// What [`Module::shift`] found to change.
struct ShiftPlan {
    /// Sections (by position) other than custom and code sections holding a shifted index.
    sections: Vec<usize>,
    /// Custom sections (by position) whose payload holds a shifted index (the name
    /// section included).
    customs: Vec<usize>,
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
                let func = FuncIdx(imported + *index as u32);
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
                    after.insert(FuncIdx(imported + index as u32), hints);
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

    /// Adds one to every index of type `I` at or above `from` in the bodies, checking and
    /// shifting each body in one pass; bodies without such an index stay as read. If an
    /// index is `u32::MAX`, the bodies shifted so far are shifted back and nothing changes.
    /// Branch hints of the bodies that change move with their instructions.
    fn shift_bodies<I: SpaceIndex>(&mut self, from: u32) -> Result<(), EditError> {
        if self.find_std_section::<payload::Code>().is_none() {
            return Ok(());
        }
        let imported = self.imported_func_count()?;
        let hints_at = branch_hints_index(self)?;
        // Offsets of the instructions of the bodies with hints, before the shift.
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
                    let offsets = instruction_offsets(body)?;
                    before.insert(function.func, (function.hints.clone(), offsets));
                }
            }
        }
        let Some(code) = self.find_std_section_mut::<payload::Code>() else {
            return Ok(());
        };
        let bodies = code.try_contents_mut()?;
        let mut changed = Vec::new();
        let mut overflow = false;
        for (position, body) in bodies.iter_mut().enumerate() {
            let mut found = false;
            body.try_contents_mut()?
                .expr
                .visit_mut(|index: &mut I| match index.get() {
                    u32::MAX => overflow = true,
                    value if value >= from => {
                        found = true;
                        *index = I::from_u32(value + 1);
                    }
                    _ => {}
                })?;
            if found {
                changed.push(position);
            } else {
                body.keep_original();
            }
            if overflow {
                break;
            }
        }
        if overflow {
            for &position in &changed {
                bodies[position].revert();
            }
            code.keep_original();
            return Err(EditError::Overflow(I::WHAT));
        }
        let mut after = HashMap::new();
        for &position in &changed {
            let body = &mut bodies[position];
            // Shifting changed the body for sure: no need to compare it with its bytes.
            body.forget_original();
            let func = FuncIdx(imported + position as u32);
            if let Some((hints, old_offsets)) = before.get(&func) {
                let contents = body.try_contents()?;
                let instructions = &contents.expr.instructions;
                let new_offsets = encoded_offsets(&contents.locals, instructions);
                let hints = remap_hints(hints, old_offsets, Some, &new_offsets, instructions);
                after.insert(func, hints);
            }
        }
        if changed.is_empty() {
            code.keep_original();
        } else {
            code.forget_original();
        }
        self.replace_hints(hints_at, after)
    }

    /// Finds every part that holds an index of type `I` at or above `from`, without
    /// changing anything.
    fn plan_shift<I: SpaceIndex>(&self, from: u32) -> Result<ShiftPlan, EditError> {
        let mut plan = ShiftPlan {
            sections: Vec::new(),
            customs: Vec::new(),
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
                    let found = match custom {
                        CustomSection::Name(names) => {
                            shifted_name_maps::<I>(names.try_contents()?, from)?
                        }
                        other => has_shifted::<I, _>(other, from)?,
                    };
                    if found {
                        plan.customs.push(position);
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
    /// code, other sections, the name section's maps and typed custom sections (branch
    /// hints, whose offsets are recomputed for the bodies that change). Custom sections
    /// whose payload does not decode are left as they are and returned.
    pub fn shift_indices<I: SpaceIndex>(
        &mut self,
        from: u32,
    ) -> Result<Vec<DecodeError>, EditError> {
        let plan = self.plan_shift::<I>(from)?;
        self.shift_bodies::<I>(from)?;
        for &position in &plan.sections {
            shift_value::<I, _>(&mut self.sections[position], from)?;
        }
        for &position in &plan.customs {
            let Section::Custom(blob) = &mut self.sections[position] else {
                unreachable!("plan_shift lists custom sections here");
            };
            match blob.try_contents_mut()? {
                CustomSection::Name(names) => shift_names::<I>(names.try_contents_mut()?, from)?,
                other => shift_value::<I, _>(other, from)?,
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
        let mut change = |position: usize, body: &mut Func| {
            let func = FuncIdx(imported + position as u32);
            Ok(apply_edit(body, |body| edit(func, body)))
        };
        self.change_bodies(&positions, &mut change, false)
    }

    /// The index of a function type: an existing type that is the same on its own (a
    /// plain, final function type alone in its recursion group), or a new one appended to
    /// the type section (inserted if missing). Appending shifts no index.
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
    pub fn add_function(&mut self, ty: TypeIdx, body: Func) -> Result<FuncIdx, EditError> {
        let count = self.imported_func_count()? as u64
            + match self.find_std_section::<payload::Function>() {
                Some(blob) => blob.try_contents()?.len() as u64,
                None => 0,
            };
        let index = u32::try_from(count)
            .ok()
            .filter(|&index| index != u32::MAX)
            .ok_or(EditError::Overflow("functions"))?;
        self.find_or_insert_std_section::<payload::Function>(Vec::new)
            .try_contents_mut()?
            .push(ty);
        self.find_or_insert_std_section::<payload::Code>(Vec::new)
            .try_contents_mut()?
            .push(Blob::new(body));
        Ok(FuncIdx(index))
    }

    /// Adds an export at the end of the export section (inserted if missing).
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
