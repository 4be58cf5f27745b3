//! The synthetic inputs are what they claim to be: deterministic, and readable by every
//! library in every mode (so a table of them has no error rows). The tests that need the
//! peers run with `--features peers` (CI does).

use wasmbin_benches::synthetic;
#[cfg(feature = "peers")]
use wasmbin_benches::{modes, peers};

#[test]
fn synthetic_set_is_deterministic() {
    assert_eq!(synthetic::code_module(), synthetic::code_module());
    assert_eq!(synthetic::smith_module(), synthetic::smith_module());
}

#[test]
fn code_module_has_the_intended_size() {
    let bytes = synthetic::code_module();
    assert!(
        bytes.len() > synthetic::CODE_MODULE_TARGET / 2
            && bytes.len() < 3 * synthetic::CODE_MODULE_TARGET,
        "{} bytes",
        bytes.len()
    );
}

#[test]
fn synthetic_set_is_valid_and_wasmbin_gives_it_back() {
    for (name, bytes) in synthetic::synthetic_set() {
        wasmparser::Validator::new()
            .validate_all(&bytes)
            .unwrap_or_else(|err| panic!("{name} is invalid: {err}"));
        let module = wasmbin::Module::decode_from_bytes(bytes.clone()).unwrap();
        assert!(
            module.encode_into(Vec::new()).unwrap() == bytes,
            "{name}: lazy"
        );
        let mut module = wasmbin::Module::decode_from_bytes(bytes.clone()).unwrap();
        let warnings = module.decode_all_mut().unwrap();
        assert!(warnings.is_empty(), "{name}: {warnings:?}");
        assert!(
            module.encode_into(Vec::new()).unwrap() == bytes,
            "{name}: eager"
        );
    }
}

#[cfg(feature = "peers")]
#[test]
fn every_library_reads_the_synthetic_set() {
    for (name, bytes) in synthetic::synthetic_set() {
        for mode in modes().into_iter().filter(|mode| mode.runs_on(&bytes)) {
            for entry in &mode.entries {
                match (entry.run)(bytes.clone()) {
                    Ok(_) => {}
                    Err(err) if err == peers::wasmbin_now::NOT_BUILT => {}
                    Err(err) => panic!("{name}, {}, {}: {err}", mode.name, entry.library),
                }
            }
        }
    }
}

#[cfg(feature = "peers")]
#[test]
fn lazy_roundtrips_give_the_input_back() {
    for (name, bytes) in synthetic::synthetic_set() {
        let module = wasmbin_010::Module::decode_from(&bytes[..]).unwrap();
        assert!(
            module.encode_into(Vec::new()).unwrap() == bytes,
            "{name}: wasmbin 0.10"
        );
        let lazy = modes().into_iter().find(|m| m.name == "lazy").unwrap();
        for entry in lazy.entries {
            assert_eq!(
                (entry.run)(bytes.clone()),
                Ok(bytes.len() as u64),
                "{name}: {}",
                entry.library
            );
        }
    }
}
