#!/usr/bin/env bash
# #[derive(TextMessage)] as a user outside this repository gets it: crates created in a
# temporary folder, with no profile settings (so cargo builds the derive's dependencies,
# wasmi included, without optimisation), depending on wasm-macro/derive by path.
#
#   1. A codec plugin made from the template in wasm-macro/README.md ("Writing a codec
#      plugin": both files are extracted from there; only the `text-codec-guest` dependency is
#      pointed at wasm-macro/guest/text-codec-guest, as the published crate would be), built
#      with the README's command and put where the derive looks. Skipped, with a notice, when
#      the wasm32-unknown-unknown target is not installed.
#   2. A crate deriving the README's FooMessage (serde_json) and a type with that plugin;
#      built cold (empty expansion cache), then rebuilt after a touch (cache hits). Each
#      expansion's time comes from TEXT_MESSAGE_TIMINGS (see wasm-macro/README.md).
#   3. 50 derived types against the same 50 types with hand-written impls: warm rebuilds.
#   4. A crate whose codec loops forever: the build must fail, naming the time limit, within
#      5 s of CPU.
#
# Limits asserted: warm (cache-hit) expansion <= 10 ms, the first of a process <= 50 ms,
# 50 derived types add <= 5 s to a warm rebuild, the endless loop fails in <= 5 s of CPU.
#
# usage: bash wasm-macro/outside/run.sh
# OUTSIDE_TARGET_DIR keeps the crates' target directory between runs (default: a fresh one
# in the temporary folder, removed at the end).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/text-message-outside.XXXXXX")
trap 'rm -rf "$work"' EXIT
export CARGO_TARGET_DIR=${OUTSIDE_TARGET_DIR:-$work/target}
unset RUSTFLAGS CARGO_ENCODED_RUSTFLAGS CARGO_BUILD_RUSTFLAGS CARGO_PROFILE_DEV_OPT_LEVEL
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# The fenced block that follows `<!-- template: $1 -->` in the README.
extract() {
  awk -v want="<!-- template: $1 -->" '
    $0 == want { found = 1; next }
    found && /^```/ { if (inside) exit; inside = 1; next }
    found && inside { print }
  ' "$repo/wasm-macro/README.md"
}

# A new crate `$1` in $work with the dependencies of a deriving crate.
new_crate() {
  mkdir -p "$work/$1/src"
  cat >"$work/$1/Cargo.toml" <<EOF
[package]
name = "$1"
version = "0.1.0"
edition = "2021"

[dependencies]
text-message = { path = "$repo/wasm-macro/derive" }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
EOF
  # The versions this repository tests with (cargo drops what the crate does not use).
  cp "$repo/Cargo.lock" "$work/$1/Cargo.lock"
}

# Milliseconds in the timings file $1: of line $2 (the first expansion of the rustc process).
first_ms() { awk -v n="$2" 'NR == n { printf "%.1f", $2 / 1000 }' "$1"; }
# Milliseconds in the timings file $1: the largest of lines $2 to the end.
max_ms() { awk -v from="$2" 'NR >= from { if ($2 > max) max = $2 } END { printf "%.1f", max / 1000 }' "$1"; }

echo "=== 1. a codec plugin from the README's template, outside the workspace ==="
plugin=false
if [ -d "$(rustc --print sysroot)/lib/rustlib/wasm32-unknown-unknown" ]; then
  mkdir -p "$work/plugin/src"
  extract plugin/Cargo.toml |
    sed "s|^text-codec-guest = .*|text-codec-guest = { path = \"$repo/wasm-macro/guest/text-codec-guest\" }|" \
      >"$work/plugin/Cargo.toml"
  extract plugin/src/lib.rs >"$work/plugin/src/lib.rs"
  grep -q '^name = "my_codec_text_codec"' "$work/plugin/Cargo.toml" || fail "no plugin template in the README"
  (cd "$work/plugin" && cargo build --quiet --release --target wasm32-unknown-unknown)
  plugin=true
else
  echo "NOTICE: the plugin template is not built: the wasm32-unknown-unknown target is not installed"
fi

echo "=== 2. FooMessage (and the template's codec) in a crate with no profile settings ==="
new_crate user
if $plugin; then
  mkdir -p "$work/user/codecs"
  cp "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/my_codec_text_codec.wasm" "$work/user/codecs/"
  ls -l "$work/user/codecs/my_codec_text_codec.wasm" | awk '{ print "plugin built by the template: " $5 " bytes" }'
fi
# The README's example, as the derive crate's example ships it.
cp "$repo/wasm-macro/derive/examples/foo_message.rs" "$work/user/src/main.rs"
if $plugin; then
  cat >"$work/user/src/lib.rs" <<'EOF'
//! A type expanded by the codec built from the README's template.
#[derive(Debug, text_message::TextMessage)]
#[text_message(codec = "my_codec")]
pub struct Point {
    pub x: i32,
    pub y: i32,
}

#[test]
fn display_through_debug() {
    assert_eq!(Point { x: 1, y: -2 }.to_string(), "Point { x: 1, y: -2 }");
}
EOF
fi
cd "$work/user"
TIMEFORMAT="cold build of the user crate and its dependencies: %R s wall, %U s user"
time TEXT_MESSAGE_TIMINGS="$work/cold.txt" cargo build --quiet
touch src/main.rs
TIMEFORMAT="warm rebuild of the user crate: %R s wall, %U s user"
time TEXT_MESSAGE_TIMINGS="$work/warm.txt" cargo build --quiet
cargo run --quiet
if $plugin; then
  cargo test --quiet --lib 2>&1 | grep "test result" || fail "the template codec's test failed"
fi
echo "expansions of the cold build (outcome, microseconds of CPU):" $(cat "$work/cold.txt")
echo "expansions of the warm build (outcome, microseconds of CPU):" $(cat "$work/warm.txt")
grep -qv '^hit ' "$work/warm.txt" && fail "the warm build did not hit the expansion cache"

echo "=== 3. 50 derived types against 50 hand-written impls: warm rebuilds ==="
for kind in derived written; do
  new_crate "many-$kind"
  {
    echo "use serde::{Deserialize, Serialize};"
    for i in $(seq 1 50); do
      if [ "$kind" = derived ]; then
        echo "#[derive(Debug, Serialize, Deserialize, PartialEq, text_message::TextMessage)]"
        echo "#[text_message(codec = \"serde_json\")]"
        echo "pub struct Message$i { pub name: String, pub value: u64, pub tags: Vec<String> }"
      else
        echo "#[derive(Debug, Serialize, Deserialize, PartialEq)]"
        echo "pub struct Message$i { pub name: String, pub value: u64, pub tags: Vec<String> }"
        echo "impl ::core::fmt::Display for Message$i {"
        echo "    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {"
        echo "        let text = ::serde_json::to_string(self).map_err(|_| ::core::fmt::Error)?;"
        echo "        f.write_str(&text)"
        echo "    }"
        echo "}"
        echo "impl ::core::str::FromStr for Message$i {"
        echo "    type Err = ::serde_json::Error;"
        echo "    fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> { ::serde_json::from_str(s) }"
        echo "}"
      fi
    done
  } >"$work/many-$kind/src/lib.rs"
  (cd "$work/many-$kind" && TEXT_MESSAGE_TIMINGS="$work/many-cold.txt" cargo build --quiet)
done
best() { sort -n | head -1; }
rebuild_seconds() {
  cd "$work/$1"
  for _ in 1 2 3; do
    touch src/lib.rs
    start=$(date +%s%N)
    TEXT_MESSAGE_TIMINGS="$work/many-warm.txt" cargo build --quiet
    echo $((($(date +%s%N) - start) / 1000000))
  done | best
}
rm -f "$work/many-warm.txt"
derived=$(rebuild_seconds many-derived)
written=$(rebuild_seconds many-written)
# The last rebuild of the derived crate: 50 expansions in one rustc process.
tail -n 50 "$work/many-warm.txt" >"$work/last.txt"
grep -qv '^hit ' "$work/last.txt" && fail "the warm rebuild did not hit the expansion cache"
first=$(first_ms "$work/last.txt" 1)
later=$(max_ms "$work/last.txt" 2)
echo "warm rebuild: first expansion of the process $first ms of CPU (limit 50), the 49 others at most $later ms (limit 10)"
awk -v t="$first" 'BEGIN { exit !(t <= 50) }' || fail "the first warm expansion took $first ms"
awk -v t="$later" 'BEGIN { exit !(t <= 10) }' || fail "a warm expansion took $later ms"
echo "warm rebuild, best of 3: 50 derived types $derived ms, 50 hand-written $written ms, difference $((derived - written)) ms (limit 5000)"
[ $((derived - written)) -le 5000 ] || fail "50 derived types added $((derived - written)) ms"
echo "cold build of the 50 derived types: $(grep -c '^miss ' "$work/many-cold.txt") cache misses, first $(first_ms "$work/many-cold.txt" 1) ms of CPU, the others at most $(max_ms "$work/many-cold.txt" 2) ms"

echo "=== 4. a codec that loops forever ==="
new_crate endless
mkdir -p "$work/endless/codecs"
cp "$repo/wasm-macro/plugins/test/loop_text_codec.wasm" "$work/endless/codecs/"
cat >"$work/endless/src/lib.rs" <<'EOF'
#[derive(text_message::TextMessage)]
#[text_message(codec = "loop")]
pub struct Forever;
EOF
cd "$work/endless"
cargo build --quiet 2>/dev/null || true # the dependencies; the crate itself fails
touch src/lib.rs
cpu_before=$(awk '{ print $14 + $15 + $16 + $17 }' /proc/$$/stat)
if cargo build --quiet 2>"$work/endless.txt"; then
  fail "the endless-loop codec built"
fi
cpu_after=$(awk '{ print $14 + $15 + $16 + $17 }' /proc/$$/stat)
ticks=$(getconf CLK_TCK)
cpu=$(awk -v a="$cpu_before" -v b="$cpu_after" -v t="$ticks" 'BEGIN { printf "%.2f", (b - a) / t }')
grep -m1 "codec \`loop\`" "$work/endless.txt" || fail "no error naming the codec: $(cat "$work/endless.txt")"
grep -q "ran longer than its time limit" "$work/endless.txt" || fail "the error does not name the time limit"
echo "the endless loop failed after $cpu s of CPU (cargo and rustc; limit 5)"
awk -v t="$cpu" 'BEGIN { exit !(t <= 5) }' || fail "the endless loop took $cpu s of CPU"

if [ "$failures" -ne 0 ]; then
  echo "outside-crate checks: $failures failed"
  exit 1
fi
echo "outside-crate checks passed"
