#!/usr/bin/env bash
# The long fuzzing run (docs/reliability.md#fuzzing): every Jazzer target, one after the other, for
# DURATION each (10 minutes unless told), through the same Surefire execution ('fuzz' profile) that './lamina test'
# runs for 15 seconds a target. Each target's log goes to OUT/<Target>.log; a table of executions,
# coverage and findings is printed at the end and written to OUT/summary.txt.
#
#   tools/fuzz-long.sh                                  every target, 10 minutes each
#   tools/fuzz-long.sh --duration 30m IdxFileFuzzTest   one target, 30 minutes (Jazzer's 30s, 2h ...)
#   tools/fuzz-long.sh --list                           the targets
#
# It runs at the lowest priority (nice 19): fuzzing takes a whole core. Inputs that find new coverage
# are kept in <module>/.cifuzz-corpus/ (not committed) and seed the next run; an input that makes a target
# fail is written to the target's inputs folder, src/test/resources/<package>/<Target>Inputs/<method>/,
# as crash-<sha1>, where the regression run of './lamina test' replays it until it is fixed and kept.
# A target goes on after a finding (up to 100 distinct ones) for its whole duration.
# Exit status: 0 when no target found anything.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# module:class of every target.
TARGETS=(
    engine:SafeTensorsFuzzTest
    engine:CheckpointMetadataFuzzTest
    engine:GoldenSetFuzzTest
    kernels-opencl:TuningTableFuzzTest
    bundles/shell:InputImageFuzzTest
    engine:IdxFileFuzzTest
    engine:Cifar10FuzzTest
    bundles/shell:DeployedJarFuzzTest
    onnx:OnnxImportFuzzTest
)

duration=10m
chosen=()
while [ $# -gt 0 ]; do
    case "$1" in
        --duration) duration="$2"; shift 2 ;;
        --list) printf '%s\n' "${TARGETS[@]}"; exit 0 ;;
        -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
        *) chosen+=("$1"); shift ;;
    esac
done
if [ ${#chosen[@]} -gt 0 ]; then
    picked=()
    for c in "${chosen[@]}"; do
        found=""
        for t in "${TARGETS[@]}"; do
            [ "${t#*:}" = "$c" ] && found="$t"
        done
        if [ -z "$found" ]; then
            echo "fuzz-long: no target $c (tools/fuzz-long.sh --list)" >&2
            exit 2
        fi
        picked+=("$found")
    done
    TARGETS=("${picked[@]}")
fi

OUT="${FUZZ_OUT:-$ROOT/target/fuzz-long/$(date -u +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
echo "fuzz-long: ${#TARGETS[@]} target(s), $duration each; logs in $OUT"

status=0
printf '%-28s %10s %8s %8s %7s %s\n' target executions exec/s cov ft findings > "$OUT/summary.txt"
for t in "${TARGETS[@]}"; do
    module="${t%%:*}" class="${t#*:}"
    log="$OUT/$class.log"
    echo "fuzz-long: $class ($module), started $(date -u +%H:%M:%S)"
    set +e
    (cd "$ROOT" && nice -n 19 ./lamina test -pl "$module" -am -Pfuzz -Dtest="$class" \
        -Dsurefire.failIfNoSpecifiedTests=false -Dlamina.fuzz.duration="$duration" -Djazzer.keep_going=100) > "$log" 2>&1
    rc=$?
    set -e
    # libFuzzer's last status line ("#N DONE cov: C ft: F ...") and "Done N runs in S second(s)"
    done_line="$(grep -aE '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true)"
    runs="$(grep -aoE '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 | awk '{print $2}' || true)"
    secs="$(grep -aoE '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 | awk '{print $5}' || true)"
    if [ -z "$runs" ]; then # stopped by a finding: the last status line counts the executions
        last="$(grep -aE '^#[0-9]+[[:space:]]' "$log" | tail -1 || true)"
        runs="$(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$last")"
        done_line="$last"
    fi
    cov="$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$done_line")"
    ft="$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$done_line")"
    rate="$(sed -nE 's/.* exec\/s: ([0-9]+).*/\1/p' <<<"$done_line")"
    # every finding (exception, timeout, out of memory) is an input libFuzzer writes out
    findings="$(grep -ac 'Test unit written to' "$log" || true)"
    if [ "$rc" -ne 0 ] && [ "$findings" = 0 ]; then
        findings="build failed (rc $rc, see log)"
    fi
    [ "$rc" -ne 0 ] && status=1
    printf '%-28s %10s %8s %8s %7s %s\n' "$class" "${runs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" \
        "$findings${secs:+ (${secs}s)}" | tee -a "$OUT/summary.txt"
done
echo "fuzz-long: done $(date -u +%H:%M:%S); summary in $OUT/summary.txt"
cat "$OUT/summary.txt"
exit $status
