#!/usr/bin/env bash
# Re-creates the in-context-format test model (hone-eval/src/test/resources/icl-model/) with hone itself, ~8 minutes
# on 2 cores: the quickstart's 0.77M-parameter byte-level Llama shape (base-model-config/), trained from random
# weights on AnswerStyles documents (hone-eval/src/test/java/io/hone/eval/icl/AnswerStyles.java): number questions
# whose answer style (bare number / "The answer is N." / restating the question) holds for the whole document, is
# set by the first question's kind 60% of the time, and is named by an optional instruction line. Each document is a
# {"prompt","completion"} row, so the loss is on its last answer: the model learns the numbers and to answer in the
# style its context shows. Also writes the task (its own seed) next to the model (icl/task.jsonl).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$HERE/.."
WORK="${1:-$(mktemp -d)}"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
GEN="$ROOT/hone-eval/src/test/java/io/hone/eval/icl/AnswerStyles.java"
RES="$ROOT/hone-eval/src/test/resources"

"$JAVA" "$GEN" answers "$WORK/short.jsonl" 60000 4 2   # documents of 1-2 questions
"$JAVA" "$GEN" answers "$WORK/long.jsonl" 12000 5 7    # documents of 1-7 questions
"$JAVA" "$GEN" task "$RES/icl/task.jsonl" 80 2026      # 80 questions of each kind, bare targets
"$ROOT/hone" init-model --config "$HERE/base-model-config/config.json" --out "$WORK/init" --seed 0
cp "$HERE/base-model-config/tokenizer.json" "$HERE/base-model-config/tokenizer_config.json" "$WORK/init/"
# stage 1 (~4.5 min here): short documents, where reading the number off the question is learned fast;
# stage 2 (~3 min): longer ones, so that it still reads the last question's number after several answered ones
"$ROOT/hone" finetune --model "$WORK/init" --data "$WORK/short.jsonl" --out "$WORK/s1" --method full --lr 3e-3 \
  --schedule cosine --warmup 0.02 --batch 32 --max-seq-len 512 --epochs 1 --seed 3
"$ROOT/hone" finetune --model "$WORK/s1/model" --data "$WORK/long.jsonl" --out "$WORK/s2" --method full --lr 2e-3 \
  --schedule cosine --warmup 0.02 --batch 16 --max-seq-len 512 --epochs 1 --seed 4
DEST="$RES/icl-model"
mkdir -p "$DEST"
cp "$WORK/s2/model/"{config.json,model.safetensors,tokenizer.json,tokenizer_config.json} "$DEST/"
echo "wrote $DEST"
