#!/usr/bin/env bash
# Coverage-guided fuzzing of MediaTrust's parsers with SharpFuzz and afl-fuzz (docs/robustness.md, "Fuzzing").
#
#   tools/fuzz.sh TARGET[,TARGET...]|all [--seconds N] [--execs N] [--memory MB] [--timeout MS]
#                                                                            fuzz each target N seconds (default 300), or
#                                                                            until N executions (-E) within the seconds
#   tools/fuzz.sh TARGET[,TARGET...]|all --smoke [--seconds N]             CI smoke: no afl-fuzz; every target runs its
#                                                                            seeds, fuzz/seeds, fuzz/findings and N seconds
#                                                                            (default 1.5) of blind mutations, at most 100
#                                                                            per target from a fixed sequence
#   tools/fuzz.sh --list                                                    the targets
#
# Work files (build, instrumented copy, seeds, afl-fuzz output) go to $FUZZ_WORK (default /tmp/mediatrust-fuzz);
# minimised crashes and hangs go to fuzz/findings/TARGET/, and one line per target to $FUZZ_WORK/campaign.tsv.
# Seeds come from ../shared/corpus (read in place, never copied into the repository), samples/ and fuzz/seeds/.
# Runs as root here (afl-fuzz's checks of core_pattern and CPU scaling are waived by the AFL_* settings below).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$(pwd)
work=${FUZZ_WORK:-/tmp/mediatrust-fuzz}
corpus=${FUZZ_CORPUS:-$repo/../shared/corpus}

target="" seconds="" execs="" memory=4096 timeout_ms=5000 smoke=0
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --execs) execs=$2; shift 2 ;;
    --memory) memory=$2; shift 2 ;;
    --timeout) timeout_ms=$2; shift 2 ;;
    --smoke) smoke=1; shift ;;
    --list) target=--list; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) target=$1; shift ;;
  esac
done
[ -n "$target" ] || { sed -n '2,16p' "$0" >&2; exit 2; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

mkdir -p "$work"
echo "== build (Release) into $work/bin"
dotnet publish fuzz/MediaTrust.Fuzz/MediaTrust.Fuzz.csproj -c Release -o "$work/bin" --nologo -v quiet >"$work/build.log" 2>&1 \
  || { cat "$work/build.log" >&2; exit 3; }
harness=(dotnet "$work/bin/MediaTrust.Fuzz.dll")
if [ "$target" = --list ]; then "${harness[@]}" list; exit 0; fi

echo "== seeds into $work/seeds"
rm -rf "$work/seeds"
sources=("$repo/samples" "$repo/fuzz/seeds")
if [ -d "$corpus" ]; then sources+=("$corpus"); else echo "note: no corpus at $corpus; seeds from samples/ and fuzz/seeds/ only"; fi
"${harness[@]}" seeds "$work/seeds" "${sources[@]}" >"$work/seeds.log"
tail -1 "$work/seeds.log"

if [ "$smoke" = 1 ]; then
  # Exit 1 only on a finding: a harness that crashes, hangs past the CI limit or allocates past its bound.
  mkdir -p fuzz/findings
  only=() && [ "$target" != all ] && only=(--only "$target")
  exec "${harness[@]}" smoke "$work/seeds" --seconds-per-target "${seconds:-1.5}" --extra "$repo/fuzz/seeds" --extra "$repo/fuzz/findings" "${only[@]}"
fi

if [ "$target" = all ]; then
  mapfile -t targets < <("${harness[@]}" list | awk '{print $1}')
else
  IFS=, read -r -a targets <<<"$target"
  for t in "${targets[@]}"; do
    "${harness[@]}" list | awk '{print $1}' | grep -qx "$t" || { echo "fuzz.sh: no target $t (tools/fuzz.sh --list)" >&2; exit 2; }
  done
fi
seconds=${seconds:-300}
# --execs: stop at that many executions (afl-fuzz -E), the seconds still bounding the run.
limit=(-V "$seconds") && [ -n "$execs" ] && limit+=(-E "$execs")

if ! command -v afl-fuzz >/dev/null 2>&1; then
  echo "== installing afl++ (Debian package)"
  apt-get update -qq && apt-get install -y -qq afl++ >/dev/null
fi

echo "== instrumenting the library assemblies (SharpFuzz)"
rm -rf "$work/afl-bin" && cp -r "$work/bin" "$work/afl-bin"
dotnet tool restore >/dev/null
for assembly in MediaTrust.dll MediaTrust.JsonFormula.dll MediaTrust.TrustProfiles.dll MediaTrust.Server.dll; do
  dotnet sharpfuzz "$work/afl-bin/$assembly" >/dev/null
done
fuzzed=(dotnet "$work/afl-bin/MediaTrust.Fuzz.dll")

# afl-fuzz in this sandbox: root, no UI, no CPU-governor or core_pattern checks, dotnet itself is not instrumented
# (the instrumented assemblies are), the fork server is SharpFuzz's.
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_SKIP_BIN_CHECK=1 \
  AFL_NO_AFFINITY=1 AFL_SKIP_CRASHES=1 AFL_FAST_CAL=1 AFL_IGNORE_PROBLEMS=1
# The runtime reserves address space far beyond what it uses: bound the GC heap so that afl-fuzz's -m (RLIMIT_AS)
# limits real allocations instead of refusing to start the runtime. Half the limit goes to the heap.
export DOTNET_GCHeapHardLimit=$(printf '0x%x' $(( memory * 1024 * 1024 / 2 )))
export DOTNET_GCgen0size=0x4000000 DOTNET_TieredPGO=0

stats() { grep -E "^$2 " "$1" 2>/dev/null | awk -F': ' '{print $2}' | tr -d ' '; }
tsv="$work/campaign.tsv"
[ -f "$tsv" ] || printf 'date\ttarget\tseconds\texecs\texecs_per_sec\tcorpus\tedges\tbitmap\tcrashes\thangs\ttarget_peak_rss_mb\tfindings_kept\n' >"$tsv"
for t in "${targets[@]}"; do
  in="$work/in/$t" out="$work/out/$t" keep="$repo/fuzz/findings/$t"
  rm -rf "$in" "$out" && mkdir -p "$in" "$work/out"
  for d in "$work/seeds/$t" "$repo/fuzz/seeds/$t" "$keep"; do
    [ -d "$d" ] && find "$d" -maxdepth 1 -type f ! -name '*.md' -exec cp {} "$in/" \;
  done
  [ -n "$(ls -A "$in")" ] || printf 'x' >"$in/empty"
  echo "== afl-fuzz $t for ${seconds}s${execs:+ or $execs executions} (-m ${memory} MB, -t ${timeout_ms} ms)"
  # -V: stop after the time (-E: or the executions); timeout guards the stop itself.
  # Peak memory of the target: afl-fuzz reports only its own, so sample the harness processes' RSS meanwhile.
  rss="$work/rss-$t" && echo 0 >"$rss"
  ( while sleep 2; do
      ps -eo rss=,args= | awk -v m="$(cat "$rss")" -v t="MediaTrust.Fuzz.dll run $t\$" '$0 ~ t && $1 > m {m = $1} END {print m}' >"$rss.new" \
        && mv "$rss.new" "$rss"
    done ) & sampler=$!
  timeout $(( seconds + 120 )) afl-fuzz "${limit[@]}" -i "$in" -o "$out" -m "$memory" -t "$timeout_ms" -- "${fuzzed[@]}" run "$t" \
    >"$work/afl-$t.log" 2>&1 || echo "afl-fuzz $t exited $? (see $work/afl-$t.log)"
  kill "$sampler" 2>/dev/null || true
  peak_mb=$(( $(cat "$rss") / 1024 ))
  s="$out/default/fuzzer_stats"
  kept=0
  for f in "$out"/default/crashes/id:* "$out"/default/hangs/id:*; do
    [ -f "$f" ] || continue
    mkdir -p "$keep"
    kind=$(basename "$(dirname "$f")")
    name="$kind-$(sha256sum "$f" | cut -c1-12)"
    # Minimise (afl-tmin keeps the same outcome); a failed minimisation keeps the original.
    timeout 300 afl-tmin -i "$f" -o "$keep/$name" -m "$memory" -t "$timeout_ms" -- "${fuzzed[@]}" run "$t" >/dev/null 2>&1 \
      || cp "$f" "$keep/$name"
    kept=$((kept + 1))
  done
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$t" "$seconds" \
    "$(stats "$s" execs_done)" "$(stats "$s" execs_per_sec)" "$(stats "$s" corpus_count)" "$(stats "$s" edges_found)" \
    "$(stats "$s" bitmap_cvg)" "$(stats "$s" saved_crashes)" "$(stats "$s" saved_hangs)" "$peak_mb" "$kept" >>"$tsv"
  tail -1 "$tsv"
done
echo "== done: $tsv; findings (minimised) under fuzz/findings/"
