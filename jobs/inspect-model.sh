#!/usr/bin/env bash
# Prints a model's inputs and outputs (names, element types, shapes) as its engine reports them, and writes a
# model-card.json template: what the engine shows is filled in (layout, channels, size, a softmax head), the rest
# is marked FILL_IN for you to fill in; the job refuses the card until you have (README "Bring your own EfficientNet").
#
#   jobs/inspect-model.sh MODEL [--shape N,C,H,W] [--out FILE | --out -] [--force]
#   jobs/inspect-model.sh my-model/model.onnx                 (writes my-model/model-card.json, unless it exists)
#   jobs/inspect-model.sh my-model/model.pt --shape 1,3,224,224 --out -     (TorchScript records no shapes)
# Offline, CPU only, no Spark. Exit code: 0 written, 2 bad arguments or an existing file, 4 model missing or not
# loadable.
set -euo pipefail
# A TorchScript model needs the job jar with the PyTorch engine (README "PyTorch models").
if [[ "${1:-}" == *.pt ]]; then export EFFNET_PYTORCH="${EFFNET_PYTORCH:-1}"; fi
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
effnet_build_if_missing
# disable_alternative: an ONNX model must not make DJL unpack libtorch (README "GPU executors", FACTS).
exec java -Xmx1g -XX:TieredStopAtLevel=1 "${DJL_FLAGS[@]}" -Dai.djl.onnx.disable_alternative=true \
  -Dslf4j.internal.verbosity=ERROR -cp "$EFFNET_JAR" io.effnetspark.tools.InspectModel "$@"
