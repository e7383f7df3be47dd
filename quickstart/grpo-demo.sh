#!/usr/bin/env bash
# GRPO on the quickstart's catalogue, with the bundled base model (~0.77M parameters, byte-level): exact match as the
# reward, held-out exact match before and after, paired. Questions about one set of fictional products are the
# training prompts, questions about other products of the same catalogue the held-out test. Each prompt is
# "Context: <product page>\nQuestion: ...\nAnswer:" and the target the answer in the shop's support format
# (" $870 (price)"), which the base model never produces (held-out EM 0), so GRPO cannot start from the base: the
# starting point is a short supervised LoRA on the training prompts' answers, merged (steps 1-2), and GRPO trains a new
# LoRA adapter over it (step 3). Rollouts are drawn at --temperature with --top-k: the tiny model's samples drawn from
# its whole distribution are mostly garbled bytes (sampled EM far below greedy), top-k keeps them near its greedy mode.
#   usage: quickstart/grpo-demo.sh [--smoke] [WORK]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$HERE/.."
WORK="" SMOKE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) SMOKE=1 ;;
    -*) echo "grpo-demo.sh: unknown option $1 (usage: grpo-demo.sh [--smoke] [WORK])" >&2; exit 2 ;;
    *) WORK="$1" ;;
  esac
  shift
done
WORK="${WORK:-$(mktemp -d)}"
mkdir -p "$WORK"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
MODEL="$ROOT/hone-improve/src/main/resources/quickstart/model"
if [ "$SMOKE" = 1 ]; then
  TRAIN=16 TEST=8 SFT=(--steps 2 --batch 4) GRPO=(--steps 2 --batch 2 --num-generations 4)
else
  TRAIN=450 TEST=200 SFT=(--steps 90 --batch 8) GRPO=(--steps 50 --batch 8 --num-generations 8)
fi

# data: one catalogue (seed 47), its first TRAIN questions for training, the last TEST (other products) held out
"$JAVA" "$ROOT/hone-improve/src/main/java/io/hone/improve/demo/Catalogue.java" prefs "$WORK/catalogue" 0 0 $((TRAIN + TEST)) 47
head -n "$TRAIN" "$WORK/catalogue/held-out.jsonl" > "$WORK/train.jsonl"
tail -n "$TEST" "$WORK/catalogue/held-out.jsonl" > "$WORK/test.jsonl"
PROMPT="$WORK/catalogue/prompt.json"
# the same training questions as supervised prompt/completion rows, rendered with the prompt's template
sed 's/^{"input": "\(.*\)", "context": "\(.*\)", "target": "\(.*\)"}$/{"prompt": "Context: \2\\nQuestion: \1\\nAnswer:", "completion": " \3"}/' \
  "$WORK/train.jsonl" > "$WORK/sft.jsonl"

t0=$(date +%s)
# 1-2. the starting point: LoRA SFT on the training answers, merged into a model folder
"$ROOT/hone" finetune --model "$MODEL" --data "$WORK/sft.jsonl" --out "$WORK/sft" --lr 1e-3 "${SFT[@]}"
"$ROOT/hone" merge --model "$MODEL" --adapter "$WORK/sft/adapter" --out "$WORK/start" --dtype f32
t1=$(date +%s)
EVAL=(eval --model "$WORK/start" --task "$WORK/test.jsonl" --prompt "$PROMPT" --metric em --max-new-tokens 24 --quiet)
"$ROOT/hone" "${EVAL[@]}" --out "$WORK/start.jsonl"
# 3. GRPO over the starting point: exact match on the training prompts is the reward
t2=$(date +%s)
"$ROOT/hone" finetune --model "$WORK/start" --method grpo --task "$WORK/train.jsonl" --prompt "$PROMPT" --metric em \
  --temperature 0.7 --top-k 3 --max-new-tokens 24 --lr 1e-3 "${GRPO[@]}" --out "$WORK/grpo"
t3=$(date +%s)
"$ROOT/hone" "${EVAL[@]}" --adapter "$WORK/grpo/adapter" --out "$WORK/grpo.jsonl" --paired-with "$WORK/start.jsonl"
echo "grpo demo: starting point (SFT + merge) $((t1 - t0)) s, GRPO $((t3 - t2)) s; results in $WORK (start.jsonl, grpo.jsonl, grpo/metrics.jsonl, grpo/reward.html)"
