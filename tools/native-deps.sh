#!/usr/bin/env bash
# Installs what Native AOT needs on Debian/Ubuntu when it is missing: a C toolchain and linker (clang) and zlib headers
# (https://learn.microsoft.com/dotnet/core/deploying/native-aot/#prerequisites). Idempotent; needs root to install.
set -euo pipefail
missing=()
command -v clang >/dev/null 2>&1 || missing+=(clang)
[ -e /usr/include/zlib.h ] || missing+=(zlib1g-dev)
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: Native AOT needs ${missing[*]}; install them with your package manager" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "== installing ${missing[*]} for Native AOT"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
