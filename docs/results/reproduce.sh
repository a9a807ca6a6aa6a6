#!/usr/bin/env bash
# Re-runs every result in docs/results.md (about 45 minutes on 2 cores): the IMDB Conv1D models on both
# backends on the real reviews, then the Jena models on the synthetic series. Run from the repository root.
set -u
out=docs/results
data=${IMDB_DIR:-../shared/data/imdb}
weights=$(mktemp -d)
run() { name=$1; shift; echo "=== $(date -u +%FT%TZ) ./seqconv $*" >> "$out/$name.log"; ./seqconv "$@" >> "$out/$name.log" 2>&1; echo "rc=$?" >> "$out/$name.log"; }
for backend in tensorflow nd4j; do
  for model in imdb-conv1d imdb-conv1d-sigmoid; do
    run "$model-$backend" train "$model" --backend "$backend" --data-dir "$data" --plot "$out/$model-$backend.png" \
      --history "$out/$model-$backend.csv" --save "$weights/$model-$backend.weights.h5"
    run "$model-$backend" evaluate "$model" --backend "$backend" --data-dir "$data" --weights "$weights/$model-$backend.weights.h5"
  done
done
run imdb-conv1d-sigmoid-full-tensorflow train imdb-conv1d-sigmoid --backend tensorflow --data-dir "$data" \
  --validation-split 0 --save "$weights/full.weights.h5" --history "$out/imdb-conv1d-sigmoid-full-tensorflow.csv"
run imdb-conv1d-sigmoid-full-tensorflow evaluate imdb-conv1d-sigmoid --backend tensorflow --data-dir "$data" \
  --weights "$weights/full.weights.h5"
run jena-baseline-synthetic baseline jena --synthetic
run jena-conv1d-synthetic-tensorflow train jena-conv1d --backend tensorflow --synthetic \
  --plot "$out/jena-conv1d-synthetic-tensorflow.png" --history "$out/jena-conv1d-synthetic-tensorflow.csv" \
  --save "$weights/jc.weights.h5"
run jena-conv1d-synthetic-tensorflow evaluate jena-conv1d --backend tensorflow --synthetic --weights "$weights/jc.weights.h5"
run jena-conv-gru-synthetic-tensorflow train jena-conv-gru --backend tensorflow --synthetic \
  --plot "$out/jena-conv-gru-synthetic-tensorflow.png" --history "$out/jena-conv-gru-synthetic-tensorflow.csv" \
  --save "$weights/jcg.weights.h5"
run jena-conv-gru-synthetic-tensorflow evaluate jena-conv-gru --backend tensorflow --synthetic --weights "$weights/jcg.weights.h5"
run jena-conv-gru-synthetic-nd4j train jena-conv-gru --backend nd4j --synthetic --epochs 2 \
  --history "$out/jena-conv-gru-synthetic-nd4j.csv"
run jena-conv-gru-synthetic-nd4j evaluate jena-conv-gru --backend nd4j --synthetic --weights "$weights/jcg.weights.h5"
