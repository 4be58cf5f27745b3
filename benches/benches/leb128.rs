//! Why wasmbin decodes LEB128 by hand: the `leb128` crate (used for encoding) does not
//! enforce the spec's length and unused-bit rules, and its reader goes through `io::Read`
//! one byte at a time. This compares both on the same buffer of integers sized like those
//! of real modules (mostly one or two bytes, some up to five).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use wasmbin::io::{Decode, Reader};

fn input() -> Vec<u8> {
    let mut out = Vec::new();
    let mut x: u32 = 12345;
    for i in 0..100_000u32 {
        // A cheap deterministic mix: 60% < 128, 30% < 16384, 10% large.
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let value = match i % 10 {
            0..=5 => x % 128,
            6..=8 => x % 16_384,
            _ => x,
        };
        leb128::write::unsigned(&mut out, value.into()).unwrap();
    }
    out
}

fn bench(c: &mut Criterion) {
    let bytes = input();
    let mut group = c.benchmark_group("leb128 u32 decode");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("wasmbin (hand-written, spec rules)", |b| {
        b.iter(|| {
            let mut reader = Reader::new(black_box(&bytes));
            let mut sum = 0u64;
            while !reader.is_empty() {
                sum += u64::from(u32::decode(&mut reader).unwrap());
            }
            sum
        })
    });
    group.bench_function("leb128 crate (io::Read)", |b| {
        b.iter(|| {
            let mut slice: &[u8] = black_box(&bytes);
            let mut sum = 0u64;
            while !slice.is_empty() {
                sum += leb128::read::unsigned(&mut slice).unwrap();
            }
            sum
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
