#!/usr/bin/env bash
# Builds a release into artifacts/: the four NuGet packages and their symbol packages (artifacts/packages), the Native
# AOT linux-x64 executable as a tarball (artifacts/mediatrust-VERSION-linux-x64.tar.gz), and SHA256SUMS over all of them.
# Usage: tools/release.sh [VERSION_SUFFIX]   e.g. tools/release.sh rc.1 for 0.2.0-rc.1; the version itself is VersionPrefix
# in Directory.Build.props (CHANGELOG.md). Publishing the files (nuget push, a release page) is left to the maintainer.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# MSBuild reads environment variables as properties, so VersionSuffix reaches every pack and publish below.
[ -n "${1:-}" ] && export VersionSuffix="$1"
version=$(dotnet msbuild src/MediaTrust.Cli -getProperty:Version -p:Configuration=Release)
export CI=true   # ContinuousIntegrationBuild: reproducible paths in PDBs and packages
rm -rf artifacts && mkdir -p artifacts
echo "== release $version"
# Packs into artifacts/packages, installs the tool from there and runs it on the samples (as CI does).
bash tools/pack-and-smoke.sh artifacts/packages
exe=$(bash tools/publish-native.sh artifacts/native/linux-x64 | tail -1)
MEDIATRUST_SMOKE_EXE="$exe" bash tools/pack-and-smoke.sh
tar -C "$(dirname "$exe")" -czf "artifacts/mediatrust-$version-linux-x64.tar.gz" mediatrust
(cd artifacts && sha256sum packages/*.nupkg packages/*.snupkg "mediatrust-$version-linux-x64.tar.gz" > SHA256SUMS)
cat artifacts/SHA256SUMS
