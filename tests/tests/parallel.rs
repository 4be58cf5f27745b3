//! `decode_all_parallel` (feature `parallel`) gives exactly what `decode_all` gives: the same
//! values, and for broken modules the same first error.

use wasmbin::Module;
use wasmbin_tests::{spec_modules, Rng};

fn compare(name: &str, bytes: &[u8]) {
    let (Ok(sequential), Ok(parallel)) = (Module::decode_from(bytes), Module::decode_from(bytes))
    else {
        return;
    };
    let a = sequential.decode_all();
    let b = parallel.decode_all_parallel();
    assert_eq!(a, b, "{name}: results differ");
    if a.is_ok() {
        assert!(sequential == parallel, "{name}: values differ");
    }
}

#[test]
fn parallel_decoding_matches_sequential() {
    let mut modules = spec_modules();
    if let Some(dir) = std::env::var_os("WASMBIN_CORPUS") {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "wasm") {
                modules.push((path.display().to_string(), std::fs::read(&path).unwrap()));
            }
        }
    }
    let mut rng = Rng::new(7);
    let mut broken = 0;
    for (name, bytes) in &modules {
        compare(name, bytes);
        // The same module with bytes of its code broken: errors must agree too.
        if bytes.len() > 64 {
            let mut corrupt = bytes.clone();
            for _ in 0..4 {
                let at = bytes.len() / 2 + rng.index(bytes.len() / 2);
                corrupt[at] = 0xFF;
            }
            if Module::decode_from(&corrupt[..]).is_ok_and(|m| m.decode_all().is_err()) {
                broken += 1;
            }
            compare(name, &corrupt);
        }
    }
    assert!(
        broken > 0,
        "some corrupted modules fail, so errors were compared"
    );
}
