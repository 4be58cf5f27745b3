#!/usr/bin/env bash
# Builds the tiny Rust crates of tests/components/rust for wasm32-wasip2 and copies the
# components they produce to tests/components/ (committed test data):
#   hello.wasm   an ordinary binary (a wasi:cli/command component)
#   greeter.wasm a wit-bindgen library (imports a function, exports an interface)
#   grepjson.wasm a command with real dependencies (regex, serde_json): a large core module
#
# usage: scripts/build-components.sh   (needs `rustup target add wasm32-wasip2`)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root/tests/components/rust"
target=${CARGO_TARGET_DIR:-$root/target}/components
CARGO_TARGET_DIR=$target cargo build --release --target wasm32-wasip2
for name in hello greeter grepjson; do
  cp "$target/wasm32-wasip2/release/$name.wasm" "$root/tests/components/$name.wasm"
  echo "tests/components/$name.wasm: $(wc -c <"$root/tests/components/$name.wasm") bytes"
done
