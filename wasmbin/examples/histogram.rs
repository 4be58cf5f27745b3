//! `histogram IN`: how often each instruction occurs over all function bodies, most
//! frequent first.

use std::collections::HashMap;
use std::error::Error;
use wasmbin::instructions::Instruction;
use wasmbin::text::Mnemonic;
use wasmbin::visit::Visit;
use wasmbin::{payload, Module};

/// Counts by mnemonic, most frequent first (ties by name).
pub fn histogram(input: &[u8]) -> Result<Vec<(&'static str, u64)>, Box<dyn Error>> {
    let module = Module::decode_from(input)?;
    let mut counts = HashMap::new();
    if let Some(code) = module.find_std_section::<payload::Code>() {
        code.visit(|instruction: &Instruction| {
            *counts.entry(instruction.mnemonic()).or_insert(0) += 1;
        })?;
    }
    let mut counts: Vec<(&str, u64)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    Ok(counts)
}

fn main() -> Result<(), Box<dyn Error>> {
    let input = std::env::args().nth(1).ok_or("usage: histogram IN")?;
    for (name, count) in histogram(&std::fs::read(input)?)? {
        println!("{count:>10} {name}");
    }
    Ok(())
}
