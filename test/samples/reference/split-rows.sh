#!/usr/bin/env bash
# Writes the rows a sample's Split node produces as CSV (train.csv, test.csv in OUT), by running the
# sample's own nodes up to Split through the real CLI (`run-node`, as a cluster step would), so a
# python reference fits and scores the SAME rows as the app. Usage (from the repository root):
#   test/samples/reference/split-rows.sh pipelines-samples/penguins-quick-start.pipeline.json OUT import clean split
# The node ids after OUT form a chain, each reading its predecessor's table (port "output", or "table"
# for an Import) on its port "input", or on the port named after a colon (grades:a for a SQL node).
set -euo pipefail
pipeline=$1 out=$2
shift 2
mkdir -p "$out"
prev=''
for spec in "$@"; do
  node=${spec%%:*} in=input
  [ "$spec" != "$node" ] && in=${spec#*:}
  if [ -z "$prev" ]; then
    node cli/bin.mjs run-node "$pipeline" --node "$node" --outputs "$out/$node" --workspace "$out/ws" >/dev/null
  else
    port=output
    [ -d "$out/$prev/table" ] && port=table
    node cli/bin.mjs run-node "$pipeline" --node "$node" --input "$in=$out/$prev/$port" --outputs "$out/$node" --workspace "$out/ws" >/dev/null
  fi
  prev=$node
done
node test/samples/reference/parquet-to-csv.mjs "$out/$prev/train/table.parquet" "$out/train.csv" "$out/$prev/test/table.parquet" "$out/test.csv"
