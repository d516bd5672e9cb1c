#!/usr/bin/env bash
# Writes Fashion-MNIST test images (Debian's dataset-fashion-mnist) as PNG files into class-named folders.
#
#   jobs/make-fashion-pngs.sh OUT_DIR [PER_CLASS|all] [DATA_DIR]
#   jobs/make-fashion-pngs.sh target/fashion-mnist-10k all       # all 10,000 test images
# The committed sample, samples/fashion-mnist, is: jobs/make-fashion-pngs.sh samples/fashion-mnist 50
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
effnet_build_if_missing
exec java -cp "$EFFNET_JAR" io.effnetspark.tools.FashionMnistPngs "$@"
