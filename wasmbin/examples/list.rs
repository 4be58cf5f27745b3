//! `list IN`: the imports and exports of a module with their types in the text format.

use std::error::Error;
use std::fmt::Write;
use wasmbin::Module;

/// One line per import (`import "env" "log" (func (param i32))`) and per export
/// (`export "add" (func (param i32 i32) (result i32))`); names are quoted and escaped.
pub fn list(input: &[u8]) -> Result<String, Box<dyn Error>> {
    let module = Module::decode_from(input)?;
    let mut out = String::new();
    for (module, name, ty) in module.imports()? {
        writeln!(out, "import {module:?} {name:?} {ty}")?;
    }
    for (export, ty) in module.exports()? {
        writeln!(out, "export {:?} {ty}", export.name)?;
    }
    Ok(out)
}

fn main() -> Result<(), Box<dyn Error>> {
    let input = std::env::args().nth(1).ok_or("usage: list IN")?;
    print!("{}", list(&std::fs::read(input)?)?);
    Ok(())
}
