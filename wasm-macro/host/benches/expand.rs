//! Expansion time of `#[derive(TextMessage)]` on the README's `FooMessage` with the built-in
//! `serde_json` codec (param `pretty`):
//!
//! - `first`: check + compile the plugin, instantiate, expand (what the first derive of a
//!   rustc process pays);
//! - `warm`: the plugin cached, a fresh instance, expand (every later derive);
//! - `derive_warm`: the whole `derive_text_message` (attribute parsing, parameter check,
//!   output parsing) with the default options (plugin cached, expansion cache hits).
//!
//! `cargo bench -p text-codec-host --features bench --bench expand`

use criterion::{criterion_group, criterion_main, Criterion};
use quote::quote;
use std::hint::black_box;
use text_codec_host::{derive_text_message, Limits, Plugin, Request, BUILTIN_CODECS};

const ITEM: &str = "# [derive (Debug , Serialize , Deserialize , PartialEq , TextMessage)] \
    # [text_message (codec = \"serde_json\" , params (pretty))] \
    struct FooMessage { name : String , description : String , value : u64 }";

fn serde_json_plugin() -> &'static [u8] {
    BUILTIN_CODECS
        .iter()
        .find(|(name, _)| *name == "serde_json")
        .map(|(_, wasm)| *wasm)
        .expect("built-in serde_json codec")
}

fn bench(c: &mut Criterion) {
    let wasm = serde_json_plugin();
    let limits = Limits::default();
    let request = Request::parse(&["pretty"], ITEM).unwrap();
    c.bench_function("first", |b| {
        b.iter(|| {
            let plugin = Plugin::new(black_box(wasm)).unwrap();
            black_box(plugin.expand(&request, &limits).unwrap())
        })
    });
    let plugin = Plugin::cached("bench:serde_json", wasm).unwrap();
    c.bench_function("warm", |b| {
        b.iter(|| black_box(plugin.expand(black_box(&request), &limits).unwrap()))
    });
    let input = quote! {
        #[derive(Debug, Serialize, Deserialize, PartialEq, TextMessage)]
        #[text_message(codec = "serde_json", params(pretty))]
        struct FooMessage { name: String, description: String, value: u64 }
    };
    c.bench_function("derive_warm", |b| {
        b.iter(|| black_box(derive_text_message(black_box(input.clone()), None)))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(5));
    targets = bench
}
criterion_main!(benches);
