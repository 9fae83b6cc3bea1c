#!/usr/bin/env bash
# Records what c2pa-rs (../shared/tools/c2pa-oracle) says about every media file of the shared
# corpus, so tests can compare against it without Node.js. Re-run after the corpus or the oracle
# changes; the output is test data under tests/MediaTrust.Tests/TestData/Oracle/.
#   tools/record-oracle.sh [CORPUS_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
corpus="$(cd "${1:-$root/../shared/corpus}" && pwd)"
oracle="$(cd "$corpus/../tools/c2pa-oracle" && pwd)/oracle"
out="$root/tests/MediaTrust.Tests/TestData/Oracle"
anchors="$(mktemp)"; trap 'rm -f "$anchors"' EXIT
# Every trust anchor the corpus ships, in one bundle: the c2pa-rs test roots, the extension
# validator's test root and TSA CA, the EBU player's roots and the C2PA trust lists.
for f in c2pa-rs/sdk/tests/fixtures/certs/trust/test_cert_root_bundle.pem \
         c2pa-extension-validator/test/trusted/root_CA.crt \
         c2pa-extension-validator/test/trustedTSA/digicert_TSA_CA.pem \
         c2pa-video-player/react-c2pa-player/trust/c2pa_anchors.pem \
         c2pa-video-player/react-c2pa-player/trust/dev-ebu-root.pem \
         conformance-public/trust-list/C2PA-TRUST-LIST.pem \
         conformance-public/trust-list/C2PA-TSA-TRUST-LIST.pem; do
  [ -f "$corpus/$f" ] && { cat "$corpus/$f"; echo; } >> "$anchors"
done
now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
skip='\.(json|ya?ml|pem|crt|cfg|md|tsv|txt|mpd|ttf)$|LICENSE'
cd "$corpus"
find . -type f | sed 's|^\./||' | grep -Ev "$skip" | sort | while read -r rel; do
  dest="$out/$rel.json"
  mkdir -p "$(dirname "$dest")"
  json=$("$oracle" "$rel" --mode json 2>/dev/null || true)
  summary=$("$oracle" "$rel" 2>/dev/null || true)
  anchored=$("$oracle" "$rel" --anchors "$anchors" 2>/dev/null || true)
  node -e '
    const [rel, sha, now, json, summary, anchored] = process.argv.slice(1);
    const parse = (s) => { try { return JSON.parse(s); } catch { return { error: "no output" }; } };
    process.stdout.write(JSON.stringify({ file: rel, sha256: sha, recorded_at: now,
      oracle: "@contentauth/c2pa-wasm 0.13.3", reader_json: parse(json), summary: parse(summary),
      summary_with_corpus_anchors: parse(anchored) }, null, 1) + "\n");
  ' "$rel" "$(sha256sum "$rel" | cut -d" " -f1)" "$now" "$json" "$summary" "$anchored" > "$dest"
  echo "$rel"
done
