//! Plugins written to do harm: each case ends in a `compile_error!` that names the codec and
//! the limit (or, for output rustc itself handles, in unchanged tokens), within a bound on
//! time, and with the process's peak memory far below what the attack would take.

mod common;

use std::time::{Duration, Instant};

use common::*;
use quote::quote;
use text_codec_host::{
    derive_text_message, derive_text_message_with, Limits, Options, MAX_ANGLE_NESTING, MAX_NESTING,
    MAX_OPERATOR_CHAIN, MAX_PLUGIN_FILE_BYTES,
};

/// Fails unless `run` takes less than `seconds`; returns its result.
fn within<T>(seconds: u64, run: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let result = run();
    let took = started.elapsed();
    assert!(took < Duration::from_secs(seconds), "took {took:?}");
    result
}

/// The peak resident memory of this test process (Linux; `None` elsewhere).
fn peak_memory_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Every test here ends by checking that the process never held 1 GiB (the attacks would
/// take from 2.6 GB to 16 GB).
fn assert_memory_bounded() {
    if let Some(peak) = peak_memory_bytes() {
        assert!(peak < 1 << 30, "peak memory {peak} bytes");
    }
}

/// The error of codec `codec` whose plugin returns `text` with status `status`.
fn fixed_output_error(test: &str, codec: &str, status: u32, text: &str) -> String {
    let wasm = fixed_plugin(codec, "", status, text);
    within(10, || user_codec_error(test, codec, &wasm))
}

/// The derive's output with codec `codec` whose plugin returns `text` (status 0), without
/// the `include_bytes!` of the plugin file that comes first.
fn fixed_output(test: &str, codec: &str, text: &str) -> String {
    let wasm = fixed_plugin(codec, "", 0, text);
    let dir = manifest_with(test, &[(&format!("{codec}_text_codec.wasm"), &wasm)]);
    let output = within(10, || {
        derive_text_message(foo(quote!(#[text_message(codec = #codec)])), Some(&dir)).to_string()
    });
    let Some((tracking, rest)) = output.split_once(") ; ") else {
        panic!("no tracking item in {output}");
    };
    assert!(
        tracking.starts_with("const _ : & [u8] = :: core :: include_bytes !"),
        "{output}"
    );
    rest.to_owned()
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = format!("const X: () = {}(){};", "(".repeat(1000), ")".repeat(1000));
    assert_eq!(
        fixed_output_error("deep-parens", "deep", 0, &deep),
        "codec `deep`: the plugin's output nests brackets 1001 deep; the host accepts at most 128"
    );
    // Brackets inside literals and comments do not count.
    let quoted = format!(
        "const S: &str = \"{}\"; /* {} */ const C: char = '(';",
        "(".repeat(1000),
        "[".repeat(1000)
    );
    assert!(!fixed_output("deep-quoted", "quoted", &quoted).contains("compile_error"));
    // Deep generics and operator chains are not brackets, but rustc's parser recurses on
    // them too (it overflows its stack on `Option<` 5,000 deep or `!` 20,000 long): the
    // host refuses them long before that, without parsing.
    let generics = format!("type T = {}u8{};", "Option<".repeat(2000), ">".repeat(2000));
    assert_eq!(
        fixed_output_error("deep-generics", "generics", 0, &generics),
        "codec `generics`: the plugin's output nests generic arguments (`<`) more than 128 \
         deep; the host accepts at most 128"
    );
    let unary = format!("const B: bool = {}true;", "!".repeat(50_000));
    assert_eq!(
        fixed_output_error("deep-unary", "unary", 0, &unary),
        format!("codec `unary`: {}", operator_chain_error())
    );
    assert_memory_bounded();
}

/// The host's message for an operator chain past its limit.
fn operator_chain_error() -> String {
    format!(
        "the plugin's output chains more than {MAX_OPERATOR_CHAIN} operators in one expression \
         (prefix operators such as `!`, `-`, `&`, `*`, binary operators, calls and keywords \
         such as `return` or `as`, counted across nested brackets); the host accepts at most \
         {MAX_OPERATOR_CHAIN}"
    )
}

/// Compiles `source` as a library with the real rustc (metadata only); panics if rustc does
/// not exit normally (a signal, a stack overflow, an internal compiler error). An ordinary
/// compile error is fine.
fn assert_rustc_copes(name: &str, source: &str) {
    let dir = scratch_dir(&format!("rustc-{name}"));
    let file = dir.join("lib.rs");
    std::fs::write(&file, source).unwrap();
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let output = std::process::Command::new(rustc)
        .args([
            "--edition",
            "2021",
            "--crate-type",
            "lib",
            "--emit=metadata",
            "--cap-lints=allow",
        ])
        .arg("-o")
        .arg(dir.join("out.rmeta"))
        .arg(&file)
        .output()
        .expect("rustc runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        matches!(output.status.code(), Some(0 | 1))
            && !stderr.contains("internal compiler error")
            && !stderr.contains("overflow"),
        "{name}: rustc {:?}: {}",
        output.status,
        &stderr[..stderr.len().min(2000)]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Source code given the count of its repeated part.
type Generate = Box<dyn Fn(usize) -> String>;

#[test]
fn output_at_each_limit_compiles_with_rustc_and_one_more_is_refused() {
    let limit = MAX_NESTING - 1;
    let chain = MAX_OPERATOR_CHAIN;
    // (name, the source at the limit, the source one step beyond, the message beyond).
    let bracket_error = |depth: usize| {
        format!("the plugin's output nests brackets {depth} deep; the host accepts at most 128")
    };
    let angle_error = "the plugin's output nests generic arguments (`<`) more than 128 deep; \
                       the host accepts at most 128"
        .to_owned();
    let cases: Vec<(&str, Generate, usize, String)> = vec![
        // Each source, given the count of its repeated part; the count at the limit.
        (
            "parens",
            Box::new(|n| format!("const X: () = {}(){};", "(".repeat(n), ")".repeat(n))),
            limit,
            bracket_error(MAX_NESTING + 1),
        ),
        (
            "brackets",
            Box::new(|n| {
                format!(
                    "const X: () = {{ let _ = {}0{}; }};",
                    "[".repeat(n),
                    "]".repeat(n)
                )
            }),
            limit,
            bracket_error(MAX_NESTING + 1),
        ),
        (
            "braces",
            Box::new(|n| format!("fn f() {}{}", "{".repeat(n + 1), "}".repeat(n + 1))),
            limit,
            bracket_error(MAX_NESTING + 1),
        ),
        (
            "angles",
            Box::new(|n| format!("type T = {}u8{};", "Option<".repeat(n), ">".repeat(n))),
            MAX_ANGLE_NESTING,
            angle_error.clone(),
        ),
        (
            "angles-in-groups",
            // A bracket after every other `<`: the counts of `<` add up across brackets.
            Box::new(|n| {
                let (mut open, mut close) = (String::new(), String::new());
                for level in 0..n {
                    let tuple = level % 2 == 0;
                    open.push_str(if tuple { "Option<(" } else { "Option<" });
                    close.insert_str(0, if tuple { ",)>" } else { ">" });
                }
                format!("type T = {open}u8{close};")
            }),
            MAX_ANGLE_NESTING,
            angle_error,
        ),
        // `const` and `=` count too: two operators before the chain.
        (
            "not",
            Box::new(|n| format!("const B: bool = {}true;", "!".repeat(n))),
            chain - 2,
            operator_chain_error(),
        ),
        (
            "neg",
            Box::new(|n| format!("const I: i32 = {}1;", "- ".repeat(n))),
            chain - 2,
            operator_chain_error(),
        ),
        (
            "ref",
            Box::new(|n| format!("fn f() {{ let _ = {}1; }}", "&".repeat(n))),
            // `fn`, `()`, `let`, `=`.
            chain - 4,
            operator_chain_error(),
        ),
        (
            "deref",
            Box::new(|n| format!("fn f(x: &u8) -> u8 {{ {}x }}", "* ".repeat(n))),
            // `fn`, `(…)`, the `-` of `->`.
            chain - 3,
            operator_chain_error(),
        ),
        (
            "return",
            Box::new(|n| format!("fn f() -> u8 {{ {}1 }}", "return ".repeat(n))),
            chain - 3,
            operator_chain_error(),
        ),
        (
            "not-in-parens",
            // `!!(` repeated: the `!`s before each bracket count in every deeper one.
            Box::new(|n| format!("const B: bool = {}true{};", "!!(".repeat(n), ")".repeat(n))),
            (chain - 2) / 2,
            operator_chain_error(),
        ),
    ];
    within(60, || {
        for (name, source, at_limit, beyond) in &cases {
            let at = source(*at_limit);
            let output = fixed_output(&format!("limit-{name}"), "limits", &at);
            assert!(!output.contains("compile_error"), "{name}: {output:.200}");
            assert_rustc_copes(name, &output);
            assert_eq!(
                fixed_output_error(
                    &format!("beyond-{name}"),
                    "limits",
                    0,
                    &source(at_limit + 1)
                ),
                format!("codec `limits`: {beyond}"),
                "{name}"
            );
        }
    });
    assert_memory_bounded();
}

#[test]
fn maximal_table_hits_the_table_limit() {
    let wasm = wat_plugin(
        &metadata("tables", ""),
        "",
        "(call $record (i32.const 0) (i32.const 0) (i32.const 0))",
        "(table 4294967295 funcref)",
    );
    assert_eq!(
        within(10, || user_codec_error("table", "tables", &wasm)),
        "codec `tables`: the codec plugin exceeded its table limit: it asked for a table of \
         4294967295 elements, the limit is 100000"
    );
    assert_memory_bounded();
}

/// A plugin that grows its memory to `pages` pages and returns a record of status `status`
/// that claims `n` bytes.
fn oversized_record_plugin(codec: &str, status: u32, pages: u32, n: u32) -> Vec<u8> {
    wat_plugin(
        &metadata(codec, ""),
        "",
        &format!(
            "(drop (memory.grow (i32.const {pages})))
             (i32.store (i32.const 65536) (i32.const {status}))
             (i32.store (i32.const 65540) (i32.const {n}))
             (i32.const 65536)"
        ),
        "",
    )
}

#[test]
fn oversized_output_and_message_are_refused_before_copying() {
    // 10 MB of generated source (really there, in 160 pages of memory).
    let wasm = oversized_record_plugin("big", 0, 160, 10_000_000);
    assert_eq!(
        within(10, || user_codec_error("big-output", "big", &wasm)),
        "codec `big`: the codec plugin's generated source is 10000000 bytes long, the limit is \
         1048576 bytes"
    );
    // A 100 MB error message: refused on its header alone.
    let wasm = oversized_record_plugin("loud", 1, 1, 100_000_000);
    assert_eq!(
        within(10, || user_codec_error("big-message", "loud", &wasm)),
        "codec `loud`: the codec plugin's message is 100000000 bytes long, the limit is 65536 \
         bytes"
    );
    // A long real message, just under the limit, goes through.
    let long = "x".repeat(60_000);
    let message = fixed_output_error("long-message", "long", 1, &long);
    assert_eq!(
        message.len(),
        "codec `long`: ".len() + 60_000,
        "{}",
        &message[..100.min(message.len())]
    );
    assert_memory_bounded();
}

#[test]
fn build_time_io_macros_are_refused_by_any_path() {
    for (i, (code, name)) in [
        (
            "const S: &str = ::core::include_str!(\"/etc/passwd\");",
            "include_str",
        ),
        (
            "const S: &str = include_str!(\"/etc/passwd\");",
            "include_str",
        ),
        (
            "const B: &[u8] = std::include_bytes!(\"/etc/passwd\");",
            "include_bytes",
        ),
        ("include!(\"/etc/passwd\");", "include"),
        ("const H: &str = std::env!(\"HOME\");", "env"),
        ("const H: &str = ::core::env ! (\"HOME\");", "env"),
        (
            "const H: Option<&str> = option_env!(\"HOME\");",
            "option_env",
        ),
        (
            "mod inner { const S: &str = r#include_str!(\"x\"); }",
            "include_str",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        assert_eq!(
            fixed_output_error(&format!("io-{i}"), "leaky", 0, code),
            format!(
                "codec `leaky`: the plugin's output invokes `{name}!`, which reads a file or \
                 the environment at build time; generated code may not do that"
            ),
            "{code}"
        );
    }
    // Ways around the list: a macro that assembles the invocation, an out-of-line module.
    assert!(fixed_output_error(
        "io-macro",
        "sly",
        0,
        "macro_rules! m { ($i:ident) => { $i!(\"/etc/passwd\") } } const S: &str = m!(include_str);"
    )
    .starts_with("codec `sly`: the plugin's output defines a macro (`macro_rules!`)"));
    assert_eq!(
        fixed_output_error("io-mod", "sly", 0, "mod secrets;"),
        "codec `sly`: the plugin's output declares a module without a body (`mod name;`), \
         which reads a file at build time"
    );
    // Renaming one with `use` (`std::env` names the module and the macro).
    for (i, code) in [
        "use std::env as e; const H: &str = e!(\"HOME\");",
        "use ::core::{include_str as read}; const S: &str = read!(\"/etc/passwd\");",
    ]
    .into_iter()
    .enumerate()
    {
        assert!(
            fixed_output_error(&format!("io-use-{i}"), "sly", 0, code)
                .starts_with("codec `sly`: the plugin's output imports `"),
            "{code}"
        );
    }
    // `#[doc = include_str!(…)]`: an invocation like any other.
    assert_eq!(
        fixed_output_error(
            "io-doc",
            "sly",
            0,
            "#[doc = include_str!(\"/etc/passwd\")] struct S;"
        ),
        "codec `sly`: the plugin's output invokes `include_str!`, which reads a file or the \
         environment at build time; generated code may not do that"
    );
    // `env` as a path at run time is fine.
    let output = fixed_output(
        "io-runtime",
        "runtime",
        "fn home() -> Option<String> { ::std::env::var(\"HOME\").ok() }",
    );
    assert!(output.contains(":: std :: env :: var"), "{output}");
    assert_memory_bounded();
}

#[test]
fn attributes_that_make_rustc_read_files_are_refused() {
    let visualizer = "codec `sly`: the plugin's output has the attribute \
                      `#[debugger_visualizer]`, which makes rustc read a file at build time; \
                      generated code may not do that";
    let path = "codec `sly`: the plugin's output has the attribute `#[path]`, which names a \
                file for rustc to read at build time; generated code may not do that";
    for (i, (code, message)) in [
        (
            "#[debugger_visualizer(gdb_script_file = \"/etc/passwd\")] struct S;",
            visualizer,
        ),
        (
            "#[debugger_visualizer(natvis_file = \"/etc/passwd\")] struct S;",
            visualizer,
        ),
        (
            "mod m { #![debugger_visualizer(gdb_script_file = \"/etc/passwd\")] }",
            visualizer,
        ),
        (
            "#[::core::prelude::v1::debugger_visualizer(gdb_script_file = \"x\")] struct S;",
            visualizer,
        ),
        (
            "#[cfg_attr(all(), debugger_visualizer(gdb_script_file = \"/etc/passwd\"))] struct S;",
            visualizer,
        ),
        (
            "#[cfg_attr(all(), cfg_attr(all(), allow(dead_code), r#debugger_visualizer(natvis_file = \"x\")))] struct S;",
            visualizer,
        ),
        ("#[path = \"/etc/passwd\"] mod secrets;", path),
        ("#[path = \"/etc\"] mod secrets { }", path),
        ("mod m { #![path = \"/etc\"] }", path),
        ("#[cfg_attr(all(), path = \"/etc/passwd\")] mod secrets {}", path),
        ("fn f() { #[path = \"x\"] mod inner {} }", path),
    ]
    .into_iter()
    .enumerate()
    {
        assert_eq!(
            fixed_output_error(&format!("attr-{i}"), "sly", 0, code),
            message,
            "{code}"
        );
    }
    // Other attributes, and `path` as an argument of another attribute, pass.
    let output = fixed_output(
        "attr-fine",
        "fine",
        "#[allow(dead_code)] #[cfg_attr(all(), derive(Debug))] #[doc = \"path\"] struct S { path: u8 }",
    );
    assert!(output.contains("struct S"), "{output}");
    assert_memory_bounded();
}

#[test]
fn a_plugins_compile_error_is_prefixed_with_the_codec() {
    let output = fixed_output(
        "forged",
        "forger",
        "::core::compile_error!(\"error[E0425]: cannot find value `x` in this scope\");",
    );
    assert_eq!(
        output,
        ":: core :: compile_error ! (:: core :: concat ! (\"codec `forger`: \" , \
         \"error[E0425]: cannot find value `x` in this scope\")) ;"
    );
    let output = fixed_output("forged-braces", "forger", "compile_error! { \"a\" }");
    assert_eq!(
        output,
        "compile_error ! { :: core :: concat ! (\"codec `forger`: \" , \"a\") }"
    );
    // Every path to it is prefixed the same way.
    for (i, (code, expected)) in [
        ("::std::compile_error!(\"a\");", ":: std :: compile_error !"),
        ("r#compile_error!(\"a\");", "r#compile_error !"),
        (
            "::core::prelude::v1::compile_error!(\"a\");",
            ":: core :: prelude :: v1 :: compile_error !",
        ),
        (
            "core::prelude::rust_2021::compile_error![\"a\"];",
            "core :: prelude :: rust_2021 :: compile_error !",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let output = fixed_output(&format!("forged-path-{i}"), "forger", code);
        assert!(
            output.starts_with(expected)
                && output.contains(":: core :: concat ! (\"codec `forger`: \" , \"a\")"),
            "{code}: {output}"
        );
    }
    // Renaming it with `use` would escape the prefix: refused, however it is imported.
    for (i, code) in [
        "use ::core::compile_error as e; e!(\"error[E0425]: cannot find value `x`\");",
        "use core::{compile_error as e}; e!(\"a\");",
        "pub use ::std::prelude::v1::{r#compile_error as e}; e!(\"a\");",
        "mod m { use ::core::prelude::rust_2021::compile_error as e; e!(\"a\"); }",
        "use ::core::compile_error; compile_error!(\"a\");",
    ]
    .into_iter()
    .enumerate()
    {
        assert_eq!(
            fixed_output_error(&format!("forged-use-{i}"), "forger", 0, code),
            "codec `forger`: the plugin's output imports `compile_error` with `use`, which could \
             rename it past the codec's prefix on its messages; generated code may not do that",
            "{code}"
        );
    }
    assert_memory_bounded();
}

#[test]
fn output_that_derives_itself_again_is_refused() {
    let message = fixed_output_error(
        "self-derive",
        "selfish",
        0,
        "#[derive(::text_message::TextMessage)] #[text_message(codec = \"selfish\")] struct Again;",
    );
    assert_eq!(
        message,
        "codec `selfish`: the plugin's output has an attribute that mentions `TextMessage`: \
         generated code may not derive TextMessage again"
    );
    // Under another name of `derive` or of the derive, or inside `cfg_attr`.
    for (i, (code, name)) in [
        (
            "#[::core::prelude::v1::derive(TextMessage)] struct Again;",
            "TextMessage",
        ),
        (
            "#[cfg_attr(all(), derive(Debug, TextMessage))] struct Again;",
            "TextMessage",
        ),
        (
            "#[text_message(codec = \"selfish\")] struct Again;",
            "text_message",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        assert_eq!(
            fixed_output_error(&format!("self-derive-{i}"), "selfish", 0, code),
            format!(
                "codec `selfish`: the plugin's output has an attribute that mentions `{name}`: \
                 generated code may not derive TextMessage again"
            ),
            "{code}"
        );
    }
    assert_eq!(
        fixed_output_error(
            "self-derive-use",
            "selfish",
            0,
            "use ::text_message::TextMessage as Tm; #[derive(Tm)] struct Again;"
        ),
        "codec `selfish`: the plugin's output imports `TextMessage` with `use`: generated code \
         may not derive TextMessage again"
    );
    // A user's type may be called `TextMessage`: the generated impls name it.
    let output = derive_text_message(
        quote! {
            #[derive(TextMessage)]
            #[text_message(codec = "serde_json")]
            struct TextMessage { text: String }
        },
        None,
    )
    .to_string();
    assert!(
        output.contains("Display for TextMessage") && !output.contains("compile_error"),
        "{output}"
    );
    assert_memory_bounded();
}

#[test]
fn all_expansions_of_a_process_share_a_time_budget() {
    let dir = manifest_with("budget", &[("loop_text_codec.wasm", &loop_plugin("loop"))]);
    let options = Options::uncached(Limits {
        fuel: u64::MAX,
        time: Duration::from_secs(600),
        process_time: Duration::from_millis(200),
        ..Limits::default()
    });
    let output = within(10, || {
        derive_text_message_with(
            foo(quote!(#[text_message(codec = "loop")])),
            Some(&dir),
            &options,
        )
    });
    assert_eq!(
        error_message(&output),
        "codec `loop`: the codec plugins of this build have used up their time budget of 200ms \
         for all expansions of one crate (does the output derive itself again?)"
    );
    assert_memory_bounded();
}

#[test]
fn plugin_files_must_be_regular_and_small() {
    let dir = scratch_dir("files");
    let codecs = dir.join("codecs");
    std::fs::create_dir_all(&codecs).unwrap();
    let error = |codec: &str| {
        within(10, || {
            error_message(&derive_text_message(
                foo(quote!(#[text_message(codec = #codec)])),
                Some(&dir),
            ))
        })
    };
    // A folder.
    std::fs::create_dir(codecs.join("folder_text_codec.wasm")).unwrap();
    let message = error("folder");
    assert!(
        message.starts_with("codec `folder`: the codec plugin ")
            && message
                .ends_with("folder_text_codec.wasm is a folder (a plugin must be a regular file)"),
        "{message}"
    );
    // A symlink to /dev/zero, and a FIFO (never opened: opening it would block).
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("/dev/zero", codecs.join("zero_text_codec.wasm")).unwrap();
        let message = error("zero");
        assert!(
            message.ends_with(
                "zero_text_codec.wasm is not a regular file (a plugin must be a regular file)"
            ),
            "{message}"
        );
        let fifo = codecs.join("fifo_text_codec.wasm");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|status| status.success()) {
            let message = error("fifo");
            assert!(
                message.ends_with(
                    "fifo_text_codec.wasm is not a regular file (a plugin must be a regular file)"
                ),
                "{message}"
            );
        } else {
            eprintln!("NOTICE: mkfifo is not available; the FIFO case is skipped");
        }
        // A symlink to a 3 GB sparse file: refused on its size, never read.
        let sparse = dir.join("sparse.wasm");
        std::fs::File::create(&sparse)
            .unwrap()
            .set_len(3 << 30)
            .unwrap();
        std::os::unix::fs::symlink(&sparse, codecs.join("huge_text_codec.wasm")).unwrap();
        let message = error("huge");
        assert!(
            message.ends_with(&format!(
                "huge_text_codec.wasm is 3221225472 bytes, the limit is {MAX_PLUGIN_FILE_BYTES} bytes"
            )),
            "{message}"
        );
    }
    // A regular file just over the limit.
    let big = codecs.join("big_text_codec.wasm");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(MAX_PLUGIN_FILE_BYTES + 1)
        .unwrap();
    assert!(error("big").ends_with(&format!(
        "big_text_codec.wasm is {} bytes, the limit is {MAX_PLUGIN_FILE_BYTES} bytes",
        MAX_PLUGIN_FILE_BYTES + 1
    )));
    let _ = std::fs::remove_dir_all(&dir);
    assert_memory_bounded();
}

#[test]
fn borrowed_fields_are_refused_at_the_derive() {
    let output = derive_text_message(
        quote! {
            #[derive(TextMessage)]
            #[text_message(codec = "serde_json")]
            struct Borrowed<'a> { name: &'a str }
        },
        None,
    );
    assert_eq!(
        error_message(&output),
        "#[derive(TextMessage)] does not support types with lifetime parameters (`'a`): the \
         generated `FromStr` returns a value that cannot borrow from the string it parses; use \
         owned fields (`String` instead of `&str`)"
    );
}

#[test]
fn reference_fields_are_refused_at_the_derive() {
    for (item, field, ty) in [
        (
            quote! { struct Named { name: &'static str } },
            "field `name`",
            "&'static str",
        ),
        (
            quote! { struct Tuple(u8, &'static [u8]); },
            "a field",
            "&'static [u8]",
        ),
        (
            quote! { struct Nested { names: Vec<Option<&'static str>> } },
            "field `names`",
            "&'static str",
        ),
        (
            quote! { enum Choice { A, B { value: (u8, &'static u8) } } },
            "field `value`",
            "&'static u8",
        ),
        (
            quote! { struct Plain { name: &str } },
            "field `name`",
            "&str",
        ),
    ] {
        let output = derive_text_message(
            quote! {
                #[derive(TextMessage)]
                #[text_message(codec = "serde_json")]
                #item
            },
            None,
        );
        assert_eq!(
            error_message(&output),
            format!(
                "#[derive(TextMessage)] does not support fields of reference types ({field} has \
                 type `{ty}`): the generated `FromStr` returns a value that cannot borrow from \
                 the string it parses; use owned fields (`String` instead of `&str`)"
            ),
            "{item}"
        );
    }
    // `PhantomData<&'static str>` deserializes without borrowing.
    let output = derive_text_message(
        quote! {
            #[derive(TextMessage)]
            #[text_message(codec = "serde_json")]
            struct Marker { marker: ::core::marker::PhantomData<&'static str> }
        },
        None,
    )
    .to_string();
    assert!(!output.contains("compile_error"), "{output}");
    assert_memory_bounded();
}

#[test]
fn expansions_are_cached_on_disk_and_checked_again() {
    let cache = scratch_dir("cache");
    let options = Options {
        cache_dir: Some(cache.clone()),
        ..Options::uncached(Limits::default())
    };
    let input = foo(quote!(#[text_message(codec = "serde_json")]));
    let first = derive_text_message_with(input.clone(), None, &options).to_string();
    assert!(first.contains("impl"), "{first}");
    let entries: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert!(entries[0].extension().is_some_and(|ext| ext == "rs"));
    // A hit gives the same tokens.
    let second = derive_text_message_with(input.clone(), None, &options).to_string();
    assert_eq!(first, second);
    // The entry is the plugin's output after a line with the crates it needs.
    let entry = std::fs::read_to_string(&entries[0]).unwrap();
    assert!(
        entry.starts_with("// needs=serde@1,serde_json@1\n#[automatically_derived] impl"),
        "{entry}"
    );
    // An entry is checked like fresh output: a tampered one is refused, not trusted.
    std::fs::write(
        &entries[0],
        "// needs=\nconst S: &str = include_str!(\"/etc/passwd\");",
    )
    .unwrap();
    let output = derive_text_message_with(input.clone(), None, &options);
    assert!(error_message(&output).contains("invokes `include_str!`"));
    // A malformed entry is a miss: the plugin runs again and rewrites it.
    std::fs::write(&entries[0], "const S: u8 = 1;").unwrap();
    let third = derive_text_message_with(input, None, &options).to_string();
    assert_eq!(first, third);
    assert_eq!(std::fs::read_to_string(&entries[0]).unwrap(), entry);
    assert_memory_bounded();
    let _ = std::fs::remove_dir_all(&cache);
}

#[test]
fn more_memories_or_tables_than_one_are_refused() {
    for (codec, extra, what) in [
        ("memories", "(memory 1)", "linear memories"),
        ("tables", "(table 1 funcref) (table 1 funcref)", "tables"),
    ] {
        let wasm = wat_plugin(
            &metadata(codec, ""),
            "",
            "(call $record (i32.const 0) (i32.const 0) (i32.const 0))",
            extra,
        );
        assert_eq!(
            within(10, || user_codec_error(
                &format!("count-{codec}"),
                codec,
                &wasm
            )),
            format!("codec `{codec}`: the codec plugin has more {what} than its limit of 1")
        );
    }
    assert_memory_bounded();
}
