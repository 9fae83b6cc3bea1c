#!/usr/bin/env bash
# Publishes the mediatrust CLI as a Native AOT executable for linux-x64 (docs/cli.md, "Native executable").
# Usage: tools/publish-native.sh [OUTPUT_DIR]   (default artifacts/native/linux-x64); prints the executable's path last.
# Trim and AOT warnings are errors (TreatWarningsAsErrors in Directory.Build.props), so a build that prints a path is clean.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out="${1:-artifacts/native/linux-x64}"
bash tools/native-deps.sh
dotnet publish src/MediaTrust.Cli -c Release -r linux-x64 -p:PublishAot=true -o "$out" -nologo -v:q >&2
# The symbols stay beside the binary (mediatrust.dbg) for crash analysis; the XML docs are not needed at run time.
rm -f "$out"/*.xml "$out"/*.pdb
mv -f "$out/MediaTrust.Cli" "$out/mediatrust"
[ -f "$out/MediaTrust.Cli.dbg" ] && mv -f "$out/MediaTrust.Cli.dbg" "$out/mediatrust.dbg"
echo "$out/mediatrust"
