#!/usr/bin/env bash
# hone eval one prompt at a time (--batch 1) against batched decoding with the shared prefix prefilled once
# (--batch 16), same task, same model, same run; checks that the per-example outputs are identical.
# Model: SmolLM2-135M's shape with random weights and the Llama 2 tokenizer of ../shared/fixtures/tiny-llama
# (vocabulary 32000 instead of 49152, so every id decodes). Task: 90 GSM8K test questions, a 4-demo prompt
# from GSM8K train. Usage: tools/bench-eval-batch.sh [WORKDIR] [MAX_NEW_TOKENS] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
W="${1:-/tmp/hone-bench-eval}"
NEW="${2:-32}"
ROUNDS="${3:-1}"
FIX="${HONE_FIXTURES:-../shared/fixtures}"
DATA="${HONE_DATA:-../shared/data}"
mkdir -p "$W"
if [ ! -f "$W/model/model.safetensors" ]; then
  ./hone init-model --shape smollm2-135m --out "$W/shape" >/dev/null
  python3 - "$W" <<'EOF'
import json, sys
w = sys.argv[1]
c = json.load(open(f"{w}/shape/config.json"))
c.update(vocab_size=32000, bos_token_id=1, eos_token_id=2)
json.dump(c, open(f"{w}/config-32k.json", "w"), indent=2)
EOF
  ./hone init-model --config "$W/config-32k.json" --out "$W/model" >/dev/null
  cp "$FIX"/tiny-llama/tokenizer.json "$FIX"/tiny-llama/tokenizer_config.json "$W/model/"
fi
python3 - "$W" "$DATA" <<'EOF'
import json, sys
w, data = sys.argv[1], sys.argv[2]
def rows(f):
    return [json.loads(l) for l in open(f)]
test, train = rows(f"{data}/gsm8k/test.jsonl")[:90], rows(f"{data}/gsm8k/train.jsonl")[:4]
with open(f"{w}/task.jsonl", "w") as f:
    for r in test:
        f.write(json.dumps({"input": r["question"], "target": r["answer"].split("####")[-1].strip()}) + "\n")
demos = [{"input": r["question"], "output": r["answer"].split("####")[-1].strip()} for r in train]
json.dump({"mode": "completion", "instruction": "Answer each question with a number.",
           "template": "Question: {input}\nAnswer:", "demos": demos}, open(f"{w}/prompt.json", "w"), indent=2)
EOF
run() { # batch out -> seconds
  local t0 t1
  t0=$(date +%s.%N)
  ./hone eval --task "$W/task.jsonl" --model "$W/model" --prompt "$W/prompt.json" --max-new-tokens "$NEW" \
    --quiet --batch "$1" --out "$2" >/dev/null
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l
}
best1=999999; best16=999999
for r in $(seq "$ROUNDS"); do
  s1=$(run 1 "$W/out-batch1.jsonl"); s16=$(run 16 "$W/out-batch16.jsonl")
  echo "round $r: --batch 1 ${s1}s, --batch 16 ${s16}s" >&2
  best1=$(echo "if ($s1 < $best1) $s1 else $best1" | bc -l); best16=$(echo "if ($s16 < $best16) $s16 else $best16" | bc -l)
done
same=false
cmp -s "$W/out-batch1.jsonl" "$W/out-batch16.jsonl" && same=true
printf '{"bench":"eval-batch","examples":90,"demos":4,"max_new_tokens":%s,"batch1_s":%.1f,"batch16_s":%.1f,"speedup":%.2f,"identical_outputs":%s}\n' \
  "$NEW" "$best1" "$best16" "$(echo "$best1 / $best16" | bc -l)" "$same"
