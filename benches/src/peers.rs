//! One function per (mode, library): each takes the input as an owned `Vec<u8>` (the way a
//! caller that just read a file holds it), does the whole job, drops everything it built, and
//! returns a count of what it produced so that nothing can be optimized away.
//!
//! Every function is used both by the `compare` binary and by the criterion benches, so the
//! two measure exactly the same code.

use rayon::prelude::*;
use std::fmt::Display;
use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
use wasmparser::{
    ConstExpr, DataKind, ElementItems, ElementKind, FunctionBody, Imports, KnownCustom, Name,
    OperatorsReader, Parser, Payload, TableInit, VisitOperator,
};

/// What a run returns: a count of produced items, or why the library gave up.
pub type Outcome = Result<u64, String>;

fn text(err: impl Display) -> String {
    err.to_string()
}

/// An error and its sources, as one line of text.
fn chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(inner) = source {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        source = inner.source();
    }
    text
}

/// An error of any of the libraries, as text.
#[derive(Debug)]
pub struct Failure(pub String);

impl<E: Display> From<E> for Failure {
    fn from(err: E) -> Self {
        Failure(err.to_string())
    }
}

/// The current wasmbin (this workspace).
pub mod wasmbin_now {
    use super::*;

    /// Lazy decode (sections split, nothing else) and encode of the untouched module.
    pub fn lazy_roundtrip(input: Vec<u8>) -> Outcome {
        let len = input.len();
        let module = wasmbin::Module::decode_from_bytes(input).map_err(text)?;
        let out = module.encode_into(Vec::with_capacity(len)).map_err(text)?;
        Ok(out.len() as u64)
    }

    /// Decodes every section and function body ([`wasmbin::Module::decode_all`]).
    pub fn full_decode(input: Vec<u8>) -> Outcome {
        let module = wasmbin::Module::decode_from_bytes(input).map_err(text)?;
        let warnings = module.decode_all().map_err(text)?;
        Ok((module.sections.len() + warnings.len()) as u64)
    }

    /// Decodes everything, forgets the original bytes
    /// ([`wasmbin::Module::decode_all_mut`]) and encodes every part from its value.
    pub fn full_roundtrip(input: Vec<u8>) -> Outcome {
        let len = input.len();
        let mut module = wasmbin::Module::decode_from_bytes(input).map_err(text)?;
        module.decode_all_mut().map_err(text)?;
        let out = module.encode_into(Vec::with_capacity(len)).map_err(text)?;
        Ok(out.len() as u64)
    }

    /// Borrows every part mutably and changes nothing (a `visit_mut` over every function
    /// index that leaves each as it is), then encodes: the changes-only encoding compares
    /// each part's fresh encoding with its original bytes and writes the original.
    pub fn unchanged_edit(input: Vec<u8>) -> Outcome {
        use wasmbin::indices::FuncIdx;
        use wasmbin::visit::Visit;
        let len = input.len();
        let mut module = wasmbin::Module::decode_from_bytes(input).map_err(text)?;
        module.visit_mut(|_: &mut FuncIdx| {}).map_err(text)?;
        let out = module.encode_into(Vec::with_capacity(len)).map_err(text)?;
        Ok(out.len() as u64)
    }

    /// [`full_decode`] on all cores, with `Module::decode_all_parallel`.
    #[cfg(feature = "parallel")]
    pub fn full_decode_parallel(input: Vec<u8>) -> Outcome {
        let module = wasmbin::Module::decode_from_bytes(input).map_err(text)?;
        let warnings = module.decode_all_parallel().map_err(text)?;
        Ok((module.sections.len() + warnings.len()) as u64)
    }

    /// Built without this crate's `parallel` feature (which turns on wasmbin's), there is
    /// nothing to run.
    #[cfg(not(feature = "parallel"))]
    pub fn full_decode_parallel(_input: Vec<u8>) -> Outcome {
        Err(NOT_BUILT.to_string())
    }

    /// The text of [`full_decode_parallel`]'s error when the feature is off; the `compare`
    /// binary prints such rows as "n/a".
    pub const NOT_BUILT: &str = "n/a (build wasmbin-benches with --features parallel)";
}

/// The floor of the lazy modes: one copy of the input into a fresh output buffer, which is
/// what an untouched module or component must at least cost to write.
pub fn one_copy(input: Vec<u8>) -> Outcome {
    let mut out = Vec::with_capacity(input.len());
    out.extend_from_slice(&input);
    Ok(std::hint::black_box(out).len() as u64)
}

/// wasmbin 0.10.0 from crates.io, the published ancestor.
pub mod wasmbin_010 {
    use super::*;
    use ::wasmbin_010::visit::Visit;
    use ::wasmbin_010::Module;

    /// `Module::decode_from` (which copies section bytes out of the reader) and encode of the
    /// untouched module.
    pub fn lazy_roundtrip(input: Vec<u8>) -> Outcome {
        let module = Module::decode_from(&input[..]).map_err(text)?;
        let out = module
            .encode_into(Vec::with_capacity(input.len()))
            .map_err(text)?;
        Ok(out.len() as u64)
    }

    /// Decodes every lazy part: a visit that forces each blob (the way its own benches do).
    pub fn full_decode(input: Vec<u8>) -> Outcome {
        let module = Module::decode_from(&input[..]).map_err(text)?;
        module
            .visit(|()| {})
            .map_err(|err| text(::wasmbin_010::io::DecodeError::from(err)))?;
        Ok(module.sections.len() as u64)
    }

    /// Decodes everything through a mutable visit, which marks every lazy part modified, so
    /// the encode writes each one from its value.
    pub fn full_roundtrip(input: Vec<u8>) -> Outcome {
        let mut module = Module::decode_from(&input[..]).map_err(text)?;
        module
            .visit_mut(|_: &mut ()| {})
            .map_err(|err| text(::wasmbin_010::io::DecodeError::from(err)))?;
        let out = module
            .encode_into(Vec::with_capacity(input.len()))
            .map_err(text)?;
        Ok(out.len() as u64)
    }
}

/// wasmparser 0.263: a borrowing, streaming reader.
pub mod wasmparser_read {
    use super::*;

    /// Reads every operator of a constant expression.
    fn const_expr(expr: &ConstExpr<'_>) -> wasmparser::Result<u64> {
        operators(expr.get_operators_reader())
    }

    fn operators(mut reader: OperatorsReader<'_>) -> wasmparser::Result<u64> {
        let mut count = 0;
        while !reader.eof() {
            std::hint::black_box(reader.read()?);
            count += 1;
        }
        reader.finish()?;
        Ok(count)
    }

    /// Reads every item of every section, calling `body` on each function body. Of the custom
    /// sections that wasmbin decodes, those wasmparser has readers for are read too (`name`,
    /// `producers`, branch hints, `dylink.0`); the rest stay bytes.
    pub fn read_module<'a>(
        input: &'a [u8],
        mut body: impl FnMut(FunctionBody<'a>) -> Result<u64, Failure>,
    ) -> Result<u64, Failure> {
        let mut count = 0u64;
        for payload in Parser::new(0).parse_all(input) {
            count += match payload? {
                Payload::TypeSection(reader) => {
                    let mut n = 0;
                    for group in reader {
                        n += group?.types().len() as u64;
                    }
                    n
                }
                Payload::ImportSection(reader) => {
                    let mut n = 0;
                    for imports in reader {
                        n += match imports? {
                            Imports::Single(_, import) => {
                                std::hint::black_box(import);
                                1
                            }
                            Imports::Compact1 { items, .. } => items
                                .into_iter()
                                .try_fold(0, |n, item| item.map(|_| n + 1))?,
                            Imports::Compact2 { names, .. } => names
                                .into_iter()
                                .try_fold(0, |n, name| name.map(|_| n + 1))?,
                        };
                    }
                    n
                }
                Payload::FunctionSection(reader) => {
                    reader.into_iter().try_fold(0, |n, f| f.map(|_| n + 1))?
                }
                Payload::TableSection(reader) => {
                    let mut n = 0;
                    for table in reader {
                        if let TableInit::Expr(expr) = table?.init {
                            n += const_expr(&expr)?;
                        }
                        n += 1;
                    }
                    n
                }
                Payload::MemorySection(reader) => {
                    reader.into_iter().try_fold(0, |n, m| m.map(|_| n + 1))?
                }
                Payload::TagSection(reader) => {
                    reader.into_iter().try_fold(0, |n, t| t.map(|_| n + 1))?
                }
                Payload::GlobalSection(reader) => {
                    let mut n = 0;
                    for global in reader {
                        n += 1 + const_expr(&global?.init_expr)?;
                    }
                    n
                }
                Payload::ExportSection(reader) => {
                    reader.into_iter().try_fold(0, |n, e| e.map(|_| n + 1))?
                }
                Payload::ElementSection(reader) => {
                    let mut n = 0;
                    for element in reader {
                        let element = element?;
                        if let ElementKind::Active { offset_expr, .. } = &element.kind {
                            n += const_expr(offset_expr)?;
                        }
                        match element.items {
                            ElementItems::Functions(items) => {
                                for item in items {
                                    item?;
                                    n += 1;
                                }
                            }
                            ElementItems::Expressions(_, items) => {
                                for item in items {
                                    n += const_expr(&item?)?;
                                }
                            }
                        }
                    }
                    n
                }
                Payload::DataSection(reader) => {
                    let mut n = 0;
                    for data in reader {
                        let data = data?;
                        if let DataKind::Active { offset_expr, .. } = &data.kind {
                            n += const_expr(offset_expr)?;
                        }
                        n += 1;
                    }
                    n
                }
                Payload::CodeSectionEntry(function) => body(function)?,
                Payload::CustomSection(reader) => match reader.as_known() {
                    KnownCustom::Name(names) => {
                        let mut n = 0;
                        for name in names {
                            n += name_subsection(name?)?;
                        }
                        n
                    }
                    KnownCustom::Producers(fields) => {
                        let mut n = 0;
                        for field in fields {
                            for value in field?.values {
                                std::hint::black_box(value?);
                                n += 1;
                            }
                        }
                        n
                    }
                    KnownCustom::BranchHints(functions) => {
                        let mut n = 0;
                        for function in functions {
                            for hint in function?.hints {
                                std::hint::black_box(hint?);
                                n += 1;
                            }
                        }
                        n
                    }
                    KnownCustom::Dylink0(subsections) => {
                        let mut n = 0;
                        for subsection in subsections {
                            std::hint::black_box(subsection?);
                            n += 1;
                        }
                        n
                    }
                    _ => 1,
                },
                // Components (nested modules come as payloads of their own).
                Payload::InstanceSection(reader) => items(reader)?,
                Payload::CoreTypeSection(reader) => items(reader)?,
                Payload::ComponentInstanceSection(reader) => items(reader)?,
                Payload::ComponentAliasSection(reader) => items(reader)?,
                Payload::ComponentTypeSection(reader) => items(reader)?,
                Payload::ComponentCanonicalSection(reader) => items(reader)?,
                Payload::ComponentImportSection(reader) => items(reader)?,
                Payload::ComponentExportSection(reader) => items(reader)?,
                _ => 1,
            };
        }
        Ok(count)
    }

    /// Reads every item of a section.
    fn items<'a, T: wasmparser::FromReader<'a>>(
        reader: wasmparser::SectionLimited<'a, T>,
    ) -> wasmparser::Result<u64> {
        let mut n = 0;
        for item in reader {
            std::hint::black_box(item?);
            n += 1;
        }
        Ok(n)
    }

    fn name_subsection(name: Name<'_>) -> wasmparser::Result<u64> {
        let mut n = 0;
        match name {
            Name::Module { .. } | Name::Unknown { .. } => n += 1,
            Name::Function(map)
            | Name::Type(map)
            | Name::Table(map)
            | Name::Memory(map)
            | Name::Global(map)
            | Name::Element(map)
            | Name::Data(map)
            | Name::Tag(map) => {
                for naming in map {
                    naming?;
                    n += 1;
                }
            }
            Name::Local(map)
            | Name::Label(map)
            | Name::Field(map)
            | Name::Parameter(map)
            | Name::TagParameter(map) => {
                for indirect in map {
                    for naming in indirect?.names {
                        naming?;
                        n += 1;
                    }
                }
            }
        }
        Ok(n)
    }

    fn locals<'a>(body: &FunctionBody<'a>) -> wasmparser::Result<(u64, OperatorsReader<'a>)> {
        let mut locals = body.get_locals_reader()?;
        let count = locals.get_count();
        for _ in 0..count {
            std::hint::black_box(locals.read()?);
        }
        let reader = OperatorsReader::new(locals.get_binary_reader());
        Ok((u64::from(count), reader))
    }

    /// Reads every item of every section and every `Operator` of every body.
    pub fn operators_all(input: Vec<u8>) -> Outcome {
        read_module(&input, |body| {
            let (n, reader) = locals(&body)?;
            Ok(n + operators(reader)?)
        })
        .map_err(|f| f.0)
    }

    /// Like [`operators_all`] but each body goes through a visitor whose methods do nothing,
    /// so no `Operator` value is built: the floor of what reading the bytes costs.
    pub fn noop_visitor(input: Vec<u8>) -> Outcome {
        read_module(&input, |body| {
            let (n, mut reader) = locals(&body)?;
            let mut visitor = NoOp;
            let mut count = n;
            while !reader.eof() {
                reader.visit_operator(&mut visitor)?;
                count += 1;
            }
            reader.finish()?;
            Ok(count)
        })
        .map_err(|f| f.0)
    }

    /// Reads every item of every section and converts every body into owned values:
    /// locals into `wasm_encoder::ValType`s and operators into a `Vec` of
    /// `wasm_encoder::Instruction`s (with `RoundtripReencoder::instruction`), all kept
    /// until the end like a decoded module would be.
    pub fn into_instructions(input: Vec<u8>) -> Outcome {
        let mut reencoder = RoundtripReencoder;
        let mut bodies = Vec::new();
        let count = read_module(&input, |body| {
            let mut locals = body.get_locals_reader()?;
            let mut declared = Vec::with_capacity(locals.get_count() as usize);
            for _ in 0..locals.get_count() {
                let (count, ty) = locals.read()?;
                let ty = reencoder.val_type(ty)?;
                declared.push((count, ty));
            }
            let mut reader = OperatorsReader::new(locals.get_binary_reader());
            let mut instructions = Vec::new();
            while !reader.eof() {
                instructions.push(reencoder.instruction(reader.read()?)?);
            }
            reader.finish()?;
            let n = instructions.len() as u64;
            bodies.push((declared, instructions));
            Ok(n)
        })
        .map_err(|f| f.0)?;
        drop(std::hint::black_box(bodies));
        Ok(count)
    }

    /// Sections read sequentially, function bodies' operators read in parallel with rayon
    /// (on all cores of its global pool).
    pub fn operators_parallel(input: Vec<u8>) -> Outcome {
        let mut bodies = Vec::new();
        let count = read_module(&input, |body| {
            bodies.push(body);
            Ok(0)
        })
        .map_err(|f| f.0)?;
        let ops = bodies
            .into_par_iter()
            .map(|body| {
                let (n, reader) = locals(&body)?;
                Ok(n + operators(reader)?)
            })
            .try_reduce(|| 0, |a, b| Ok(a + b))
            .map_err(|err: Failure| err.0)?;
        Ok(count + ops)
    }

    /// The closest wasmparser/wasm-encoder analogue of a lazy round trip: split the module
    /// into sections and copy each one as a `wasm_encoder::RawSection`.
    pub fn raw_sections(input: Vec<u8>) -> Outcome {
        let mut module = wasm_encoder::Module::new();
        for payload in Parser::new(0).parse_all(&input) {
            let payload = payload.map_err(text)?;
            if let Some((id, range)) = payload.as_section() {
                module.section(&wasm_encoder::RawSection {
                    id,
                    data: &input[range.start as usize..range.end as usize],
                });
            }
        }
        Ok(module.finish().len() as u64)
    }
}

/// A `VisitOperator` that does nothing for every operator (SIMD included).
pub struct NoOp;

macro_rules! noop_visit {
    ($(@$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*))*) => {
        $(
            #[inline(always)]
            fn $visit(&mut self $($(, $arg: $argty)*)?) {
                $($(let _ = $arg;)*)?
            }
        )*
    };
}

impl<'a> VisitOperator<'a> for NoOp {
    type Output = ();

    fn simd_visitor(
        &mut self,
    ) -> Option<&mut dyn wasmparser::VisitSimdOperator<'a, Output = Self::Output>> {
        Some(self)
    }

    wasmparser::for_each_visit_operator!(noop_visit);
}

impl wasmparser::VisitSimdOperator<'_> for NoOp {
    wasmparser::for_each_visit_simd_operator!(noop_visit);
}

/// wasm-encoder 0.263's `RoundtripReencoder`: parse with wasmparser, re-encode everything.
pub mod wasm_encoder_reencode {
    use super::*;

    /// `parse_core_module` into a fresh `wasm_encoder::Module`, then `finish`.
    pub fn full_roundtrip(input: Vec<u8>) -> Outcome {
        let mut module = wasm_encoder::Module::new();
        RoundtripReencoder
            .parse_core_module(&mut module, Parser::new(0), &input)
            .map_err(|err| chain(&err))?;
        Ok(module.finish().len() as u64)
    }
}

/// walrus 0.28 (default features: no parallelism). `Module::from_buffer` also validates.
pub mod walrus_ir {
    use super::*;

    /// `Module::from_buffer` into walrus' IR.
    pub fn full_decode(input: Vec<u8>) -> Outcome {
        let module = walrus::Module::from_buffer(&input).map_err(|err| format!("{err:#}"))?;
        Ok(module.funcs.iter().count() as u64)
    }

    /// `Module::from_buffer`, then `emit_wasm`.
    pub fn full_roundtrip(input: Vec<u8>) -> Outcome {
        let mut module = walrus::Module::from_buffer(&input).map_err(|err| format!("{err:#}"))?;
        Ok(module.emit_wasm().len() as u64)
    }
}
