#!/usr/bin/env bash
# #[derive(TextMessage)] as a user outside this repository gets it: crates created in a
# temporary folder, with no profile settings (so cargo builds the derive's dependencies,
# wasmi included, without optimisation), depending on wasm-macro/derive by path.
#
#   1. The two codec plugins of the README's templates ("Writing a codec plugin": every file
#      is extracted from there; only the `text-codec-guest` dependency is pointed at
#      wasm-macro/guest/text-codec-guest, as the published crate would be), built with the
#      README's command and put where the derive looks. Skipped, with a notice, when the
#      wasm32-unknown-unknown target is not installed, except under .ci/run (WASMBIN_CI_RUN
#      set), which installs it: there a missing target fails.
#   2. A crate deriving the README's FooMessage (serde_json) and types with those plugins,
#      built with an empty expansion cache (every expansion a miss), then rebuilt after a
#      touch (cache hits). Each expansion's CPU time comes from TEXT_MESSAGE_TIMINGS (see
#      wasm-macro/README.md).
#   3. 50 derived types against the same 50 types with hand-written impls: a cold build
#      (50 misses in one rustc process), then warm rebuilds.
#   4. A crate whose codec loops forever: the build must fail, naming the time limit, within
#      5 s of CPU.
#   5. Crates that lack the codec's crate, or have an incompatible version of it: the error
#      names the crate and the version.
#
# Limits asserted: the FooMessage expansion <= 50 ms on a cache miss (the first expansion of
# its rustc process), every cache hit <= 10 ms, 50 derived types add <= 5 s to a warm
# rebuild, the endless loop fails in <= 5 s of CPU.
#
# usage: bash wasm-macro/outside/run.sh
# OUTSIDE_TARGET_DIR keeps the crates' target directory between runs (default: a fresh one
# in the temporary folder, removed at the end); the expansion cache in it is emptied first.
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
started=$(date +%s)

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

# The expansion cache (in the host crate's OUT_DIR, under the target directory), emptied.
clear_cache() { rm -rf "$CARGO_TARGET_DIR"/debug/build/text-codec-host-*/out/expansions; }

# Milliseconds of the timings file $1 (lines `outcome microseconds codec`) whose outcome is
# $2 and codec $3 (any codec when empty): the largest, or of the first such line with `first`.
ms() {
  awk -v outcome="$2" -v codec="$3" -v first="${4:-}" '
    $1 == outcome && (codec == "" || $3 == codec) {
      if (first != "") { printf "%.1f", $2 / 1000; found = 1; exit }
      if ($2 > max) max = $2; found = 1
    }
    END { if (!found) print "none"; else if (first == "") printf "%.1f", max / 1000 }
  ' "$1"
}
# Whether the number $1 is at most $2 ("none" is not).
at_most() { awk -v t="$1" -v limit="$2" 'BEGIN { exit !(t != "none" && t <= limit) }'; }

echo "=== 1. codec plugins from the README's templates, outside the workspace ==="
plugins=()
if [ -d "$(rustc --print sysroot)/lib/rustlib/wasm32-unknown-unknown" ]; then
  for template in plugin plugin-syn; do
    mkdir -p "$work/$template/src"
    extract "$template/Cargo.toml" |
      sed -e 's|^text-codec-guest = "0.1"|text-codec-guest = { version = "0.1" }|' \
        -e "/^text-codec-guest = /s|version = \"0.1\"|path = \"$repo/wasm-macro/guest/text-codec-guest\"|" \
        >"$work/$template/Cargo.toml"
    extract plugin/build.rs >"$work/$template/build.rs"
    extract "$template/src/lib.rs" >"$work/$template/src/lib.rs"
    grep -q 'path = ' "$work/$template/Cargo.toml" || fail "no $template template in the README"
    name=$(sed -n 's/^name = "\(.*\)".*/\1/p' "$work/$template/Cargo.toml")
    (cd "$work/$template" && cargo build --quiet --release --target wasm32-unknown-unknown)
    wasm="$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/$name.wasm"
    echo "$template: $name.wasm, $(stat -c %s "$wasm") bytes"
    plugins+=("$wasm")
  done
elif [ -n "${WASMBIN_CI_RUN:-}" ]; then
  fail "the wasm32-unknown-unknown target is not installed (.ci/run installs it with rustup)"
else
  echo "NOTICE: the plugin templates are not built: the wasm32-unknown-unknown target is not installed"
fi

echo "=== 2. FooMessage (and the templates' codecs) in a crate with no profile settings ==="
new_crate user
# The README's example, as the derive crate's example ships it.
cp "$repo/wasm-macro/derive/examples/foo_message.rs" "$work/user/src/main.rs"
if [ ${#plugins[@]} -gt 0 ]; then
  mkdir -p "$work/user/codecs"
  cp "${plugins[@]}" "$work/user/codecs/"
  cat >"$work/user/src/lib.rs" <<'EOF'
//! Types expanded by the codecs built from the README's templates.
#[derive(Debug, text_message::TextMessage)]
#[text_message(codec = "my_codec")]
pub struct Point {
    pub x: i32,
    pub y: i32,
}

#[derive(text_message::TextMessage)]
#[text_message(codec = "fields")]
pub struct Pair<T: Clone> where T: Copy {
    pub left: T,
    pub right: u8,
}

#[test]
fn display_through_the_template_codecs() {
    assert_eq!(Point { x: 1, y: -2 }.to_string(), "Point { x: 1, y: -2 }");
    assert_eq!(Pair { left: 'a', right: 7 }.to_string(), "left=a; right=7; ");
}
EOF
fi
cd "$work/user"
cargo build --quiet 2>/dev/null || true # the dependencies (this crate's expansions are timed below)
clear_cache
touch src/*.rs
TIMEFORMAT="build of the user crate, expansion cache empty: %R s wall, %U s user"
time TEXT_MESSAGE_TIMINGS="$work/cold.txt" cargo build --quiet
touch src/*.rs
TIMEFORMAT="rebuild of the user crate after a touch (cache hits): %R s wall, %U s user"
time TEXT_MESSAGE_TIMINGS="$work/warm.txt" cargo build --quiet
cargo run --quiet
if [ ${#plugins[@]} -gt 0 ]; then
  cargo test --quiet --lib 2>&1 | grep "test result" || fail "the template codecs' test failed"
fi
echo "expansions, cache empty (outcome, microseconds of CPU, codec):" $(cat "$work/cold.txt")
echo "expansions, cache hits:" $(cat "$work/warm.txt")
miss=$(ms "$work/cold.txt" miss serde_json first)
hit=$(ms "$work/warm.txt" hit serde_json first)
echo "FooMessage: cache miss $miss ms of CPU (limit 50), cache hit $hit ms (limit 10)"
at_most "$miss" 50 || fail "the FooMessage expansion took $miss ms on a cache miss"
at_most "$hit" 10 || fail "the FooMessage expansion took $hit ms on a cache hit"
grep -qv '^hit ' "$work/warm.txt" && fail "the rebuild did not hit the expansion cache"

echo "=== 3. 50 derived types against 50 hand-written impls ==="
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
  clear_cache
  (cd "$work/many-$kind" && TEXT_MESSAGE_TIMINGS="$work/many-cold.txt" cargo build --quiet)
done
tail -n +2 "$work/many-cold.txt" >"$work/many-cold-later.txt"
echo "cold build of the 50 derived types: $(grep -c '^miss ' "$work/many-cold.txt") cache misses," \
  "the first $(ms "$work/many-cold.txt" miss "" first) ms of CPU, the 49 others at most" \
  "$(ms "$work/many-cold-later.txt" miss "") ms"
best() { sort -n | head -1; }
rebuild_ms() {
  cd "$work/$1"
  for _ in 1 2 3; do
    touch src/lib.rs
    start=$(date +%s%N)
    TEXT_MESSAGE_TIMINGS="$work/many-warm.txt" cargo build --quiet
    echo $((($(date +%s%N) - start) / 1000000))
  done | best
}
rm -f "$work/many-warm.txt"
derived=$(rebuild_ms many-derived)
written=$(rebuild_ms many-written)
# The last rebuild of the derived crate: 50 expansions in one rustc process.
tail -n 50 "$work/many-warm.txt" >"$work/last.txt"
grep -qv '^hit ' "$work/last.txt" && fail "the warm rebuild did not hit the expansion cache"
first=$(ms "$work/last.txt" hit "" first)
largest=$(ms "$work/last.txt" hit "")
echo "warm rebuild: 50 cache hits, the first of the process $first ms of CPU, the largest $largest ms (limit 10)"
at_most "$largest" 10 || fail "a cache hit took $largest ms"
echo "warm rebuild, best of 3: 50 derived types $derived ms, 50 hand-written $written ms, difference $((derived - written)) ms (limit 5000)"
[ $((derived - written)) -le 5000 ] || fail "50 derived types added $((derived - written)) ms"

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
at_most "$cpu" 5 || fail "the endless loop took $cpu s of CPU"

echo "=== 5. the codec's crate missing, or at another version ==="
# A stand-in for ron 0.8 (no registry needed): what matters is the version in Cargo.lock.
mkdir -p "$work/ron-0.8/src"
printf '[package]\nname = "ron"\nversion = "0.8.1"\nedition = "2021"\n' >"$work/ron-0.8/Cargo.toml"
touch "$work/ron-0.8/src/lib.rs"
for case in missing old; do
  new_crate "ron-$case"
  if [ $case = old ]; then
    echo "ron = { path = \"$work/ron-0.8\" }" >>"$work/ron-$case/Cargo.toml"
  fi
  cat >"$work/ron-$case/src/lib.rs" <<'EOF'
#[derive(serde::Serialize, serde::Deserialize, text_message::TextMessage)]
#[text_message(codec = "ron")]
pub struct Settings { pub volume: u8 }
EOF
  if (cd "$work/ron-$case" && cargo build --quiet 2>"$work/ron-$case.txt"); then
    fail "the crate without ron 0.12 ($case) built"
  fi
  grep -m1 "^error: codec \`ron\`" "$work/ron-$case.txt" || fail "no error naming the codec: $(cat "$work/ron-$case.txt")"
done
grep -q "uses the crate \`ron\` 0.12, which this crate does not depend on: add \`ron = \"0.12\"\` to \[dependencies\]" \
  "$work/ron-missing.txt" || fail "the missing crate is not named with its version"
grep -q "generates code for \`ron\` 0.12, but Cargo.lock has ron 0.8.1: write \`ron = \"0.12\"\` in \[dependencies\]" \
  "$work/ron-old.txt" || fail "the incompatible version is not named"

echo "the whole script took $(($(date +%s) - started)) s"
if [ "$failures" -ne 0 ]; then
  echo "outside-crate checks: $failures failed"
  exit 1
fi
echo "outside-crate checks passed"
