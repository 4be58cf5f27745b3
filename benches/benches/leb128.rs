//! Why wasmbin reads LEB128 by hand but writes it with the `leb128` crate: the crate's
//! reader does not enforce the spec's length and unused-bit rules and goes through `io::Read`
//! one byte at a time; for writing, wasmbin only adds a one-byte fast path, and a
//! hand-written writer (one `write_all` of a stack buffer, tried and measured) gained about
//! 1.2× here but nothing in a whole module round trip. Both directions on the same integers,
//! sized like those of real modules (mostly one or two bytes, some up to five).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use wasmbin::io::{Decode, Reader};

fn values() -> Vec<u32> {
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
        out.push(value);
    }
    out
}

fn input() -> Vec<u8> {
    let mut out = Vec::new();
    for value in values() {
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

    let values = values();
    let mut group = c.benchmark_group("leb128 u32 encode");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    let mut out = Vec::with_capacity(bytes.len());
    group.bench_function("wasmbin (leb128 crate, one-byte fast path)", |b| {
        b.iter(|| {
            out.clear();
            for &value in black_box(&values) {
                wasmbin::io::write_unsigned(&mut out, value.into()).unwrap();
            }
            out.len()
        })
    });
    group.bench_function("leb128 crate (io::Write)", |b| {
        b.iter(|| {
            out.clear();
            for &value in black_box(&values) {
                leb128::write::unsigned(&mut out, value.into()).unwrap();
            }
            out.len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
