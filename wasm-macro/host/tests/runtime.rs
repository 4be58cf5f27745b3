//! Running plugins: the request and result protocol, limits, panics and traps.

mod common;

use common::*;
use text_codec_host::{ExpandError, Limits, Plugin, Request};

fn small_limits() -> Limits {
    Limits {
        fuel: 5_000_000,
        memory_bytes: 4 << 20,
        panic_fuel: 1_000_000,
        ..Limits::default()
    }
}

#[test]
fn request_is_six_length_prefixed_fields_and_every_block_is_freed_with_its_layout() {
    // The allocator traps on a free whose size or alignment differs from the allocation, and
    // on a second free: a successful expansion shows both frees were exact.
    let plugin = Plugin::new(&echo_plugin("echo", "pretty,compact")).unwrap();
    assert_eq!(plugin.metadata().codec, "echo");
    assert_eq!(plugin.metadata().params, ["pretty", "compact"]);
    let item = "struct Foo<T> where T: Copy { a: T }";
    let request = Request::parse(&["pretty", "compact"], item).unwrap();
    let out = plugin.expand(&request, &Limits::default()).unwrap();
    assert_eq!(
        out,
        "\x0e\0\0\0pretty,compact\x03\0\0\0Foo\x05\0\0\0< T >\x05\0\0\0< T >\
         \x0a\0\0\0T : Copy ,\x24\0\0\0struct Foo<T> where T: Copy { a: T }"
    );
    let request = Request::parse(&[], "struct Foo;").unwrap();
    let out = plugin.expand(&request, &Limits::default()).unwrap();
    assert_eq!(
        out,
        "\0\0\0\0\x03\0\0\0Foo\0\0\0\0\0\0\0\0\0\0\0\0\x0b\0\0\0struct Foo;"
    );
}

#[test]
fn each_expansion_gets_a_fresh_instance() {
    // The bump allocator never reuses memory: with 1 page and a 64 KiB memory limit, a
    // reused instance would run out after a few large requests.
    let plugin = Plugin::new(&echo_plugin("echo", "")).unwrap();
    let limits = Limits {
        memory_bytes: 64 << 10,
        ..Limits::default()
    };
    let item = "x".repeat(20_000);
    for _ in 0..5 {
        let out = plugin.expand(&request(&[], &item), &limits).unwrap();
        assert_eq!(out.len(), 6 * 4 + "S".len() + 20_000);
    }
}

#[test]
fn codec_errors_are_the_plugins_message() {
    let plugin = Plugin::new(&fixed_plugin("c", "", 1, "enums are not supported")).unwrap();
    let error = plugin
        .expand(&request(&[], "enum E {}"), &Limits::default())
        .unwrap_err();
    assert_eq!(error, ExpandError::Codec("enums are not supported".into()));
    assert_eq!(error.to_string(), "enums are not supported");
}

#[test]
fn unknown_status_is_an_abi_violation() {
    let plugin = Plugin::new(&fixed_plugin("c", "", 7, "x")).unwrap();
    let error = plugin
        .expand(&request(&[], "struct S;"), &Limits::default())
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "the codec plugin broke the ABI: text_codec_expand returned a record with status 7"
    );
}

#[test]
fn panic_message_is_fetched_after_the_trap() {
    let plugin = Plugin::new(&panic_plugin("p", "panicked at src/lib.rs:3:5: boom")).unwrap();
    let error = plugin
        .expand(&request(&[], "struct S;"), &small_limits())
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "the codec plugin panicked: panicked at src/lib.rs:3:5: boom"
    );
}

#[test]
fn trap_without_panic_message() {
    let wasm = wat_plugin(&metadata("t", ""), "", "unreachable", "");
    let error = Plugin::new(&wasm)
        .unwrap()
        .expand(&request(&[], "struct S;"), &small_limits())
        .unwrap_err();
    assert!(matches!(error, ExpandError::Trap(_)), "{error:?}");
    assert!(
        error.to_string().starts_with("the codec plugin trapped: ")
            && error.to_string().contains("unreachable"),
        "{error}"
    );
}

#[test]
fn endless_loop_runs_out_of_fuel() {
    let plugin = Plugin::new(&loop_plugin("l")).unwrap();
    let error = plugin
        .expand(&request(&[], "struct S;"), &small_limits())
        .unwrap_err();
    assert_eq!(error, ExpandError::OutOfFuel { fuel: 5_000_000 });
    assert_eq!(
        error.to_string(),
        "the codec plugin ran out of fuel (it was given 5000000 units): it may loop forever"
    );
}

#[test]
fn greedy_plugin_hits_the_memory_limit() {
    let plugin = Plugin::new(&greedy_plugin("g")).unwrap();
    let error = plugin
        .expand(&request(&[], "struct S;"), &small_limits())
        .unwrap_err();
    assert_eq!(
        error,
        ExpandError::MemoryLimit {
            limit: 4 << 20,
            requested: (4 << 20) + 65536
        }
    );
    assert!(error
        .to_string()
        .starts_with("the codec plugin exceeded its memory limit: it asked for 4259840 bytes"));
}

#[test]
fn initial_memory_over_the_limit() {
    let wasm = edit(&echo_plugin("e", ""), |module| {
        let memories = module
            .find_std_section_mut::<wasmbin::payload::Memory>()
            .unwrap();
        memories.try_contents_mut().unwrap()[0].limits.min = 100; // 6.25 MiB
    });
    let error = Plugin::new(&wasm)
        .unwrap()
        .expand(&request(&[], "struct S;"), &small_limits())
        .unwrap_err();
    assert!(
        matches!(error, ExpandError::MemoryLimit { .. }),
        "{error:?}"
    );
}

#[test]
fn abi_version_is_checked_at_run_time() {
    let wasm = wat_plugin(&metadata("v", ""), "", "unreachable", "");
    // Same plugin, but `text_codec_abi_version` returns 1 (a plugin built for the previous
    // version, whose requests were different): rewrite its body with wasmbin.
    let wasm = edit(&wasm, |module| set_reported_abi_version(module, 1));
    let error = Plugin::new(&wasm)
        .unwrap()
        .expand(&request(&[], "struct S;"), &small_limits())
        .unwrap_err();
    assert_eq!(error, ExpandError::AbiVersion { found: 1 });
    assert_eq!(
        error.to_string(),
        "the codec plugin implements ABI version 1 (text_codec_abi_version), \
         but this host implements version 2"
    );
}

#[test]
fn invalid_code_is_a_compile_error_not_a_panic() {
    // Passes the static check (which never reads code) but fails wasmi's validation:
    // `text_codec_expand` leaves nothing on the stack.
    let wasm = wat_plugin(
        &metadata("x", ""),
        "",
        "(call $record (i32.const 0) (i32.const 0) (i32.const 0))",
        "",
    );
    let wasm = edit(&wasm, |module| {
        let code = module
            .find_std_section_mut::<wasmbin::payload::Code>()
            .unwrap();
        let bodies = code.try_contents_mut().unwrap();
        let expand = bodies[4].try_contents_mut().unwrap();
        expand
            .expr
            .instructions
            .retain(|i| matches!(i, wasmbin::instructions::Instruction::End));
    });
    // Functions are validated when first called: loading succeeds, expanding reports it.
    let plugin = Plugin::new(&wasm).unwrap();
    let error = plugin
        .expand(&request(&[], "struct S;"), &small_limits())
        .unwrap_err();
    assert!(matches!(error, ExpandError::Invalid(_)), "{error:?}");
    assert!(error
        .to_string()
        .starts_with("the codec plugin does not compile: type mismatch"));
}

#[test]
fn cache_compiles_once_per_identity_and_bytes() {
    let a = echo_plugin("a", "");
    let b = echo_plugin("b", "");
    let first = Plugin::cached("test:cache", &a).unwrap();
    let again = Plugin::cached("test:cache", &a).unwrap();
    assert!(std::sync::Arc::ptr_eq(&first, &again));
    let changed = Plugin::cached("test:cache", &b).unwrap();
    assert_eq!(changed.metadata().codec, "b");
}

#[test]
fn translating_a_large_function_costs_no_fuel() {
    // wasmi translates a function when it is first called; if that translation were charged
    // fuel, running out there would be an error that cannot be resumed, and a legitimate
    // expansion would fail wherever a fuel slice happened to end. `$big` is 30,000 bytes of
    // code that executes almost nothing, under a fuel limit far below its translation price.
    let nops = "nop ".repeat(30_000);
    let plugin = Plugin::new(&wat_plugin(
        &metadata("big", ""),
        "",
        "(drop (call $big)) (call $record (i32.const 0) (local.get $ptr) (local.get $len))",
        &format!("(func $big (result i32) {nops} (i32.const 0))"),
    ))
    .unwrap();
    let limits = Limits {
        fuel: 20_000,
        ..small_limits()
    };
    let request = request(&[], "struct S;");
    assert_eq!(
        plugin.expand(&request, &limits).unwrap().as_bytes(),
        request.encode()
    );
}
