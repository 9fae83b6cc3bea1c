#!/usr/bin/env bash
# Records what the built CLI says about every file of the shared corpus (Reader JSON, detailed JSON,
# crJSON, verify JSON lines, indicator sets), with and without the corpus trust anchors, at a pinned
# validation time. Run before and after a refactoring that must not change behaviour and compare:
#   tools/golden-run.sh OUT_DIR [CORPUS_DIR] && diff -r BEFORE AFTER
# Needs a Release build of src/MediaTrust.Cli.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(mkdir -p "$1" && cd "$1" && pwd)"
corpus="$(cd "${2:-$root/../shared/corpus}" && pwd)"
cli="$root/src/MediaTrust.Cli/bin/Release/net10.0/MediaTrust.Cli.dll"
[ -f "$cli" ] || { echo "error: build first: dotnet build src/MediaTrust.Cli -c Release" >&2; exit 1; }
at="2026-12-01T00:00:00Z"
anchors="$out/anchors.pem"; : > "$anchors"
for f in c2pa-rs/sdk/tests/fixtures/certs/trust/test_cert_root_bundle.pem \
         conformance-public/trust-list/C2PA-TRUST-LIST.pem; do
  [ -f "$corpus/$f" ] && { cat "$corpus/$f"; echo; } >> "$anchors"
done
tsa="$corpus/conformance-public/trust-list/C2PA-TSA-TRUST-LIST.pem"
skip='\.(json|ya?ml|pem|crt|cfg|md|tsv|txt|mpd)$|LICENSE'
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 root out corpus cli at anchors tsa
cd "$corpus"
find . -type f | sed 's|^\./||' | grep -Ev "$skip" | sort > "$out/files.txt"
one() {
  rel="$1"; d="$out/files/$rel"; mkdir -p "$d"
  run() { name="$1"; shift; { dotnet "$cli" "$@"; echo "exit $?"; } > "$d/$name" 2>&1 || true; }
  run read.json read "$rel" --at "$at"
  run read-trusted.json read "$rel" --at "$at" --trust-anchors "$anchors" --tsa-anchors "$tsa"
  run detailed.json read "$rel" --detailed --at "$at" --trust-anchors "$anchors" --tsa-anchors "$tsa"
  run crjson.json read "$rel" --crjson --at "$at" --trust-anchors "$anchors" --tsa-anchors "$tsa"
  run indicators.json indicators "$rel" --at "$at" --trust-anchors "$anchors" --tsa-anchors "$tsa"
}
export -f one
xargs -a "$out/files.txt" -d '\n' -P "$(nproc)" -I{} bash -c 'one "$@"' _ {}
{ dotnet "$cli" verify . --recursive --json-lines --parallel 1 --at "$at" --trust-anchors "$anchors" --tsa-anchors "$tsa"; echo "exit $?"; } \
  2>&1 | sort > "$out/verify.jsonl" || true
{ dotnet "$cli" verify . --recursive --parallel 1 --at "$at"; echo "exit $?"; } 2>&1 > "$out/verify.txt" || true
echo "recorded $(wc -l < "$out/files.txt") files in $out"
