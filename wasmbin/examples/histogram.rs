//! `histogram IN`: how often each instruction occurs over all function bodies, most
//! frequent first.

use std::collections::HashMap;
use std::error::Error;
use wasmbin::instructions::Instruction;
use wasmbin::visit::Visit;
use wasmbin::{payload, Module};

/// Counts by instruction name, most frequent first (ties by name).
pub fn histogram(input: &[u8]) -> Result<Vec<(String, u64)>, Box<dyn Error>> {
    let module = Module::decode_from(input)?;
    let mut counts = HashMap::new();
    if let Some(code) = module.find_std_section::<payload::Code>() {
        code.visit(|instruction: &Instruction| {
            *counts.entry(name(instruction)).or_insert(0) += 1;
        })?;
    }
    let mut counts: Vec<(String, u64)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(counts)
}

/// TEMPORARY until `Instruction::mnemonic()` exists (issue 11, item 7): the variant name,
/// cut from the `Debug` output (`I32Add`, not the spec's `i32.add`).
fn name(instruction: &Instruction) -> String {
    let debug = format!("{instruction:?}");
    debug
        .split(['(', ' ', '{'])
        .next()
        .unwrap_or_default()
        .to_owned()
}

fn main() -> Result<(), Box<dyn Error>> {
    let input = std::env::args().nth(1).ok_or("usage: histogram IN")?;
    for (name, count) in histogram(&std::fs::read(input)?)? {
        println!("{count:>10} {name}");
    }
    Ok(())
}
