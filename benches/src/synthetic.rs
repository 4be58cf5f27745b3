//! Deterministic input modules that exist without downloads.
//!
//! * [`code_module`]: a few MB of ordinary compiled-looking code built with `wasm-encoder`:
//!   thousands of functions mixing integer and float arithmetic, loads and stores, calls
//!   (direct and indirect), `if`/`else`, loops, `br_table`, globals, plus a table, data
//!   segments, exports and a `name` section. Every function is well typed, so validating
//!   peers (walrus) accept it.
//! * [`smith_module`]: one `wasm-smith` module from a fixed seed, restricted to the widely
//!   implemented proposals (SIMD, bulk memory, reference types, multi-value, sign extension,
//!   saturating conversions) so that every peer can read it.
//!
//! Both depend only on pinned crate versions and a fixed seed, so they are the same bytes on
//! every machine.

use std::borrow::Cow;
use wasm_encoder::{
    BlockType, CodeSection, ConstExpr, DataSection, ElementSection, Elements, EntityType,
    ExportKind, ExportSection, Function, FunctionSection, GlobalSection, GlobalType, ImportSection,
    IndirectNameMap, Instruction, MemArg, MemArgTarget, MemorySection, MemoryType, NameMap,
    NameSection, RefType, TableSection, TableType, TypeSection, ValType,
};

/// The generator of the synthetic modules (SplitMix64): the same seed gives the same module.
pub use wasmbin_testkit::Rng;

/// A constant shaped like those of compiled code: mostly small, sometimes large.
fn compiled_constant(rng: &mut Rng) -> i64 {
    match rng.below(10) {
        0..=5 => i64::from(rng.below(64)),
        6..=7 => i64::from(rng.below(65_536)) - 1024,
        _ => rng.next_u64() as i64,
    }
}

/// The function signatures the code module uses.
const SIGNATURES: &[(&[ValType], &[ValType])] = &[
    (&[ValType::I32, ValType::I32], &[ValType::I32]),
    (&[ValType::I32], &[]),
    (&[ValType::I64, ValType::I32], &[ValType::I64]),
    (&[ValType::F64, ValType::F64], &[ValType::F64]),
    (&[], &[]),
    (&[ValType::I32, ValType::I64, ValType::F64], &[ValType::I32]),
];
/// Types of the defined functions are drawn from these (weights: index repeated).
const DEFINED_TYPES: &[u32] = &[0, 0, 0, 1, 1, 2, 3, 4, 5, 5];
/// Imported functions: `env.log` (type 1) and `env.mix` (type 0).
const IMPORTS: &[(&str, u32)] = &[("log", 1), ("mix", 0)];
/// Locals each function declares after its parameters.
const LOCALS: &[(u32, ValType)] = &[(4, ValType::I32), (2, ValType::I64), (2, ValType::F64)];

struct ModuleShape {
    /// Type index of every function, imports first.
    func_types: Vec<u32>,
    /// Function indices by type index.
    by_type: Vec<Vec<u32>>,
}

struct Body<'a> {
    rng: &'a mut Rng,
    shape: &'a ModuleShape,
    /// Value type of every local, parameters first.
    locals: Vec<ValType>,
    insts: Vec<Instruction<'static>>,
    /// Enclosing blocks, for branch depths.
    depth: u32,
}

fn mem(offset: u64, align: u32) -> MemArg {
    MemArg {
        offset,
        align,
        target: MemArgTarget::Memory(0),
        ordering: None,
    }
}

impl Body<'_> {
    fn push(&mut self, inst: Instruction<'static>) {
        self.insts.push(inst);
    }

    fn local_of(&mut self, ty: ValType) -> Option<u32> {
        let candidates: Vec<u32> = (0..self.locals.len() as u32)
            .filter(|&i| self.locals[i as usize] == ty)
            .collect();
        if candidates.is_empty() {
            None
        } else {
            Some(candidates[self.rng.below(candidates.len() as u32) as usize])
        }
    }

    fn offset(&mut self) -> u64 {
        u64::from(self.rng.below(64) * 4)
    }

    /// Pushes instructions that leave one value of type `ty` on the stack.
    fn expr(&mut self, ty: ValType, depth: u32) {
        let leaf = depth == 0 || self.rng.chance(30);
        if leaf {
            match self.local_of(ty) {
                Some(local) if self.rng.chance(70) => self.push(Instruction::LocalGet(local)),
                _ => self.constant(ty),
            }
            return;
        }
        let d = depth - 1;
        match ty {
            ValType::I32 => match self.rng.below(12) {
                0..=3 => {
                    self.expr(ValType::I32, d);
                    self.expr(ValType::I32, d);
                    const OPS: [Instruction<'static>; 11] = [
                        Instruction::I32Add,
                        Instruction::I32Sub,
                        Instruction::I32Mul,
                        Instruction::I32And,
                        Instruction::I32Or,
                        Instruction::I32Xor,
                        Instruction::I32Shl,
                        Instruction::I32ShrU,
                        Instruction::I32Eq,
                        Instruction::I32LtS,
                        Instruction::I32Ne,
                    ];
                    let op = OPS[self.rng.below(OPS.len() as u32) as usize].clone();
                    self.push(op);
                }
                4..=5 => {
                    self.expr(ValType::I32, d);
                    let offset = self.offset();
                    let load = match self.rng.below(3) {
                        0 => Instruction::I32Load(mem(offset, 2)),
                        1 => Instruction::I32Load8U(mem(offset, 0)),
                        _ => Instruction::I32Load16S(mem(offset, 1)),
                    };
                    self.push(load);
                }
                6 => {
                    self.expr(ValType::I64, d);
                    self.push(Instruction::I32WrapI64);
                }
                7 => {
                    self.expr(ValType::F64, d);
                    self.expr(ValType::F64, d);
                    self.push(Instruction::F64Lt);
                }
                8 => {
                    self.expr(ValType::I32, d);
                    self.push(Instruction::I32Eqz);
                }
                9 => self.call(0, d),
                10 => self.push(Instruction::GlobalGet(0)),
                _ => {
                    self.expr(ValType::I32, d);
                    self.expr(ValType::I32, d);
                    self.expr(ValType::I32, d);
                    self.push(Instruction::Select);
                }
            },
            ValType::I64 => match self.rng.below(8) {
                0..=2 => {
                    self.expr(ValType::I64, d);
                    self.expr(ValType::I64, d);
                    const OPS: [Instruction<'static>; 6] = [
                        Instruction::I64Add,
                        Instruction::I64Sub,
                        Instruction::I64Mul,
                        Instruction::I64And,
                        Instruction::I64Xor,
                        Instruction::I64ShrS,
                    ];
                    let op = OPS[self.rng.below(OPS.len() as u32) as usize].clone();
                    self.push(op);
                }
                3 => {
                    self.expr(ValType::I32, d);
                    let offset = self.offset();
                    self.push(Instruction::I64Load(mem(offset, 3)));
                }
                4 => {
                    self.expr(ValType::I32, d);
                    self.push(Instruction::I64ExtendI32U);
                }
                5 => self.call(2, d),
                6 => self.push(Instruction::GlobalGet(1)),
                _ => {
                    self.expr(ValType::I64, d);
                    self.push(Instruction::I64Popcnt);
                }
            },
            _ => match self.rng.below(7) {
                0..=2 => {
                    self.expr(ValType::F64, d);
                    self.expr(ValType::F64, d);
                    const OPS: [Instruction<'static>; 4] = [
                        Instruction::F64Add,
                        Instruction::F64Mul,
                        Instruction::F64Div,
                        Instruction::F64Min,
                    ];
                    let op = OPS[self.rng.below(OPS.len() as u32) as usize].clone();
                    self.push(op);
                }
                3 => {
                    self.expr(ValType::I32, d);
                    let offset = self.offset();
                    self.push(Instruction::F64Load(mem(offset, 3)));
                }
                4 => {
                    self.expr(ValType::I32, d);
                    self.push(Instruction::F64ConvertI32S);
                }
                5 => self.call(3, d),
                _ => {
                    self.expr(ValType::F64, d);
                    self.push(Instruction::F64Sqrt);
                }
            },
        }
    }

    fn constant(&mut self, ty: ValType) {
        let value = compiled_constant(self.rng);
        self.push(match ty {
            ValType::I32 => Instruction::I32Const(value as i32),
            ValType::I64 => Instruction::I64Const(value),
            _ => Instruction::F64Const((value as f64 / 16.0).into()),
        });
    }

    /// Calls a function of type `ty` with generated arguments, leaving its results.
    fn call(&mut self, ty: u32, depth: u32) {
        let (params, _) = SIGNATURES[ty as usize];
        for &param in params {
            self.expr(param, depth.min(1));
        }
        let targets = &self.shape.by_type[ty as usize];
        let target = targets[self.rng.below(targets.len() as u32) as usize];
        self.push(Instruction::Call(target));
    }

    /// Pushes one statement: instructions that leave the stack as they found it.
    fn statement(&mut self, nesting: u32) {
        let kinds = if nesting >= 3 { 6 } else { 10 };
        match self.rng.below(kinds) {
            0..=1 => {
                let ty = [ValType::I32, ValType::I32, ValType::I64, ValType::F64]
                    [self.rng.below(4) as usize];
                if let Some(local) = self.local_of(ty) {
                    self.expr(ty, 3);
                    if self.rng.chance(20) {
                        self.push(Instruction::LocalTee(local));
                        self.push(Instruction::Drop);
                    } else {
                        self.push(Instruction::LocalSet(local));
                    }
                }
            }
            2 => {
                self.expr(ValType::I32, 2);
                let ty = [ValType::I32, ValType::I64, ValType::F64][self.rng.below(3) as usize];
                self.expr(ty, 2);
                let offset = self.offset();
                let byte = self.rng.chance(30);
                self.push(match ty {
                    ValType::I32 if byte => Instruction::I32Store8(mem(offset, 0)),
                    ValType::I32 => Instruction::I32Store(mem(offset, 2)),
                    ValType::I64 => Instruction::I64Store(mem(offset, 3)),
                    _ => Instruction::F64Store(mem(offset, 3)),
                });
            }
            3 => {
                let ty = DEFINED_TYPES[self.rng.below(DEFINED_TYPES.len() as u32) as usize];
                self.call(ty, 2);
                for _ in SIGNATURES[ty as usize].1 {
                    self.push(Instruction::Drop);
                }
            }
            4 => {
                self.expr(ValType::I32, 2);
                self.push(Instruction::GlobalSet(0));
            }
            5 => {
                // An indirect call through the table, of type (i32) -> ().
                self.expr(ValType::I32, 1);
                self.expr(ValType::I32, 1);
                self.push(Instruction::CallIndirect {
                    type_index: 1,
                    table_index: 0,
                });
            }
            6..=7 => {
                self.expr(ValType::I32, 2);
                self.push(Instruction::If(BlockType::Empty));
                self.block_body(nesting + 1, 1, 4);
                if self.rng.chance(50) {
                    self.push(Instruction::Else);
                    self.block_body(nesting + 1, 1, 3);
                }
                self.push(Instruction::End);
            }
            8 => {
                self.push(Instruction::Block(BlockType::Empty));
                self.push(Instruction::Loop(BlockType::Empty));
                self.depth += 2;
                let count = 1 + self.rng.below(5);
                for _ in 0..count {
                    self.statement(nesting + 1);
                }
                self.expr(ValType::I32, 2);
                self.push(Instruction::BrIf(0));
                self.depth -= 2;
                self.push(Instruction::End);
                self.push(Instruction::End);
            }
            _ => {
                // A switch: nested blocks left by `br_table`.
                let cases = 2 + self.rng.below(4);
                for _ in 0..cases {
                    self.push(Instruction::Block(BlockType::Empty));
                }
                self.depth += cases;
                self.expr(ValType::I32, 1);
                let targets: Vec<u32> = (0..cases).map(|_| self.rng.below(cases)).collect();
                self.push(Instruction::BrTable(Cow::Owned(targets), cases - 1));
                for _ in 0..cases {
                    self.push(Instruction::End);
                    self.depth -= 1;
                    self.statement(nesting + 1);
                }
            }
        }
    }

    fn block_body(&mut self, nesting: u32, min: u32, max: u32) {
        self.depth += 1;
        let count = min + self.rng.below(max - min + 1);
        for _ in 0..count {
            self.statement(nesting);
        }
        if self.depth > 1 && self.rng.chance(10) {
            self.expr(ValType::I32, 1);
            let label = self.rng.below(self.depth);
            self.push(Instruction::BrIf(label));
        }
        self.depth -= 1;
    }
}

/// Target size of [`code_module`]'s function bodies, in bytes.
pub const CODE_MODULE_TARGET: usize = 4 << 20;

/// A module of about [`CODE_MODULE_TARGET`] bytes of code (see the module docs).
pub fn code_module() -> Vec<u8> {
    let mut rng = Rng::new(0x005E_ED0F_C0DE);
    let defined = 4_000u32;
    let imports = IMPORTS.len() as u32;
    let mut func_types: Vec<u32> = IMPORTS.iter().map(|&(_, ty)| ty).collect();
    for _ in 0..defined {
        func_types.push(DEFINED_TYPES[rng.below(DEFINED_TYPES.len() as u32) as usize]);
    }
    let mut by_type = vec![Vec::new(); SIGNATURES.len()];
    for (index, &ty) in func_types.iter().enumerate() {
        by_type[ty as usize].push(index as u32);
    }
    let shape = ModuleShape {
        func_types,
        by_type,
    };

    let mut types = TypeSection::new();
    for &(params, results) in SIGNATURES {
        types
            .ty()
            .function(params.iter().copied(), results.iter().copied());
    }
    let mut import_section = ImportSection::new();
    for &(name, ty) in IMPORTS {
        import_section.import("env", name, EntityType::Function(ty));
    }
    let mut functions = FunctionSection::new();
    let mut code = CodeSection::new();
    let mut local_names = IndirectNameMap::new();
    // Bodies average a little over 1 KB; a few are much larger, as in real programs.
    let per_function = CODE_MODULE_TARGET / defined as usize;
    for index in imports..imports + defined {
        let ty = shape.func_types[index as usize];
        functions.function(ty);
        let (params, results) = SIGNATURES[ty as usize];
        let mut locals: Vec<ValType> = params.to_vec();
        for &(count, ty) in LOCALS {
            locals.extend(std::iter::repeat_n(ty, count as usize));
        }
        let budget = if rng.chance(2) {
            per_function * 12
        } else {
            per_function / 2 + rng.below(per_function as u32) as usize
        };
        let mut body = Body {
            rng: &mut rng,
            shape: &shape,
            locals,
            insts: Vec::new(),
            depth: 0,
        };
        // Roughly 3 bytes per instruction.
        while body.insts.len() * 3 < budget {
            body.statement(0);
        }
        for &result in results {
            body.expr(result, 2);
        }
        body.push(Instruction::End);
        let mut function = Function::new(LOCALS.iter().copied());
        for inst in &body.insts {
            function.instruction(inst);
        }
        code.function(&function);
        if index % 7 == 0 {
            let mut names = NameMap::new();
            for local in 0..body.locals.len() as u32 {
                names.append(local, &format!("var{local}"));
            }
            local_names.append(index, &names);
        }
    }

    let mut tables = TableSection::new();
    let table_size = u64::from(imports + defined);
    tables.table(TableType {
        element_type: RefType::FUNCREF,
        table64: false,
        minimum: table_size,
        maximum: Some(table_size),
        shared: false,
    });
    let mut memories = MemorySection::new();
    memories.memory(MemoryType {
        minimum: 64,
        maximum: None,
        memory64: false,
        shared: false,
        page_size_log2: None,
    });
    let mut globals = GlobalSection::new();
    let global = |val_type, mutable| GlobalType {
        val_type,
        mutable,
        shared: false,
    };
    globals.global(global(ValType::I32, true), &ConstExpr::i32_const(65_536));
    globals.global(global(ValType::I64, true), &ConstExpr::i64_const(0));
    globals.global(
        global(ValType::F64, false),
        &ConstExpr::f64_const(1.5.into()),
    );
    let mut exports = ExportSection::new();
    exports.export("memory", ExportKind::Memory, 0);
    for index in (imports..imports + defined).step_by(10) {
        exports.export(&format!("export_{index}"), ExportKind::Func, index);
    }
    let mut elements = ElementSection::new();
    let all: Vec<u32> = (0..imports + defined).collect();
    elements.active(
        None,
        &ConstExpr::i32_const(0),
        Elements::Functions(Cow::Borrowed(&all)),
    );
    let mut data = DataSection::new();
    let mut offset = 1024;
    for segment in 0..40 {
        let len = 1000 + rng.below(8000) as usize;
        let bytes: Vec<u8> = (0..len)
            .map(|i| match (segment + i) % 5 {
                0..=2 => b"abcdefghijklmnopqrstuvwxyz _"[rng.below(28) as usize],
                3 => 0,
                _ => rng.below(256) as u8,
            })
            .collect();
        data.active(0, &ConstExpr::i32_const(offset), bytes);
        offset += len as i32 + 16;
    }
    let mut function_names = NameMap::new();
    for (index, &(name, _)) in IMPORTS.iter().enumerate() {
        function_names.append(index as u32, name);
    }
    for index in imports..imports + defined {
        function_names.append(index, &format!("module::path::function_{index}"));
    }
    let mut names = NameSection::new();
    names.module("synthetic");
    names.functions(&function_names);
    names.locals(&local_names);

    let mut module = wasm_encoder::Module::new();
    module
        .section(&types)
        .section(&import_section)
        .section(&functions)
        .section(&tables)
        .section(&memories)
        .section(&globals)
        .section(&exports)
        .section(&elements)
        .section(&code)
        .section(&data)
        .section(&names);
    module.finish()
}

/// A `wasm-smith` module from a fixed seed (see the module docs).
pub fn smith_module() -> Vec<u8> {
    let mut rng = Rng::new(0x5317_4000);
    let seed: Vec<u8> = (0..16 << 20).map(|_| rng.next_u64() as u8).collect();
    // Not `wasmbin_testkit::smith_config` on purpose: that one turns on every proposal
    // wasmbin reads, which the peers compared here (walrus, wasmbin 0.10, wasmparser 0.245) do
    // not all read; this one keeps to the widely implemented proposals, and is fixed rather
    // than arbitrary so that the benchmark input stays the same bytes.
    let mut config = wasm_smith::Config {
        min_funcs: 1_000,
        max_funcs: 1_500,
        max_instructions: 2_000,
        min_types: 20,
        max_types: 60,
        max_imports: 20,
        max_exports: 100,
        max_data_segments: 20,
        max_element_segments: 10,
        max_nesting_depth: 8,
        gc_enabled: false,
        exceptions_enabled: false,
        threads_enabled: false,
        tail_call_enabled: false,
        memory64_enabled: false,
        relaxed_simd_enabled: false,
        wide_arithmetic_enabled: false,
        extended_const_enabled: false,
        custom_page_sizes_enabled: false,
        compact_imports_enabled: false,
        ..wasm_smith::Config::default()
    };
    config.max_memories = 1;
    config.max_tables = 1;
    let mut u = arbitrary::Unstructured::new(&seed);
    match wasm_smith::Module::new(config, &mut u) {
        Ok(module) => module.to_bytes(),
        Err(err) => panic!("wasm-smith failed on its fixed seed: {err}"),
    }
}

/// The synthetic set: `(name, bytes)` of every generated module.
pub fn synthetic_set() -> Vec<(String, Vec<u8>)> {
    vec![
        ("synthetic-code".to_string(), code_module()),
        ("synthetic-smith".to_string(), smith_module()),
    ]
}
