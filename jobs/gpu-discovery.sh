#!/usr/bin/env bash
# Spark GPU discovery script (spark.{driver,executor}.resource.gpu.discoveryScript): prints the GPU indices this
# executor may use as Spark's ResourceInformation JSON, e.g. {"name": "gpu", "addresses": ["0","1"]}.
# Honours CUDA_VISIBLE_DEVICES (YARN/Kubernetes isolation): addresses are then 0..n-1, as CUDA renumbers them.
set -euo pipefail
if [[ -n "${CUDA_VISIBLE_DEVICES:-}" ]]; then
  n=$(awk -F, '{print NF}' <<<"$CUDA_VISIBLE_DEVICES")
  addresses=$(seq -s, 0 $((n - 1)) | sed 's/[0-9]\+/"&"/g')
else
  addresses=$(nvidia-smi --query-gpu=index --format=csv,noheader | sed 's/ //g; s/.*/"&"/' | paste -sd, -)
fi
echo "{\"name\": \"gpu\", \"addresses\": [$addresses]}"
