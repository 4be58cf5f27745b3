//! The module's [index spaces](https://webassembly.github.io/spec/core/syntax/modules.html#indices):
//! functions, tables, memories, globals and tags, imports first, then definitions, each with
//! its index, its type, where it comes from and its name.
//!
//! Only the sections an answer needs are decoded: listing the functions decodes the type,
//! import and function sections and splits the code section into its (still lazy) bodies;
//! names come from the `name` section's subsection of that kind.
//!
//! ```
//! use wasmbin::index_space::Origin;
//! use wasmbin::indices::FuncIdx;
//! use wasmbin::Module;
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let wasm = wat::parse_str(
//!     r#"(module
//!          (import "env" "log" (func (param i32)))
//!          (func $twice (param i32) (result i32) local.get 0 local.get 0 i32.add))"#,
//! )?;
//! let module = Module::decode_from(&wasm[..])?;
//! assert_eq!(module.imported_func_count()?, 1);
//! let functions = module.functions()?;
//! assert!(matches!(functions[0].origin, Origin::Imported { module: "env", name: "log" }));
//! assert!(matches!(functions[1].origin, Origin::Defined(_)));
//! assert_eq!(functions[1].name, Some("twice"));
//! assert_eq!(module.func_type(FuncIdx(1))?.results.len(), 1);
//! # Ok(()) }
//! ```

use crate::blob::Blob;
use crate::error::{DecodeError, ErrorKind};
use crate::indices::{FuncIdx, GlobalIdx, MemIdx, TableIdx, TagIdx, TypeIdx};
use crate::names::DirectNameKey;
use crate::sections::ExternType as Desc;
use crate::sections::{payload, Export, ExportDesc, Func, Global, ImportDesc, Table};
use crate::types::{
    BaseCompositeType, CompositeType, DescribedType, FuncType, GlobalType, MemType,
    SharedCompositeType, SubType, TableType, TagType,
};
use crate::Module;
use std::collections::HashMap;

/// Where an entity of an index space comes from.
///
/// ```
/// use wasmbin::index_space::Origin;
/// use wasmbin::Module;
/// let wasm = wat::parse_str(r#"(module (import "env" "mem" (memory 1)) (memory 2))"#)?;
/// let module = Module::decode_from(&wasm[..])?;
/// let memories = module.memories()?;
/// assert_eq!(memories[0].origin, Origin::Imported { module: "env", name: "mem" });
/// assert_eq!(memories[1].origin, Origin::Defined(()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Origin<'a, D> {
    /// An import.
    Imported {
        /// The import's module name.
        module: &'a str,
        /// The import's item name.
        name: &'a str,
    },
    /// A definition of this module.
    Defined(D),
}

/// An entry of an index space: its index, its type, where it comes from and its name in
/// the `name` section.
///
/// ```
/// use wasmbin::indices::GlobalIdx;
/// use wasmbin::Module;
/// let wasm = wat::parse_str(r#"(module (global $count (mut i32) (i32.const 0)))"#)?;
/// let module = Module::decode_from(&wasm[..])?;
/// let global = module.globals()?[0];
/// assert_eq!(global.index, GlobalIdx(0));
/// assert_eq!(global.ty.to_string(), "(global (mut i32))");
/// assert_eq!(global.name, Some("count"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Entity<'a, I, T, D> {
    /// Its index.
    pub index: I,
    /// Its type.
    pub ty: T,
    /// Import or definition.
    pub origin: Origin<'a, D>,
    /// Its name in the `name` section, if any (`None` also when the name section does not
    /// decode).
    pub name: Option<&'a str>,
}

/// A function: its resolved type, and its lazy body if it is defined here.
///
/// ```
/// use wasmbin::index_space::{Function, Origin};
/// use wasmbin::Module;
/// let wasm = wat::parse_str("(module (func (param i32) (result i32) local.get 0))")?;
/// let module = Module::decode_from(&wasm[..])?;
/// let function: Function = module.functions()?[0];
/// assert_eq!(function.ty.to_string(), "(func (param i32) (result i32))");
/// let Origin::Defined(body) = function.origin else { panic!("not imported") };
/// assert_eq!(body.try_contents()?.expr.instructions.len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type Function<'a> = Entity<'a, FuncIdx, &'a FuncType, &'a Blob<Func>>;
/// A table.
///
/// ```
/// use wasmbin::index_space::{Origin, TableEntity};
/// use wasmbin::sections::Table;
/// use wasmbin::Module;
/// let wasm = wat::parse_str("(module (table 2 funcref))")?;
/// let module = Module::decode_from(&wasm[..])?;
/// let table: TableEntity = module.tables()?[0];
/// assert_eq!(table.ty.to_string(), "(table 2 funcref)");
/// assert!(matches!(table.origin, Origin::Defined(Table::Plain(_))));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type TableEntity<'a> = Entity<'a, TableIdx, &'a TableType, &'a Table>;
/// A memory.
///
/// ```
/// use wasmbin::index_space::{Memory, Origin};
/// use wasmbin::Module;
/// let wasm = wat::parse_str(r#"(module (import "env" "mem" (memory 1 16)))"#)?;
/// let module = Module::decode_from(&wasm[..])?;
/// let memory: Memory = module.memories()?[0];
/// assert_eq!(memory.ty.limits.max, Some(16));
/// assert_eq!(memory.origin, Origin::Imported { module: "env", name: "mem" });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type Memory<'a> = Entity<'a, MemIdx, &'a MemType, ()>;
/// A global, with its initializer if it is defined here.
///
/// ```
/// use wasmbin::index_space::{GlobalEntity, Origin};
/// use wasmbin::instructions::Instruction;
/// use wasmbin::Module;
/// let wasm = wat::parse_str("(module (global i64 (i64.const 42)))")?;
/// let module = Module::decode_from(&wasm[..])?;
/// let global: GlobalEntity = module.globals()?[0];
/// let Origin::Defined(definition) = global.origin else { panic!("not imported") };
/// assert_eq!(definition.init.instructions, [Instruction::I64Const(42)]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type GlobalEntity<'a> = Entity<'a, GlobalIdx, &'a GlobalType, &'a Global>;
/// A tag: its resolved function type, and its tag type if it is defined here.
///
/// ```
/// use wasmbin::index_space::Tag;
/// use wasmbin::types::ValueType;
/// use wasmbin::Module;
/// let wasm = wat::parse_str("(module (tag $oops (param i32)))")?;
/// let module = Module::decode_from(&wasm[..])?;
/// let tag: Tag = module.tags()?[0];
/// assert_eq!(tag.ty.params, [ValueType::I32]);
/// assert_eq!(tag.name, Some("oops"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type Tag<'a> = Entity<'a, TagIdx, &'a FuncType, &'a TagType>;

/// The type of an import or an export, resolved (a function's or a tag's function type).
/// Its `Display` is the text format (`(func (param i32))`, `(memory 1)` …).
///
/// ```
/// use wasmbin::index_space::ExternType;
/// use wasmbin::types::ValueType;
/// use wasmbin::Module;
/// let wasm = wat::parse_str(r#"(module (import "env" "f" (func (param f32))) (import "env" "e" (tag)))"#)?;
/// let module = Module::decode_from(&wasm[..])?;
/// let imports = module.imports()?;
/// assert!(matches!(imports[0].2, ExternType::Func(ty) if ty.params == [ValueType::F32]));
/// assert_eq!(imports[1].2.to_string(), "(tag)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ExternType<'a> {
    /// A function.
    Func(&'a FuncType),
    /// A table.
    Table(&'a TableType),
    /// A memory.
    Memory(&'a MemType),
    /// A global.
    Global(&'a GlobalType),
    /// A tag, with its function type.
    Tag(&'a FuncType),
}

/// The kinds of imports, one per index space that imports extend.
///
/// ```
/// use wasmbin::index_space::ExternKind;
/// use wasmbin::Module;
/// let wasm = wat::parse_str(r#"(module (import "a" "f" (func)) (import "a" "g" (func)) (import "a" "t" (table 1 funcref)))"#)?;
/// let module = Module::decode_from(&wasm[..])?;
/// assert_eq!(module.import_count(ExternKind::Func)?, 2);
/// assert_eq!(module.import_count(ExternKind::Table)?, 1);
/// assert_eq!(module.import_count(ExternKind::Memory)?, 0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExternKind {
    /// Functions.
    Func,
    /// Tables.
    Table,
    /// Memories.
    Memory,
    /// Globals.
    Global,
    /// Tags.
    Tag,
}

impl ExternKind {
    /// The index space an import description adds to (`None` for the compact group forms,
    /// whose members each add to one).
    ///
    /// ```
    /// use wasmbin::index_space::ExternKind;
    /// use wasmbin::indices::TypeIdx;
    /// use wasmbin::sections::{ExternType, ImportDesc};
    /// let single = ImportDesc::Extern(ExternType::Func(TypeIdx(0)));
    /// assert_eq!(ExternKind::of_import(&single), Some(ExternKind::Func));
    /// // A compact group's members may be of different kinds.
    /// assert_eq!(ExternKind::of_import(&ImportDesc::Compact(Vec::new())), None);
    /// ```
    pub fn of_import(desc: &ImportDesc) -> Option<ExternKind> {
        match desc {
            ImportDesc::Extern(ty) => Some(ExternKind::of(ty)),
            ImportDesc::Compact(_) | ImportDesc::CompactOfType(_) => None,
        }
    }

    /// The index space an `externtype` adds to.
    ///
    /// ```
    /// use wasmbin::index_space::ExternKind;
    /// use wasmbin::indices::TypeIdx;
    /// use wasmbin::sections::ExternType;
    /// use wasmbin::types::{TagKind, TagType};
    /// assert_eq!(ExternKind::of(&ExternType::FuncExact(TypeIdx(1))), ExternKind::Func);
    /// let tag = TagType { kind: TagKind::Exception, ty: TypeIdx(0) };
    /// assert_eq!(ExternKind::of(&ExternType::Tag(tag)), ExternKind::Tag);
    /// ```
    pub fn of(desc: &Desc) -> ExternKind {
        match desc {
            Desc::Func(_) | Desc::FuncExact(_) => ExternKind::Func,
            Desc::Table(_) => ExternKind::Table,
            Desc::Mem(_) => ExternKind::Memory,
            Desc::Global(_) => ExternKind::Global,
            Desc::Tag(_) => ExternKind::Tag,
        }
    }
}

/// The index space an export names.
fn export_kind(desc: &ExportDesc) -> ExternKind {
    match desc {
        ExportDesc::Func(_) => ExternKind::Func,
        ExportDesc::Table(_) => ExternKind::Table,
        ExportDesc::Mem(_) => ExternKind::Memory,
        ExportDesc::Global(_) => ExternKind::Global,
        ExportDesc::Tag(_) => ExternKind::Tag,
    }
}

/// The function type inside a composite type, through `shared` and the descriptor clauses.
///
/// ```
/// use wasmbin::index_space::composite_func_type;
/// use wasmbin::types::ValueType;
/// use wasmbin::Module;
/// let wasm = wat::parse_str("(module (type (struct)) (type (sub (func (result i32)))))")?;
/// let module = Module::decode_from(&wasm[..])?;
/// let types = module.types()?;
/// assert!(composite_func_type(types[0].composite()).is_none());
/// let func = composite_func_type(types[1].composite()).ok_or("not a function type")?;
/// assert_eq!(func.results, [ValueType::I32]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn composite_func_type(ty: &CompositeType) -> Option<&FuncType> {
    fn base(ty: &BaseCompositeType) -> Option<&FuncType> {
        match ty {
            BaseCompositeType::Func(func) => Some(func),
            BaseCompositeType::Struct(_)
            | BaseCompositeType::Array(_)
            | BaseCompositeType::Cont(_) => None,
        }
    }
    fn described(ty: &DescribedType) -> Option<&FuncType> {
        match ty {
            DescribedType::Descriptor(d) => base(&d.ty),
            DescribedType::Plain(ty) => base(ty),
        }
    }
    match ty {
        CompositeType::Func(func) => Some(func),
        CompositeType::Struct(_) | CompositeType::Array(_) | CompositeType::Cont(_) => None,
        CompositeType::Describes(d) => described(&d.ty),
        CompositeType::Descriptor(d) => base(&d.ty),
        CompositeType::Shared(shared) => match shared {
            SharedCompositeType::Func(func) => Some(func),
            SharedCompositeType::Struct(_)
            | SharedCompositeType::Array(_)
            | SharedCompositeType::Cont(_) => None,
            SharedCompositeType::Describes(d) => described(&d.ty),
            SharedCompositeType::Descriptor(d) => base(&d.ty),
        },
    }
}

/// An error about the module's index spaces, at the start of the section concerned.
fn index_error<T>(blob: Option<&Blob<T>>, message: String) -> DecodeError {
    DecodeError::new(
        ErrorKind::Malformed(message),
        blob.and_then(Blob::offset).unwrap_or(0),
        Default::default(),
    )
}

/// Whether `index` is below `len` (as `u32`s).
fn in_range(index: u32, len: usize) -> bool {
    (index as usize) < len
}

impl Module {
    /// The type index space: every subtype of every recursion group, in order.
    ///
    /// ```
    /// use wasmbin::types::{CompositeType, SubType};
    /// use wasmbin::Module;
    /// let wasm = wat::parse_str("(module (rec (type (struct)) (type (func))) (type (func)))")?;
    /// let module = Module::decode_from(&wasm[..])?;
    /// let types = module.types()?;
    /// // Both types of the recursion group, then the third.
    /// assert_eq!(types.len(), 3);
    /// assert!(matches!(types[0], SubType::Plain(CompositeType::Struct(_))));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn types(&self) -> Result<Vec<&SubType>, DecodeError> {
        let Some(blob) = self.find_std_section::<payload::Type>() else {
            return Ok(Vec::new());
        };
        Ok(blob
            .try_contents()?
            .iter()
            .flat_map(|group| group.types())
            .collect())
    }

    /// The function type with index `index` (an error if there is no such type or it is
    /// a struct or array type).
    ///
    /// ```
    /// use wasmbin::indices::TypeIdx;
    /// use wasmbin::Module;
    /// let wasm = wat::parse_str("(module (type (struct)) (type (func (param i64))))")?;
    /// let module = Module::decode_from(&wasm[..])?;
    /// assert_eq!(module.type_func_type(TypeIdx(1))?.to_string(), "(func (param i64))");
    /// assert!(module.type_func_type(TypeIdx(0)).is_err()); // a struct type
    /// assert!(module.type_func_type(TypeIdx(2)).is_err()); // no such type
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn type_func_type(&self, index: TypeIdx) -> Result<&FuncType, DecodeError> {
        let types = self.types()?;
        resolve(self, &types, index)
    }

    /// The imports of one kind, in index order, as `(module, name, desc)`.
    ///
    /// ```
    /// use wasmbin::index_space::ExternKind;
    /// use wasmbin::sections::ExternType;
    /// use wasmbin::Module;
    /// let wasm = wat::parse_str(r#"(module (import "env" "f" (func)) (import "env" "mem" (memory 1)))"#)?;
    /// let module = Module::decode_from(&wasm[..])?;
    /// let memories = module.imports_of(ExternKind::Memory)?;
    /// assert_eq!(memories.len(), 1);
    /// assert!(matches!(memories[0], ("env", "mem", ExternType::Mem(_))));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn imports_of(&self, kind: ExternKind) -> Result<Vec<(&str, &str, &Desc)>, DecodeError> {
        let Some(blob) = self.find_std_section::<payload::Import>() else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for import in blob.try_contents()? {
            out.extend(
                import
                    .entries()
                    .into_iter()
                    .filter(|(_, _, desc)| ExternKind::of(desc) == kind),
            );
        }
        Ok(out)
    }

    /// The number of imports of one kind: the index of the first definition of that kind.
    ///
    /// ```
    /// use wasmbin::index_space::{ExternKind, Origin};
    /// use wasmbin::indices::GlobalIdx;
    /// use wasmbin::Module;
    /// let wasm = wat::parse_str(r#"(module (import "env" "g" (global i32)) (global i32 (i32.const 0)))"#)?;
    /// let module = Module::decode_from(&wasm[..])?;
    /// let first_defined = module.import_count(ExternKind::Global)?;
    /// let global = module.globals()?[first_defined as usize];
    /// assert_eq!(global.index, GlobalIdx(1));
    /// assert!(matches!(global.origin, Origin::Defined(_)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn import_count(&self, kind: ExternKind) -> Result<u32, DecodeError> {
        let Some(blob) = self.find_std_section::<payload::Import>() else {
            return Ok(0);
        };
        let mut count: u32 = 0;
        for import in blob.try_contents()? {
            for (_, _, desc) in import.entries() {
                if ExternKind::of(desc) == kind {
                    count = count.checked_add(1).ok_or_else(|| {
                        index_error(Some(blob), "more than u32::MAX imports".into())
                    })?;
                }
            }
        }
        Ok(count)
    }

    /// The number of imported functions: the index of the first defined function.
    ///
    /// ```
    /// use wasmbin::index_space::Origin;
    /// use wasmbin::Module;
    /// let wasm = wat::parse_str(r#"(module (import "env" "a" (func)) (import "env" "b" (func)) (func))"#)?;
    /// let module = Module::decode_from(&wasm[..])?;
    /// let count = module.imported_func_count()?;
    /// assert_eq!(count, 2);
    /// assert!(matches!(module.functions()?[count as usize].origin, Origin::Defined(_)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn imported_func_count(&self) -> Result<u32, DecodeError> {
        self.import_count(ExternKind::Func)
    }

    /// The type index of every function, imported ones first.
    ///
    /// ```
    /// use wasmbin::indices::TypeIdx;
    /// use wasmbin::Module;
    /// let wasm = wat::parse_str(
    ///     r#"(module (type $v (func)) (type $i (func (param i32)))
    ///          (import "env" "f" (func (type $i))) (func (type $v)))"#,
    /// )?;
    /// let module = Module::decode_from(&wasm[..])?;
    /// assert_eq!(module.func_type_indices()?, [TypeIdx(1), TypeIdx(0)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn func_type_indices(&self) -> Result<Vec<TypeIdx>, DecodeError> {
        let mut out: Vec<TypeIdx> = self
            .imports_of(ExternKind::Func)?
            .into_iter()
            .map(|(_, _, desc)| match desc {
                Desc::Func(ty) | Desc::FuncExact(ty) => *ty,
                _ => unreachable!("imports_of(Func) lists function imports"),
            })
            .collect();
        if let Some(declared) = self.find_std_section::<payload::Function>() {
            out.extend_from_slice(declared.try_contents()?);
        }
        Ok(out)
    }

    /// The type index of function `func` (imported or defined).
    ///
    /// ```
    /// use wasmbin::indices::{FuncIdx, TypeIdx};
    /// use wasmbin::Module;
    /// let wasm = wat::parse_str(
    ///     r#"(module (type $v (func)) (type $i (func (param i32)))
    ///          (import "env" "f" (func (type $i))) (func (type $v)))"#,
    /// )?;
    /// let module = Module::decode_from(&wasm[..])?;
    /// assert_eq!(module.func_type_idx(FuncIdx(0))?, TypeIdx(1));
    /// assert_eq!(module.func_type_idx(FuncIdx(1))?, TypeIdx(0));
    /// assert!(module.func_type_idx(FuncIdx(2)).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn func_type_idx(&self, func: FuncIdx) -> Result<TypeIdx, DecodeError> {
        let types = self.func_type_indices()?;
        types.get(func.0 as usize).copied().ok_or_else(|| {
            index_error(
                self.find_std_section::<payload::Function>(),
                format!(
                    "function {} does not exist ({} functions)",
                    func.0,
                    types.len()
                ),
            )
        })
    }

    /// Every import with its resolved type, as `(module, name, type)`, in order (the
    /// members of compact groups one by one).
    ///
    /// ```
    /// use wasmbin::Module;
    /// let wasm = wat::parse_str(r#"(module (import "env" "log" (func (param i32))) (import "env" "mem" (memory 1)))"#)?;
    /// let module = Module::decode_from(&wasm[..])?;
    /// let listed: Vec<String> = module
    ///     .imports()?
    ///     .iter()
    ///     .map(|(module, name, ty)| format!("{module}.{name}: {ty}"))
    ///     .collect();
    /// assert_eq!(listed, ["env.log: (func (param i32))", "env.mem: (memory 1)"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn imports(&self) -> Result<Vec<(&str, &str, ExternType<'_>)>, DecodeError> {
        let Some(blob) = self.find_std_section::<payload::Import>() else {
            return Ok(Vec::new());
        };
        let types = self.types()?;
        let mut out = Vec::new();
        for import in blob.try_contents()? {
            for (module, name, desc) in import.entries() {
                let ty = match desc {
                    Desc::Func(ty) | Desc::FuncExact(ty) => {
                        ExternType::Func(resolve(self, &types, *ty)?)
                    }
                    Desc::Table(ty) => ExternType::Table(ty),
                    Desc::Mem(ty) => ExternType::Memory(ty),
                    Desc::Global(ty) => ExternType::Global(ty),
                    Desc::Tag(tag) => ExternType::Tag(resolve(self, &types, tag.ty)?),
                };
                out.push((module, name, ty));
            }
        }
        Ok(out)
    }

    /// Every export with the resolved type of what it exports, in order.
    ///
    /// ```
    /// use wasmbin::Module;
    /// let wasm = wat::parse_str(r#"(module (func (export "run") (result i32) i32.const 1) (memory (export "mem") 1))"#)?;
    /// let module = Module::decode_from(&wasm[..])?;
    /// let exports = module.exports()?;
    /// assert_eq!(exports[0].0.name, "run");
    /// assert_eq!(exports[0].1.to_string(), "(func (result i32))");
    /// assert_eq!(exports[1].1.to_string(), "(memory 1)");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn exports(&self) -> Result<Vec<(&Export, ExternType<'_>)>, DecodeError> {
        let Some(blob) = self.find_std_section::<payload::Export>() else {
            return Ok(Vec::new());
        };
        let exports = blob.try_contents()?;
        let types = self.types()?;
        let uses = |kind| exports.iter().any(|e| export_kind(&e.desc) == kind);
        let funcs = if uses(ExternKind::Func) {
            self.func_type_indices()?
        } else {
            Vec::new()
        };
        let tables = if uses(ExternKind::Table) {
            self.tables()?
        } else {
            Vec::new()
        };
        let memories = if uses(ExternKind::Memory) {
            self.memories()?
        } else {
            Vec::new()
        };
        let globals = if uses(ExternKind::Global) {
            self.globals()?
        } else {
            Vec::new()
        };
        let tags = if uses(ExternKind::Tag) {
            self.tags()?
        } else {
            Vec::new()
        };
        let missing = |what: &str, index: u32| {
            index_error(
                Some(blob),
                format!("export of {what} {index}, which does not exist"),
            )
        };
        exports
            .iter()
            .map(|export| {
                let ty = match export.desc {
                    ExportDesc::Func(i) => {
                        let ty = funcs
                            .get(i.0 as usize)
                            .ok_or_else(|| missing("function", i.0))?;
                        ExternType::Func(resolve(self, &types, *ty)?)
                    }
                    ExportDesc::Table(i) => ExternType::Table(
                        tables
                            .get(i.0 as usize)
                            .ok_or_else(|| missing("table", i.0))?
                            .ty,
                    ),
                    ExportDesc::Mem(i) => ExternType::Memory(
                        memories
                            .get(i.0 as usize)
                            .ok_or_else(|| missing("memory", i.0))?
                            .ty,
                    ),
                    ExportDesc::Global(i) => ExternType::Global(
                        globals
                            .get(i.0 as usize)
                            .ok_or_else(|| missing("global", i.0))?
                            .ty,
                    ),
                    ExportDesc::Tag(i) => ExternType::Tag(
                        tags.get(i.0 as usize)
                            .ok_or_else(|| missing("tag", i.0))?
                            .ty,
                    ),
                };
                Ok((export, ty))
            })
            .collect()
    }

    /// The resolved type of function `func` (imported or defined), through recursion groups
    /// and subtypes.
    ///
    /// ```
    /// use wasmbin::indices::FuncIdx;
    /// use wasmbin::types::ValueType;
    /// use wasmbin::Module;
    /// let wasm = wat::parse_str(r#"(module (import "env" "log" (func (param i32))) (func (result f32) f32.const 0))"#)?;
    /// let module = Module::decode_from(&wasm[..])?;
    /// assert_eq!(module.func_type(FuncIdx(0))?.params, [ValueType::I32]);
    /// assert_eq!(module.func_type(FuncIdx(1))?.to_string(), "(func (result f32))");
    /// assert!(module.func_type(FuncIdx(2)).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn func_type(&self, func: FuncIdx) -> Result<&FuncType, DecodeError> {
        let ty = self.func_type_idx(func)?;
        self.type_func_type(ty)
    }

    /// The names of one direct name map, by index; empty if there is none or the name
    /// section does not decode.
    fn names_of<K: DirectNameKey>(&self) -> HashMap<K, &str> {
        let mut out = HashMap::new();
        let Ok(Some(names)) = self.name_section() else {
            return out;
        };
        for map in names.subsections.iter().filter_map(K::map) {
            if let Ok(map) = map.try_contents() {
                // The first name wins, as in `Module::name`.
                for assoc in map.iter().rev() {
                    out.insert(assoc.index, assoc.name.as_str());
                }
            }
        }
        out
    }

    /// The function index space: imported functions, then the defined ones with their lazy
    /// bodies, each with its resolved type and its name.
    ///
    /// ```
    /// use wasmbin::indices::FuncIdx;
    /// use wasmbin::Module;
    /// let wasm = wat::parse_str(r#"(module (import "env" "log" (func $log (param i32))) (func $main))"#)?;
    /// let module = Module::decode_from(&wasm[..])?;
    /// let named: Vec<_> = module.functions()?.iter().map(|f| (f.index, f.name)).collect();
    /// assert_eq!(named, [(FuncIdx(0), Some("log")), (FuncIdx(1), Some("main"))]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn functions(&self) -> Result<Vec<Function<'_>>, DecodeError> {
        let types = self.types()?;
        let names = self.names_of::<FuncIdx>();
        let mut out = Vec::new();
        for (module, name, desc) in self.imports_of(ExternKind::Func)? {
            let (Desc::Func(ty) | Desc::FuncExact(ty)) = desc else {
                unreachable!("imports_of(Func) lists function imports");
            };
            out.push((*ty, Origin::Imported { module, name }));
        }
        let declared = self.find_std_section::<payload::Function>();
        let declared = match declared {
            Some(blob) => &blob.try_contents()?[..],
            None => &[],
        };
        let code = self.find_std_section::<payload::Code>();
        let bodies = match code {
            Some(blob) => &blob.try_contents()?[..],
            None => &[],
        };
        if declared.len() != bodies.len() {
            return Err(index_error(
                code,
                format!(
                    "function and code section have inconsistent lengths ({} declared, {} bodies)",
                    declared.len(),
                    bodies.len()
                ),
            ));
        }
        out.extend(
            declared
                .iter()
                .zip(bodies)
                .map(|(ty, body)| (*ty, Origin::Defined(body))),
        );
        out.into_iter()
            .enumerate()
            .map(|(index, (ty, origin))| {
                let index = FuncIdx(
                    u32::try_from(index)
                        .map_err(|_| index_error(code, "more than u32::MAX functions".into()))?,
                );
                Ok(Entity {
                    index,
                    ty: resolve(self, &types, ty)?,
                    origin,
                    name: names.get(&index).copied(),
                })
            })
            .collect()
    }

    /// The table index space: imported tables, then the defined ones.
    ///
    /// ```
    /// use wasmbin::indices::TableIdx;
    /// use wasmbin::Module;
    /// let wasm = wat::parse_str(r#"(module (import "env" "t" (table 1 externref)) (table $own 4 funcref))"#)?;
    /// let module = Module::decode_from(&wasm[..])?;
    /// let tables = module.tables()?;
    /// assert_eq!(tables[0].ty.to_string(), "(table 1 externref)");
    /// assert_eq!((tables[1].index, tables[1].name), (TableIdx(1), Some("own")));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn tables(&self) -> Result<Vec<TableEntity<'_>>, DecodeError> {
        let defined = match self.find_std_section::<payload::Table>() {
            Some(blob) => blob.try_contents()?.iter().collect(),
            None => Vec::new(),
        };
        self.space(
            ExternKind::Table,
            |desc| match desc {
                Desc::Table(ty) => Ok(ty),
                _ => unreachable!("imports_of(Table) lists table imports"),
            },
            defined.into_iter().map(|table| {
                let ty = match table {
                    Table::Plain(ty) | Table::WithInit { ty, .. } => ty,
                };
                Ok((ty, table))
            }),
            TableIdx,
        )
    }

    /// The memory index space: imported memories, then the defined ones.
    ///
    /// ```
    /// use wasmbin::Module;
    /// let wasm = wat::parse_str("(module (memory 1 2) (memory i64 3))")?;
    /// let module = Module::decode_from(&wasm[..])?;
    /// let memories: Vec<String> = module.memories()?.iter().map(|m| m.ty.to_string()).collect();
    /// assert_eq!(memories, ["(memory 1 2)", "(memory i64 3)"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn memories(&self) -> Result<Vec<Memory<'_>>, DecodeError> {
        let defined = match self.find_std_section::<payload::Memory>() {
            Some(blob) => &blob.try_contents()?[..],
            None => &[],
        };
        self.space(
            ExternKind::Memory,
            |desc| match desc {
                Desc::Mem(ty) => Ok(ty),
                _ => unreachable!("imports_of(Memory) lists memory imports"),
            },
            defined.iter().map(|ty| Ok((ty, ()))),
            MemIdx,
        )
    }

    /// The global index space: imported globals, then the defined ones.
    ///
    /// ```
    /// use wasmbin::indices::GlobalIdx;
    /// use wasmbin::Module;
    /// let wasm = wat::parse_str(r#"(module (import "env" "g" (global i32)) (global $counter (mut i64) (i64.const 0)))"#)?;
    /// let module = Module::decode_from(&wasm[..])?;
    /// let globals = module.globals()?;
    /// assert_eq!(globals[1].index, GlobalIdx(1));
    /// assert_eq!(globals[1].ty.to_string(), "(global (mut i64))");
    /// assert_eq!(globals[1].name, Some("counter"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn globals(&self) -> Result<Vec<GlobalEntity<'_>>, DecodeError> {
        let defined = match self.find_std_section::<payload::Global>() {
            Some(blob) => &blob.try_contents()?[..],
            None => &[],
        };
        self.space(
            ExternKind::Global,
            |desc| match desc {
                Desc::Global(ty) => Ok(ty),
                _ => unreachable!("imports_of(Global) lists global imports"),
            },
            defined.iter().map(|global| Ok((&global.ty, global))),
            GlobalIdx,
        )
    }

    /// The tag index space: imported tags, then the defined ones, with their function types.
    ///
    /// ```
    /// use wasmbin::index_space::Origin;
    /// use wasmbin::types::ValueType;
    /// use wasmbin::Module;
    /// let wasm = wat::parse_str(r#"(module (type $t (func (param i32 i64))) (import "env" "e" (tag)) (tag (type $t)))"#)?;
    /// let module = Module::decode_from(&wasm[..])?;
    /// let tags = module.tags()?;
    /// assert!(tags[0].ty.params.is_empty());
    /// assert_eq!(tags[1].ty.params, [ValueType::I32, ValueType::I64]);
    /// assert!(matches!(tags[1].origin, Origin::Defined(_)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn tags(&self) -> Result<Vec<Tag<'_>>, DecodeError> {
        let types = self.types()?;
        let defined = match self.find_std_section::<payload::Tag>() {
            Some(blob) => &blob.try_contents()?[..],
            None => &[],
        };
        self.space(
            ExternKind::Tag,
            |desc| match desc {
                Desc::Tag(tag) => resolve(self, &types, tag.ty),
                _ => unreachable!("imports_of(Tag) lists tag imports"),
            },
            defined
                .iter()
                .map(|tag| Ok((resolve(self, &types, tag.ty)?, tag))),
            TagIdx,
        )
    }

    /// One index space from its imports and its definitions.
    fn space<'a, I: DirectNameKey, T, D>(
        &'a self,
        kind: ExternKind,
        imported: impl Fn(&'a Desc) -> Result<T, DecodeError>,
        defined: impl Iterator<Item = Result<(T, D), DecodeError>>,
        index: impl Fn(u32) -> I,
    ) -> Result<Vec<Entity<'a, I, T, D>>, DecodeError> {
        let names = self.names_of::<I>();
        let mut out = Vec::new();
        for (module, name, desc) in self.imports_of(kind)? {
            out.push((imported(desc)?, Origin::Imported { module, name }));
        }
        for item in defined {
            let (ty, def) = item?;
            out.push((ty, Origin::Defined(def)));
        }
        out.into_iter()
            .enumerate()
            .map(|(i, (ty, origin))| {
                let i = u32::try_from(i).map_err(|_| {
                    index_error::<()>(None, format!("more than u32::MAX {kind:?} entries"))
                })?;
                let index = index(i);
                Ok(Entity {
                    index,
                    ty,
                    origin,
                    name: names.get(&index).copied(),
                })
            })
            .collect()
    }
}

/// The function type `index` names in the flattened type space `types`.
fn resolve<'a>(
    module: &Module,
    types: &[&'a SubType],
    index: TypeIdx,
) -> Result<&'a FuncType, DecodeError> {
    let blob = module.find_std_section::<payload::Type>();
    if !in_range(index.0, types.len()) {
        return Err(index_error(
            blob,
            format!("type {} does not exist ({} types)", index.0, types.len()),
        ));
    }
    composite_func_type(types[index.0 as usize].composite())
        .ok_or_else(|| index_error(blob, format!("type {} is not a function type", index.0)))
}
