#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 30) and prints the executions of each.
#
# usage: fuzz/run.sh [SECONDS] [TARGET...]
#
# Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). Each target starts
# from its corpus in fuzz/corpus/TARGET, seeded once from the spec test suite's modules
# (`cargo run --profile test -p wasmbin-tests --example spec-seeds`), the component target
# from the committed components of tests/components. A crash leaves its input in
# fuzz/artifacts/TARGET/ and makes the script exit non-zero.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-30}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(decode roundtrip_smith roundtrip_ast lazy_vs_eager differential component)

if [ ! -d corpus/seeds ]; then
  echo "fuzz: writing seed modules from the spec test suite"
  (cd .. && cargo run --quiet --profile test -p wasmbin-tests --example spec-seeds -- fuzz/corpus/seeds)
fi

if [ ! -d corpus/component-seeds ]; then
  # The component target reads a selector byte, then the component after its preamble.
  mkdir -p corpus/component-seeds
  for file in ../tests/components/*.wasm; do
    { printf '\0'; tail -c +9 "$file"; } >"corpus/component-seeds/$(basename "$file")"
  done
fi

cargo +nightly fuzz build -O

status=0
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  # Byte-level targets start from the spec modules; structured ones from their own corpus.
  seeds=()
  case $target in
    decode | lazy_vs_eager | differential) seeds=(corpus/seeds) ;;
    component) seeds=(corpus/component-seeds) ;;
  esac
  log=$(mktemp)
  if cargo +nightly fuzz run -O "$target" "corpus/$target" "${seeds[@]}" -- \
      -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=30 >"$log" 2>&1; then
    runs=$(grep -oE 'Done [0-9]+ runs' "$log" | grep -oE '[0-9]+' || echo '?')
    echo "fuzz $target: ok, $runs executions in ${seconds}s"
  else
    status=1
    echo "fuzz $target: FAILED"
    grep -E 'panicked|SUMMARY|Test unit written|wasmbin:|wasmparser:' "$log" | head -20
  fi
  rm -f "$log"
done
exit $status
