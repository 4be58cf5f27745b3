//! `instrument IN OUT`: adds the import `env.trace(i32)` and calls it at the entry of every
//! defined function with that function's index in the input module. Indices after the new
//! import shift everywhere (calls, exports, elements, names, branch hints); bodies keep
//! their branch hints on the same instructions.

use std::error::Error;
use wasmbin::instructions::Instruction::{Call, I32Const};
use wasmbin::types::{FuncType, ValueType};
use wasmbin::Module;

/// The instrumented module.
pub fn instrument(input: &[u8]) -> Result<Vec<u8>, Box<dyn Error>> {
    let mut module = Module::decode_from(input)?;
    let ty = FuncType {
        params: vec![ValueType::I32],
        results: vec![],
    };
    let trace = module.add_func_import("env", "trace", ty)?;
    module.edit_bodies(|func, body| {
        // Every defined function moved up by one: the new import comes before it.
        let entry = [I32Const(func.0 as i32 - 1).into(), Call(trace).into()];
        body.instructions.splice(0..0, entry);
    })?;
    Ok(module.encode_into(Vec::new())?)
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, input, output] = &args[..] else {
        return Err("usage: instrument IN OUT".into());
    };
    std::fs::write(output, instrument(&std::fs::read(input)?)?)?;
    Ok(())
}
