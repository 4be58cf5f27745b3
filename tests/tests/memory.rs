//! Bounded memory: decoding (lazily, then every part) an input of `n` bytes never holds more
//! than `40·n + 1 MiB` of heap at once, whatever counts the input announces.
//!
//! One test function, so that nothing else allocates while it measures.

use peak_alloc::PeakAlloc;
use wasmbin::Module;
use wasmbin_tests::spec_modules;

#[global_allocator]
static ALLOCATOR: PeakAlloc = PeakAlloc;

const MIB: usize = 1 << 20;

/// Peak heap (above what was in use before) while `f` runs.
fn peak_of(f: impl FnOnce()) -> usize {
    let before = ALLOCATOR.current_usage();
    ALLOCATOR.reset_peak_usage();
    f();
    ALLOCATOR.peak_usage().saturating_sub(before)
}

/// Peak heap while decoding `input` lazily and then every part (kept with the original
/// bytes), and while decoding it into owned values (`decode_all_mut`).
fn peak_decoding(input: &[u8]) -> usize {
    let lazy_then_all = peak_of(|| {
        if let Ok(module) = Module::decode_from(input) {
            let _ = module.decode_all();
        }
    });
    let owned = peak_of(|| {
        if let Ok(mut module) = Module::decode_from(input) {
            let _ = module.decode_all_mut();
        }
    });
    lazy_then_all.max(owned)
}

fn check(name: &str, input: &[u8]) -> usize {
    let peak = peak_decoding(input);
    let bound = 40 * input.len() + MIB;
    assert!(
        peak <= bound,
        "{name}: {peak} bytes of heap for {} bytes of input (bound {bound})",
        input.len()
    );
    peak
}

/// A module whose code section holds one body, `body` (without its size).
fn with_body(body: &[u8]) -> Vec<u8> {
    let mut out = b"\0asm\x01\0\0\0\x01\x04\x01\x60\x00\x00\x03\x02\x01\x00".to_vec();
    let mut code = vec![0x01];
    leb(&mut code, body.len() as u64);
    code.extend_from_slice(body);
    out.push(0x0A);
    leb(&mut out, code.len() as u64);
    out.extend_from_slice(&code);
    out
}

fn leb(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7F) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

const HUGE: [u8; 5] = [0xFF, 0xFF, 0xFF, 0xFF, 0x0F];

#[test]
fn peak_heap_is_bounded_by_the_input_size() {
    let mut cases: Vec<(String, Vec<u8>)> = Vec::new();
    // 2^32 - 1 items announced in tiny inputs.
    let mut types = b"\0asm\x01\0\0\0\x01\x06".to_vec();
    types.extend_from_slice(&HUGE);
    types.push(0x60);
    cases.push(("type vector".into(), types));
    let mut locals = vec![0x01];
    locals.extend_from_slice(&HUGE);
    locals.extend_from_slice(&[0x7F, 0x0B]);
    cases.push(("locals count".into(), with_body(&locals)));
    let mut local_runs = HUGE.to_vec();
    local_runs.extend_from_slice(&[0x01, 0x7F, 0x0B]);
    cases.push(("local runs".into(), with_body(&local_runs)));
    let mut br_table = vec![0x00, 0x41, 0x00, 0x0E];
    br_table.extend_from_slice(&HUGE);
    br_table.extend_from_slice(&[0x00, 0x0B]);
    cases.push(("br_table targets".into(), with_body(&br_table)));
    let mut name = b"\0asm\x01\0\0\0\x02\x0a\x01".to_vec();
    name.extend_from_slice(&HUGE);
    name.extend_from_slice(b"ab");
    cases.push(("import name".into(), name));
    let mut custom = b"\0asm\x01\0\0\0\x00\x0a".to_vec();
    custom.extend_from_slice(&HUGE);
    custom.extend_from_slice(b"ab\x00\x00");
    cases.push(("custom section name".into(), custom));
    // Code that is nothing but one-byte instructions.
    let mut nops = vec![0x00];
    nops.extend(std::iter::repeat_n(0x01, 200_000));
    nops.push(0x0B);
    cases.push(("200 000 nops".into(), with_body(&nops)));
    let mut blocks = vec![0x00];
    for _ in 0..100_000 {
        blocks.extend_from_slice(&[0x02, 0x40]);
    }
    blocks.extend(std::iter::repeat_n(0x0B, 100_001));
    cases.push(("100 000 nested blocks".into(), with_body(&blocks)));
    for (name, input) in &cases {
        let peak = check(name, input);
        println!("{name}: {} bytes in, peak {peak} bytes", input.len());
    }

    // Every module of the spec test suite.
    let modules = spec_modules();
    let mut worst = (0.0f64, String::new());
    for (name, input) in &modules {
        let peak = check(name, input);
        if input.len() > 1000 {
            let ratio = peak as f64 / input.len() as f64;
            if ratio > worst.0 {
                worst = (ratio, name.clone());
            }
        }
    }
    println!(
        "{} spec modules within bounds; worst ratio above 1 kB: {:.1}× ({})",
        modules.len(),
        worst.0,
        worst.1
    );
}
