//! The static check (wasmbin) of plugins, on hand-written plugins edited with wasmbin.

mod common;

use common::*;
use text_codec_host::{check_plugin, LoadError, Plugin, PluginMetadata, Problem};

#[test]
fn good_plugin_passes_with_its_metadata() {
    let metadata = check_plugin(&echo_plugin("echo", "pretty,compact")).unwrap();
    assert_eq!(
        metadata,
        PluginMetadata {
            abi: 2,
            codec: "echo".into(),
            params: vec!["pretty".into(), "compact".into()],
            needs: Vec::new(),
        }
    );
    assert_eq!(
        check_plugin(&echo_plugin("e", "")).unwrap().params,
        Vec::<String>::new()
    );
}

#[test]
fn the_shipped_codecs_declare_the_crates_their_code_needs() {
    let needs = |wasm: &[u8]| -> Vec<String> {
        let metadata = check_plugin(wasm).unwrap();
        metadata
            .needs
            .iter()
            .map(|n| format!("{}@{}", n.name, n.version))
            .collect()
    };
    let serde_json = include_bytes!("../../plugins/serde_json_text_codec.wasm");
    let ron = include_bytes!("../../plugins/ron_text_codec.wasm");
    assert_eq!(needs(serde_json), ["serde@1", "serde_json@1"]);
    assert_eq!(needs(ron), ["serde@1", "ron@0.12"]);
}

#[test]
fn every_import_is_named() {
    let wasm = edit(&echo_plugin("echo", ""), |module| {
        add_import(module, "env", "print");
        add_import(module, "wasi_snapshot_preview1", "fd_write");
    });
    let error = check_plugin(&wasm).unwrap_err();
    assert_eq!(
        error.problems,
        [
            Problem::Import {
                module: "env".into(),
                name: "print".into()
            },
            Problem::Import {
                module: "wasi_snapshot_preview1".into(),
                name: "fd_write".into()
            },
        ]
    );
    assert_eq!(
        error.to_string(),
        "not a usable text codec plugin: it imports `env.print` (a plugin may import nothing); \
         it imports `wasi_snapshot_preview1.fd_write` (a plugin may import nothing)."
    );
    // The check runs before wasmi: loading reports the same error.
    assert_eq!(Plugin::new(&wasm).unwrap_err(), LoadError::Check(error));
}

#[test]
fn missing_and_mistyped_exports() {
    let wasm = edit(&echo_plugin("echo", ""), |module| {
        remove_export(module, "text_codec_free");
        remove_export(module, "memory");
    });
    let error = check_plugin(&wasm).unwrap_err();
    assert_eq!(
        error.to_string(),
        "not a usable text codec plugin: it does not export `memory` (a memory); \
         it does not export `text_codec_free` (a function)."
    );

    // An export pointing to a function of the wrong type: `text_codec_expand` renamed onto
    // `$record` would be (i32, i32, i32) -> i32.
    let wat = wat_plugin(
        &metadata("w", ""),
        "",
        "(i32.const 0)",
        r#"(func (export "text_codec_alloc_") (param i64) (result i32) (i32.const 0))"#,
    );
    let wasm = edit(&wat, |module| {
        remove_export(module, "text_codec_alloc");
        let exports = module
            .find_std_section_mut::<wasmbin::payload::Export>()
            .unwrap();
        for export in exports.try_contents_mut().unwrap() {
            if export.name == "text_codec_alloc_" {
                export.name = "text_codec_alloc".into();
            }
        }
    });
    let error = check_plugin(&wasm).unwrap_err();
    assert_eq!(
        error.problems,
        [Problem::WrongSignature {
            name: "text_codec_alloc".into(),
            expected: "(i32, i32) -> i32".into(),
            found: "(i64) -> i32".into(),
        }]
    );
    assert!(error
        .to_string()
        .contains("its export `text_codec_alloc` has the signature `(i64) -> i32` instead of `(i32, i32) -> i32`"));
}

#[test]
fn start_function_is_refused() {
    let wasm = wat_plugin(
        &metadata("s", ""),
        "",
        "(i32.const 0)",
        "(func $s) (start $s)",
    );
    assert_eq!(
        check_plugin(&wasm).unwrap_err().problems,
        [Problem::StartFunction]
    );
}

#[test]
fn metadata_abi_version_and_contents() {
    let base = echo_plugin("echo", "");
    let with = |text: &str| check_plugin(&edit(&base, |m| set_metadata(m, text)));

    let error = with("abi=1\ncodec=echo\nparams=\n").unwrap_err();
    assert_eq!(error.problems, [Problem::UnsupportedAbi("1".into())]);
    assert_eq!(
        error.to_string(),
        "not a usable text codec plugin: it declares ABI version `1` but this host implements version 2."
    );

    let error = with("codec=Echo!\nparams=a b,a\n").unwrap_err();
    assert_eq!(
        error.to_string(),
        "not a usable text codec plugin: its `text-codec-metadata` section has no `abi=` line; \
         its `text-codec-metadata` section names the codec \"Echo!\", which is not made of `[a-z0-9_]` only; \
         its `text-codec-metadata` section declares the parameter \"a b\", which is not an identifier."
    );

    let error = with("abi=2\ncodec=echo\nparams=x\nabi=2\ngarbage\n").unwrap_err();
    assert_eq!(
        error.problems,
        [
            Problem::Metadata("sets `abi` twice".into()),
            Problem::Metadata("has the line \"garbage\", which is not `key=value`".into()),
        ]
    );

    let error =
        with("abi=2\ncodec=echo\nparams=\nneeds=serde@1,ron,ron@^0.12,ron@0.12.1.2\n").unwrap_err();
    assert_eq!(
        error.problems,
        ["\"ron\"", "\"ron@^0.12\"", "\"ron@0.12.1.2\""].map(|need| Problem::Metadata(format!(
            "lists {need} in `needs=`, which is not `crate@version` (like `ron@0.12`)"
        )))
    );
    let metadata = with("abi=2\ncodec=echo\nparams=\nneeds=serde_json@1.0.100\n").unwrap();
    assert_eq!(
        (
            metadata.needs[0].name.as_str(),
            metadata.needs[0].version.as_str()
        ),
        ("serde_json", "1.0.100")
    );

    let wasm = edit(&base, |module| {
        module
            .sections
            .retain(|s| !matches!(s, wasmbin::Section::Custom(_)))
    });
    assert_eq!(
        check_plugin(&wasm).unwrap_err().problems,
        [Problem::MissingMetadata]
    );
}

#[test]
fn malformed_bytes_never_panic() {
    let good = echo_plugin("echo", "p");
    assert!(matches!(
        check_plugin(b"not wasm").unwrap_err().problems[..],
        [Problem::Malformed(_)]
    ));
    // Every truncation and every single-byte flip is an error or a pass, never a panic.
    for len in 0..good.len() {
        let _ = check_plugin(&good[..len]);
        let _ = Plugin::new(&good[..len]);
    }
    for i in 0..good.len() {
        let mut bytes = good.clone();
        bytes[i] ^= 0xA5;
        let _ = check_plugin(&bytes);
        let _ = Plugin::new(&bytes);
    }
}
