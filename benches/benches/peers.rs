//! wasmbin against its peers under criterion, for the three sequential modes of the `compare`
//! binary (lazy decode + encode, full decode, full decode + encode), on the synthetic set and,
//! when `WASMBIN_CORPUS` names a file or directory, on those modules too.
//!
//! `cargo bench -p wasmbin-benches --bench peers -- 'decode/'` runs one mode; criterion's
//! filter matches `MODE/LIBRARY/FILE`.

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use std::time::Duration;
use wasmbin_benches::{corpus_files, modes, synthetic};

fn inputs() -> Vec<(String, Vec<u8>)> {
    let mut inputs = synthetic::synthetic_set();
    match corpus_files() {
        Ok(files) => {
            for path in files {
                match std::fs::read(&path) {
                    Ok(bytes) => {
                        let name = path.file_name().unwrap_or_default().to_string_lossy();
                        inputs.push((name.into_owned(), bytes));
                    }
                    Err(err) => eprintln!("skipping {}: {err}", path.display()),
                }
            }
        }
        Err(err) => eprintln!("WASMBIN_CORPUS: {err}"),
    }
    inputs
}

fn bench(c: &mut Criterion) {
    let inputs = inputs();
    for mode in modes() {
        if mode.name == "parallel" {
            continue;
        }
        let mut group = c.benchmark_group(mode.name);
        group.sample_size(10);
        group.warm_up_time(Duration::from_secs(1));
        group.measurement_time(Duration::from_secs(5));
        for (name, bytes) in inputs.iter().filter(|(_, bytes)| mode.runs_on(bytes)) {
            group.throughput(Throughput::Bytes(bytes.len() as u64));
            for entry in &mode.entries {
                // A library that cannot read this module is left out, with a note.
                if let Err(err) = (entry.run)(bytes.clone()) {
                    eprintln!("{}/{}/{name}: skipped: {err}", mode.name, entry.library);
                    continue;
                }
                group.bench_with_input(BenchmarkId::new(entry.library, name), bytes, |b, bytes| {
                    b.iter_batched(
                        || bytes.clone(),
                        |copy| (entry.run)(copy),
                        BatchSize::LargeInput,
                    )
                });
            }
        }
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
