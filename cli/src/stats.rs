//! `stats`: instruction counts by mnemonic, and instructions and bytes per function, of a
//! module or of each core module of a component.

use crate::{Failure, Out};
use std::collections::HashMap;
use wasmbin::component::{Component, MAX_COMPONENT_NESTING};
use wasmbin::index_space::Origin;
use wasmbin::text::Mnemonic;
use wasmbin::{Binary, Module};

/// `stats`: one report per core module (a component's nested ones in the order of the
/// binary).
pub fn command(bytes: &[u8], out: Out<'_>) -> Result<(), Failure> {
    match crate::decode(bytes)? {
        Binary::Module(module) => module_stats(&module, out),
        Binary::Component(component) => {
            let modules = core_modules(&component)?;
            writeln!(out, "component: {} core modules", modules.len())?;
            for (index, module) in modules.into_iter().enumerate() {
                writeln!(out, "\ncore module {index}:")?;
                module_stats(module, out)?;
            }
            Ok(())
        }
    }
}

/// The core modules of a component and of its nested components, in the order of the
/// binary (nested components as deep as the eager operations go).
fn core_modules(component: &Component) -> Result<Vec<&Module>, Failure> {
    let mut modules = Vec::new();
    // Components still to walk, with their depth; the next one on top.
    let mut pending = vec![(component, 0)];
    while let Some((component, depth)) = pending.pop() {
        for module in component.core_modules() {
            modules.push(module?);
        }
        if depth < MAX_COMPONENT_NESTING {
            let nested: Vec<&Component> =
                component.nested_components().collect::<Result<_, _>>()?;
            pending.extend(nested.into_iter().rev().map(|c| (c, depth + 1)));
        }
    }
    Ok(modules)
}

/// One function's figures.
struct FunctionStats<'a> {
    index: u32,
    name: Option<&'a str>,
    /// Instructions, the closing `end` included.
    instructions: usize,
    /// The body's bytes, its size prefix included.
    bytes: usize,
}

fn module_stats(module: &Module, out: Out<'_>) -> Result<(), Failure> {
    let functions = module.functions()?;
    let mut counts: HashMap<&'static str, u64> = HashMap::new();
    let mut rows = Vec::new();
    let imported = functions.len()
        - functions
            .iter()
            .filter(|f| matches!(f.origin, Origin::Defined(_)))
            .count();
    for function in &functions {
        let Origin::Defined(body) = function.origin else {
            continue;
        };
        let instructions = &body.try_contents()?.expr.instructions;
        for instruction in instructions {
            *counts.entry(instruction.mnemonic()).or_default() += 1;
        }
        // Each body's closing `end` is not in the list.
        *counts.entry("end").or_default() += 1;
        rows.push(FunctionStats {
            index: function.index.0,
            name: function.name,
            instructions: instructions.len() + 1,
            bytes: body.raw_bytes().map_or(0, <[u8]>::len),
        });
    }
    let total: u64 = counts.values().sum();
    let code_bytes: usize = rows.iter().map(|r| r.bytes).sum();
    writeln!(
        out,
        "{} functions ({imported} imported, {} defined), {total} instructions in {code_bytes} bytes of function bodies",
        functions.len(),
        rows.len()
    )?;

    let mut counts: Vec<_> = counts.into_iter().collect();
    // Most frequent first; equal counts by name.
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    writeln!(out, "instructions by mnemonic ({} kinds):", counts.len())?;
    for (mnemonic, count) in counts {
        let share = 100.0 * count as f64 / total as f64;
        writeln!(out, "  {count:>10} {share:>6.2}%  {mnemonic}")?;
    }

    writeln!(out, "functions:")?;
    writeln!(
        out,
        "  {:>8} {:>12} {:>10}  name",
        "func", "instructions", "bytes"
    )?;
    for row in rows {
        writeln!(
            out,
            "  {:>8} {:>12} {:>10}  {}",
            row.index,
            row.instructions,
            row.bytes,
            row.name.unwrap_or("-")
        )?;
    }
    Ok(())
}
