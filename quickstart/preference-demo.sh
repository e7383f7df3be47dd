#!/usr/bin/env bash
# Preference tuning on the quickstart's catalogue, with the bundled base model (~0.77M parameters, byte-level):
# 400 training pairs, 50 validation pairs and 90 held-out questions about three disjoint sets of fictional products.
# Each prompt is "Context: <product page>\nQuestion: ...\nAnswer:"; chosen is the answer in the shop's support format
# (" $870 (price)"), rejected is the bare value the base model was pretrained to give (" $870") or another value of the
# same page given as the asked attribute (" 4.9 kg (price)"). Runs: held-out exact match of the base, DPO (+ RPO's chosen
# NLL, TRL's rpo_alpha=1) as a LoRA adapter, held-out exact match with the adapter, paired against the base.
#   usage: quickstart/preference-demo.sh [--smoke] [--rpo-alpha A] [--stage dpo|orpo] [WORK]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$HERE/.."
WORK="" SMOKE=0 RPO=1 STAGE=dpo
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) SMOKE=1 ;;
    --rpo-alpha) RPO="$2"; shift ;;
    --stage) STAGE="$2"; shift ;;
    -*) echo "preference-demo.sh: unknown option $1 (usage: preference-demo.sh [--smoke] [--rpo-alpha A] [--stage dpo|orpo] [WORK])" >&2; exit 2 ;;
    *) WORK="$1" ;;
  esac
  shift
done
WORK="${WORK:-$(mktemp -d)}"
mkdir -p "$WORK"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
MODEL="$ROOT/hone-improve/src/main/resources/quickstart/model"
if [ "$SMOKE" = 1 ]; then SIZES=(16 8 8); TRAIN=(--steps 2 --batch 4); else SIZES=(400 50 90); TRAIN=(--epochs 3 --batch 8); fi
EXTRA=()
[ "$STAGE" = dpo ] && EXTRA=(--rpo-alpha "$RPO")

"$JAVA" "$ROOT/hone-improve/src/main/java/io/hone/improve/demo/Catalogue.java" prefs "$WORK/data" "${SIZES[@]}" 31
EVAL=(eval --model "$MODEL" --task "$WORK/data/held-out.jsonl" --prompt "$WORK/data/prompt.json" --metric em --quiet)
"$ROOT/hone" "${EVAL[@]}" --out "$WORK/base.jsonl"
t0=$(date +%s)
"$ROOT/hone" finetune --model "$MODEL" --stage "$STAGE" "${EXTRA[@]}" --data "$WORK/data/prefs.jsonl" \
  --val-file "$WORK/data/prefs-val.jsonl" --out "$WORK/run" --lr 1e-3 "${TRAIN[@]}" --eval-every 50
t1=$(date +%s)
"$ROOT/hone" "${EVAL[@]}" --adapter "$WORK/run/adapter" --out "$WORK/tuned.jsonl" --paired-with "$WORK/base.jsonl"
ACC=$(grep eval_rewards/accuracies "$WORK/run/metrics.jsonl" | tail -1 | sed 's/.*"eval_rewards\/accuracies":\([0-9.eE-]*\).*/\1/')
echo "preference demo: held-out reward accuracy $ACC; training $((t1 - t0)) s; results in $WORK (metrics.jsonl, loss.html, tuned.jsonl)"
