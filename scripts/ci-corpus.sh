#!/usr/bin/env bash
# CI step: fetch the real-world corpus into ./corpus (git-ignored) and run the corpus test
# on it. Without network (or without npm / pip) the fetch fails, and the step is skipped
# with a notice rather than failing; a fetched file with the wrong hash does fail it.
set -euo pipefail
cd "$(dirname "$0")/.."

status=0
scripts/fetch-corpus.sh corpus || status=$?
case $status in
0) ;;
3)
    echo "ci-corpus: a corpus file does not have its pinned hash" >&2
    exit 1
    ;;
*)
    echo "ci-corpus: corpus test skipped: could not fetch the corpus (no network?)"
    exit 0
    ;;
esac

# The corpus test, and the corpus parts of the serde, validate, renumbering, text and
# command-line tool tests (the test names with `corpus`, and the tool's tests that read
# WASMBIN_CORPUS), and the library's six examples run on every corpus binary.
# `--workspace --test examples` selects the library's examples test with the workspace's
# features, so nothing is built again after the test step.
export WASMBIN_CORPUS="$PWD/corpus"
cargo test -p wasmbin-tests --test integration -- --nocapture corpus
cargo test --workspace --test examples -- --nocapture
cargo test -p wasmbin-lossless-cli
