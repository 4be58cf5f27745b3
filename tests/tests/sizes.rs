//! Memory layout bounds that the performance design relies on.

use wasmbin::instructions::Instruction;

#[test]
fn instruction_is_at_most_16_bytes() {
    let size = std::mem::size_of::<Instruction>();
    println!("size_of::<Instruction>() = {size}");
    assert!(size <= 16, "Instruction grew to {size} bytes");
}
