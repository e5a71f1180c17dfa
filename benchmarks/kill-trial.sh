#!/usr/bin/env bash
# kill -9 a training at random moments, again and again, resuming it each time; then let it finish.
# Whatever moment the kill hits (start-up, a step, the test, a checkpoint or log write), the next
# --resume must start (exit status other than 2 before the kill), the log must never be ahead of the
# checkpoint, and the last run must end with every epoch in the log (docs/reliability.md).
#
#   benchmarks/kill-trial.sh [--kills N] [--device D] [--out DIR] [--dataset NAME] [--data DIR]
#
# Defaults: 20 kills, Fashion-MNIST limited to 512 images, batch 16, 30 epochs, device java (the folder
# is what is tried, not the device), kills 1 to 6 seconds after each start. One line per kill in
# trial.txt: the epochs in the log, leftover temporary files (a killed write's; the next start removes
# them), and the 'note:' lines of that start.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KILLS=20 DEVICE=java DATASET=fashion-mnist DATA="" EPOCHS=30
OUT="kill-trial-$(date -u +%Y%m%d-%H%M%S)"
while [ $# -gt 0 ]; do
    case "$1" in
        --kills) KILLS="$2"; shift 2 ;;
        --device) DEVICE="$2"; shift 2 ;;
        --out) OUT="$2"; shift 2 ;;
        --dataset) DATASET="$2"; shift 2 ;;
        --data) DATA="$2"; shift 2 ;;
        -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "kill-trial.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
"$ROOT/lamina" --version > /dev/null # build first: the kills must hit the training, not Maven
export LAMINA_JAR="${LAMINA_JAR:-$ROOT/bundles/cli/target/lamina.jar}" # and never rebuild between kills

args=(train --dataset "$DATASET" --device "$DEVICE" --no-progress --limit 512 --batch-size 16 --epochs "$EPOCHS"
      --out "$OUT/run")
[ -n "$DATA" ] && args+=(--data "$DATA")
epochs_logged() { [ -f "$OUT/run/log.csv" ] && echo $(( $(wc -l < "$OUT/run/log.csv") - 1 )) || echo 0; }
: > "$OUT/trial.txt"
for i in $(seq 1 "$KILLS"); do
    resume=()
    [ -f "$OUT/run/checkpoint.safetensors" ] && resume=(--resume)
    "$ROOT/lamina" "${args[@]}" "${resume[@]}" > "$OUT/start-$i.txt" 2>&1 &
    pid=$!
    sleep "$(awk -v s="$RANDOM" 'BEGIN { srand(s); printf "%.2f", 1 + 5 * rand() }')"
    kill -9 "$pid" 2>/dev/null || true
    rc=0
    wait "$pid" 2>/dev/null || rc=$?
    if [ "$rc" = 2 ]; then
        echo "kill $i: the start was refused: $(cat "$OUT/start-$i.txt")" | tee -a "$OUT/trial.txt"
        exit 1
    fi
    left=$(find "$OUT/run" -maxdepth 1 -name '.*.tmp' 2>/dev/null | wc -l)
    notes=$(grep '^note:' "$OUT/start-$i.txt" | tr '\n' ' ' || true)
    echo "kill $i (exit $rc): $(epochs_logged) epochs in the log, $left temporary files left${notes:+; $notes}" \
        | tee -a "$OUT/trial.txt"
done
"$ROOT/lamina" "${args[@]}" --resume > "$OUT/final.txt" 2>&1 || { echo "the final run failed:"; cat "$OUT/final.txt"; exit 1; }
echo "final run: exit 0, $(epochs_logged) epochs in the log (of $EPOCHS)" | tee -a "$OUT/trial.txt"
[ "$(epochs_logged)" = "$EPOCHS" ]
