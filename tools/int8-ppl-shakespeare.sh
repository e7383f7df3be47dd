#!/usr/bin/env bash
# INT8 (and BF16) inference weights against FP32 on a model hone trains on the text it is scored on: the quickstart's
# base-model architecture (~0.77M parameters, byte-level tokenizer) pretrained from random weights on
# tinyshakespeare.txt minus its first 60,000 characters, then perplexity (`hone eval --metric ppl`) on those first
# 60,000 characters (40 items of 1,500) with FP32, `--quant int8` and `--dtype bf16` weights.
#   usage: tools/int8-ppl-shakespeare.sh [WORK] [EPOCHS]     (default 1 epoch: 550 steps)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$HERE/.."
WORK="${1:-$(mktemp -d)}"
EPOCHS="${2:-1}"
TEXT="$ROOT/../shared/data/corpus/tinyshakespeare.txt"
[ -f "$TEXT" ] || { echo "int8-ppl-shakespeare.sh: $TEXT not found (the shared data folder beside the checkout)" >&2; exit 2; }
mkdir -p "$WORK"
# train rows: 240-character slices of the text after the held-out part (they fit the 256-token rows: the
# tokenizer is byte-level); eval items: the held-out part in 1,500s
python3 - "$TEXT" "$WORK" <<'PY'
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
held, rest = text[:60000], text[60000:]
with open(sys.argv[2] + "/train.jsonl", "w") as f:
    for i in range(0, len(rest), 240):
        f.write(json.dumps({"text": rest[i:i + 240]}) + "\n")
with open(sys.argv[2] + "/held-out.jsonl", "w") as f:
    for i in range(0, len(held), 1500):
        f.write(json.dumps({"input": held[i:i + 1500]}) + "\n")
PY
"$ROOT/hone" init-model --config "$ROOT/quickstart/base-model-config/config.json" --out "$WORK/init" --seed 0
cp "$ROOT/quickstart/base-model-config/tokenizer.json" "$ROOT/quickstart/base-model-config/tokenizer_config.json" "$WORK/init/"
"$ROOT/hone" finetune --model "$WORK/init" --data "$WORK/train.jsonl" --out "$WORK/pt" --method full --lr 3e-3 \
  --schedule cosine --warmup 0.03 --batch 8 --max-seq-len 256 --packing --epochs "$EPOCHS" --seed 1
for fmt in "" "--quant int8" "--dtype bf16"; do
  name="${fmt:-fp32}"; name="${name##* }"
  # shellcheck disable=SC2086
  "$ROOT/hone" eval --model "$WORK/pt/model" --task "$WORK/held-out.jsonl" --metric ppl --quiet $fmt \
    --out "$WORK/ppl-$name.jsonl" | tee "$WORK/ppl-$name.txt"
done
echo "perplexity on the held-out 60,000 characters: $(for n in fp32 int8 bf16; do printf '%s %s  ' "$n" "$(grep -o 'ppl [0-9.]*' "$WORK/ppl-$n.txt" | head -1)"; done)"
