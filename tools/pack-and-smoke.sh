#!/usr/bin/env bash
# Packs the four NuGet packages, installs the MediaTrust.Cli tool from that folder into a temporary tool path, exactly as a
# user would (dotnet tool install --add-source), and runs read, verify, sign and trust on the project's samples.
# Usage: tools/pack-and-smoke.sh [PACKAGE_DIR]   (default artifacts/packages). Every step is bounded by `timeout`.
# With MEDIATRUST_SMOKE_EXE=PATH it skips packing and runs the same commands with that executable (the native binary).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
feed="${1:-artifacts/packages}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ -n "${MEDIATRUST_SMOKE_EXE:-}" ]; then
  exe=$(realpath "$MEDIATRUST_SMOKE_EXE")
else
  version=$(dotnet msbuild src/MediaTrust.Cli -getProperty:Version -p:Configuration=Release)
  echo "== pack $version into $feed"
  rm -rf "$feed"
  timeout 600 dotnet pack MediaTrust.slnx -c Release -o "$feed" -nologo -v:q
  ls "$feed"
  echo "== dotnet tool install MediaTrust.Cli $version from $feed"
  # An isolated NuGet cache: the tool must come from the packed folder, not from a package restored earlier.
  NUGET_PACKAGES="$work/nuget" timeout 300 dotnet tool install MediaTrust.Cli --tool-path "$work/tools" --add-source "$feed" --version "$version"
  exe="$work/tools/mediatrust"
fi

run() { echo "\$ mediatrust $*"; timeout 60 "$exe" "$@"; }
expect() { local want=$1 got; shift; set +e; run "$@" >"$work/out" 2>"$work/err"; got=$?; set -e
  if [ "$got" -ne "$want" ]; then cat "$work/out" "$work/err" >&2; echo "error: mediatrust $* exited $got, expected $want" >&2; exit 1; fi; }

cd "$root/samples"
run --version
expect 0 read gradient-signed.jpg --trust-anchors demo-keys/root.pem
grep -q '"validation_state": "Trusted"' "$work/out" || { cat "$work/out"; echo "error: read: the sample is not Trusted" >&2; exit 1; }
expect 0 verify gradient-signed.jpg --trust-anchors demo-keys/root.pem
grep -q 'TRUSTED' "$work/out" || { cat "$work/out"; echo "error: verify: the sample is not TRUSTED" >&2; exit 1; }
expect 0 sign gradient.jpg -m manifest.json -o "$work/signed.jpg" --trust-anchors demo-keys/root.pem
expect 0 verify "$work/signed.jpg" --trust-anchors demo-keys/root.pem
expect 0 trust gradient-signed.jpg --profile ../profiles/ai-disclosure.yml --trust-anchors demo-keys/root.pem
expect 0 formula '@.name' --data manifest.json
expect 0 completion bash
echo "smoke: read, verify, sign, trust, formula and completion passed with $exe"
