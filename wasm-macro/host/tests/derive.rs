//! `derive_text_message` end to end: each failure is a `compile_error!` with a clear message;
//! user codecs come from `<manifest dir>/codecs/`. The bad plugins are the committed test
//! plugins, real plugins edited with wasmbin, and hand-written ones.

mod common;

use std::path::Path;

use common::*;
use proc_macro2::TokenStream;
use quote::quote;
use text_codec_host::{
    derive_text_message, derive_text_message_with, Dependencies, Limits, Options,
};

const SERDE_JSON: &[u8] = include_bytes!("../../plugins/serde_json_text_codec.wasm");
const PANIC: &[u8] = include_bytes!("../../plugins/test/panic_text_codec.wasm");
const LOOP: &[u8] = include_bytes!("../../plugins/test/loop_text_codec.wasm");
const GREEDY: &[u8] = include_bytes!("../../plugins/test/greedy_text_codec.wasm");

/// serde_json's plugin declaring itself as `name`.
fn renamed_serde_json(name: &str) -> Vec<u8> {
    edit(SERDE_JSON, |m| {
        set_metadata(
            m,
            &format!("abi=2\ncodec={name}\nparams=pretty\nneeds=serde@1,serde_json@1\n"),
        )
    })
}

#[test]
fn builtin_codec_expands_to_display_and_from_str() {
    let output = derive_text_message(
        foo(quote!(#[text_message(codec = "serde_json", params(pretty))])),
        None,
    );
    let text = output.to_string();
    assert!(text.contains("Display for FooMessage"), "{text}");
    assert!(text.contains("FromStr for FooMessage"), "{text}");
    assert!(text.contains("to_string_pretty"), "{text}");
    assert!(!text.contains("include_bytes"), "{text}");
}

#[test]
fn unknown_codec() {
    let dir = manifest_with("unknown", &[]);
    let output = derive_text_message(foo(quote!(#[text_message(codec = "yaml")])), Some(&dir));
    assert_eq!(
        error_message(&output),
        "unknown codec `yaml`: the built-in codecs are serde_json, ron; \
         a crate adds its own as codecs/yaml_text_codec.wasm next to its Cargo.toml"
    );
}

#[test]
fn unknown_param_lists_the_accepted_ones() {
    let output = derive_text_message(
        foo(quote!(#[text_message(codec = "serde_json", params(pretty, compact))])),
        None,
    );
    assert!(error_message(&output)
        .starts_with("unknown parameter `compact` for codec `serde_json` (accepted: pretty)"));
    let output = derive_text_message(
        foo(quote!(#[text_message(codec = "ron", params(indent))])),
        None,
    );
    assert!(error_message(&output).starts_with(
        "unknown parameter `indent` for codec `ron` (accepted: pretty, struct_names)"
    ));
}

#[test]
fn path_traversal_in_the_codec_name() {
    for name in ["../x", "a/b", "", "Serde", "x.wasm"] {
        let output = derive_text_message(foo(quote!(#[text_message(codec = #name)])), None);
        assert_eq!(
            error_message(&output),
            format!("invalid codec name {name:?}: a codec name is non-empty and made of `[a-z0-9_]` only")
        );
    }
}

#[test]
fn bad_attributes() {
    let cases: &[(TokenStream, &str)] = &[
        (
            quote!(),
            "#[derive(TextMessage)] needs an attribute #[text_message(codec = \"NAME\")]",
        ),
        (
            quote!(#[text_message(params(pretty))]),
            "#[text_message(...)] needs `codec = \"NAME\"`",
        ),
        (
            quote!(#[text_message(codec = serde_json)]),
            "bad #[text_message(...)] attribute",
        ),
        (
            quote!(#[text_message(codek = "serde_json")]),
            "bad #[text_message(...)] attribute",
        ),
        (
            quote!(#[text_message(codec = "serde_json", params(pretty = 1))]),
            "bad #[text_message(...)] attribute",
        ),
        (
            quote!(#[text_message(codec = "serde_json", params(pretty, pretty))]),
            "parameter `pretty` is given twice",
        ),
        (
            quote!(#[text_message(codec = "serde_json")] #[text_message(codec = "ron")]),
            "#[text_message(...)] may appear only once",
        ),
    ];
    for (attr, expected) in cases {
        let message = error_message(&derive_text_message(foo(attr.clone()), None));
        assert!(message.contains(expected), "{attr}: {message}");
    }
}

#[test]
fn user_codec_is_found_and_tracked_for_rebuilds() {
    let dir = manifest_with(
        "user",
        &[("mine_text_codec.wasm", &renamed_serde_json("mine"))],
    );
    let output = derive_text_message(foo(quote!(#[text_message(codec = "mine")])), Some(&dir));
    let text = output.to_string();
    let path = dir
        .join("codecs/mine_text_codec.wasm")
        .canonicalize()
        .unwrap();
    assert!(
        text.starts_with(&format!(
            "const _ : & [u8] = :: core :: include_bytes ! ({:?})",
            path.to_str().unwrap()
        )),
        "{text}"
    );
    assert!(text.contains("Display for FooMessage"), "{text}");
}

#[test]
fn user_codec_cannot_shadow_a_builtin() {
    let message = user_codec_error("shadow", "serde_json", SERDE_JSON);
    assert!(
        message.starts_with(
            "codec `serde_json` is built in, and a user codec cannot shadow it: rename "
        ),
        "{message}"
    );
}

#[test]
fn plugin_that_declares_another_codec() {
    let message = user_codec_error("other", "mine", &renamed_serde_json("theirs"));
    assert_eq!(
        message,
        "the plugin for codec `mine` declares itself as codec `theirs`"
    );
}

#[test]
fn plugin_that_panics() {
    let message = user_codec_error("panic", "panic", PANIC);
    assert!(
        message.starts_with(
            "codec `panic`: the codec plugin panicked: panic_codec: refusing to expand on purpose"
        ),
        "{message}"
    );
}

#[test]
fn plugin_that_loops_forever_runs_out_of_fuel_or_time() {
    // Fuel: deterministic, whatever the machine.
    let dir = manifest_with("loop", &[("loop_text_codec.wasm", LOOP)]);
    let fuel = Options::uncached(Limits {
        fuel: 20_000_000,
        time: std::time::Duration::from_secs(600),
        ..Limits::default()
    });
    let output = derive_text_message_with(
        foo(quote!(#[text_message(codec = "loop")])),
        Some(&dir),
        &fuel,
    );
    assert_eq!(
        error_message(&output),
        "codec `loop`: the codec plugin ran out of fuel (it was given 20000000 units): it may loop forever"
    );
    // Time: what stops an endless loop first in an unoptimised build.
    let started = std::time::Instant::now();
    let time = Options::uncached(Limits {
        fuel: u64::MAX,
        time: std::time::Duration::from_millis(300),
        ..Limits::default()
    });
    let output = derive_text_message_with(
        foo(quote!(#[text_message(codec = "loop")])),
        Some(&dir),
        &time,
    );
    assert_eq!(
        error_message(&output),
        "codec `loop`: the codec plugin ran longer than its time limit of 300 ms: it may loop forever"
    );
    // 300 ms of CPU time; the wall clock allows for a loaded machine.
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    // The default limits stop it too.
    let message = user_codec_error("loop-default", "loop", LOOP);
    assert!(
        message.starts_with("codec `loop`: the codec plugin ran out of fuel")
            || message.starts_with(
                "codec `loop`: the codec plugin ran longer than its time limit of 3000 ms"
            ),
        "{message}"
    );
}

#[test]
fn plugin_that_eats_memory_hits_the_limit() {
    let message = user_codec_error("greedy", "greedy", GREEDY);
    assert!(
        message.starts_with(
            "codec `greedy`: the codec plugin exceeded its memory limit: it asked for "
        ),
        "{message}"
    );
    assert!(
        message.ends_with(&format!("the limit is {} bytes", 256 << 20)),
        "{message}"
    );

    // Smaller limits apply too.
    let dir = manifest_with("greedy-small", &[("greedy_text_codec.wasm", GREEDY)]);
    let options = Options::uncached(Limits {
        memory_bytes: 2 << 20,
        ..Limits::default()
    });
    let output = derive_text_message_with(
        foo(quote!(#[text_message(codec = "greedy")])),
        Some(&dir),
        &options,
    );
    assert!(error_message(&output).ends_with("the limit is 2097152 bytes"));
}

#[test]
fn plugin_with_an_import() {
    let wasm = edit(&renamed_serde_json("imp"), |m| {
        add_import(m, "env", "getrandom")
    });
    assert_eq!(
        user_codec_error("import", "imp", &wasm),
        "codec `imp`: not a usable text codec plugin: it imports `env.getrandom` \
         (a plugin may import nothing)."
    );
}

#[test]
fn plugin_missing_an_export() {
    let wasm = edit(&renamed_serde_json("noexp"), |m| {
        remove_export(m, "text_codec_last_panic")
    });
    assert_eq!(
        user_codec_error("export", "noexp", &wasm),
        "codec `noexp`: not a usable text codec plugin: it does not export \
         `text_codec_last_panic` (a function)."
    );
}

#[test]
fn wrong_abi_version_in_the_metadata() {
    let wasm = edit(SERDE_JSON, |m| {
        set_metadata(m, "abi=3\ncodec=future\nparams=\n")
    });
    assert_eq!(
        user_codec_error("abi", "future", &wasm),
        "codec `future`: not a usable text codec plugin: it declares ABI version `3` \
         but this host implements version 2."
    );
}

#[test]
fn wrong_abi_version_from_the_exported_function() {
    // The metadata says 2, `text_codec_abi_version` returns 3.
    let wat = wat_plugin(&metadata("liar", ""), "", "unreachable", "");
    let wasm = edit(&wat, |module| set_reported_abi_version(module, 3));
    assert_eq!(
        user_codec_error("abi-fn", "liar", &wasm),
        "codec `liar`: the codec plugin implements ABI version 3 (text_codec_abi_version), \
         but this host implements version 2"
    );
}

#[test]
fn codec_error_and_output_that_is_not_rust() {
    let wasm = fixed_plugin("picky", "", 1, "picky: unions are not supported");
    assert_eq!(
        user_codec_error("codec-error", "picky", &wasm),
        "codec `picky`: picky: unions are not supported"
    );
    let wasm = fixed_plugin("junk", "", 0, "impl Display for {");
    let message = user_codec_error("junk", "junk", &wasm);
    assert!(
        message.starts_with("codec `junk`: the plugin's output is not Rust tokens"),
        "{message}"
    );
    // Tokens that are not items are left to rustc (the host never parses the output with
    // syn, whose recursion hostile output could overflow): they come out unchanged.
    let dir = manifest_with(
        "expr",
        &[(
            "expr_text_codec.wasm",
            &fixed_plugin("expr", "", 0, "1 + 1"),
        )],
    );
    let output = derive_text_message(foo(quote!(#[text_message(codec = "expr")])), Some(&dir));
    assert!(output.to_string().ends_with("1 + 1"), "{output}");
}

#[test]
fn no_manifest_dir_means_builtins_only() {
    let output = derive_text_message(foo(quote!(#[text_message(codec = "mine")])), None::<&Path>);
    assert_eq!(
        error_message(&output),
        "unknown codec `mine`: the built-in codecs are serde_json, ron; user codecs need CARGO_MANIFEST_DIR"
    );
}

/// Options that know the crate's `--extern` names and its `Cargo.lock`.
fn with_dependencies(externs: &[&str], locked: &[(&str, &str)]) -> Options {
    Options {
        dependencies: Dependencies {
            externs: Some(externs.iter().map(|name| name.to_string()).collect()),
            locked: Some(
                locked
                    .iter()
                    .map(|(name, version)| (name.to_string(), version.to_string()))
                    .collect(),
            ),
        },
        ..Options::uncached(Limits::default())
    }
}

#[test]
fn a_missing_or_incompatible_codec_crate_is_named_with_its_version() {
    let ron = foo(quote!(#[text_message(codec = "ron")]));
    let expand = |options: &Options| derive_text_message_with(ron.clone(), None, options);
    let expands = |options: &Options| {
        let output = expand(options).to_string();
        assert!(output.contains("Display for FooMessage"), "{output}");
    };
    let lock = [("serde", "1.0.228"), ("ron", "0.12.3")];
    // Everything there: the impls.
    expands(&with_dependencies(&["serde", "ron"], &lock));
    // `ron` is not a dependency (it may still be in Cargo.lock, through another crate).
    assert_eq!(
        error_message(&expand(&with_dependencies(&["serde"], &lock))),
        "codec `ron` generates code that uses the crate `ron` 0.12, which this crate does not \
         depend on: add `ron = \"0.12\"` to [dependencies]"
    );
    // `ron` 0.8 (the generated code would fail with `expected String, found &str`), and
    // serde missing too: both named.
    assert_eq!(
        error_message(&expand(&with_dependencies(&["ron"], &[("ron", "0.8.1")]))),
        "codec `ron` generates code that uses the crate `serde` 1, which this crate does not \
         depend on: add `serde = \"1\"` to [dependencies]; codec `ron` generates code for \
         `ron` 0.12, but Cargo.lock has ron 0.8.1: write `ron = \"0.12\"` in [dependencies]"
    );
    // Two versions locked, one of them compatible: the crate may use that one.
    let two = [("serde", "1.0.228"), ("ron", "0.8.1"), ("ron", "0.12.3")];
    expands(&with_dependencies(&["serde", "ron"], &two));
    // Unknown dependencies (rust-analyzer, or no Cargo.lock): nothing is checked.
    expands(&Options::uncached(Limits::default()));
}

#[test]
fn cache_hits_check_the_dependencies_too() {
    let cache = scratch_dir("deps-cache");
    let input = foo(quote!(#[text_message(codec = "serde_json")]));
    let options = |externs: &[&str]| Options {
        cache_dir: Some(cache.clone()),
        ..with_dependencies(externs, &[])
    };
    let first = derive_text_message_with(input.clone(), None, &options(&["serde", "serde_json"]));
    assert!(
        first.to_string().contains("Display for FooMessage"),
        "{first}"
    );
    let output = derive_text_message_with(input, None, &options(&["serde"]));
    assert_eq!(
        error_message(&output),
        "codec `serde_json` generates code that uses the crate `serde_json` 1, which this \
         crate does not depend on: add `serde_json = \"1\"` to [dependencies]"
    );
    let _ = std::fs::remove_dir_all(&cache);
}
