"""Writes src/test/resources/models/brightness-index/: a tiny ONNX classifier that fails on bright images.

The model takes the job's input [N, 3, 4, 4] (float32, NCHW), takes each image's brightest sample, casts it to an
integer and uses it as a row index into a constant table of 200 logit rows (Gather). ONNX Runtime rejects an index
outside [-200, 199] with an error for the whole call, so a batch that holds one image with a sample >= 200 fails,
while each of its other images succeeds alone: a real engine failure caused by one image, used to test the job's
image-by-image retry. With the card's preprocessing (scale 1, mean 0, std 1) samples are the 0-255 pixel values.
Classes: dim (max < 67), medium (67-133), light (134-199).

Run with Debian's python3-onnx:  /usr/bin/python3 src/test/python/make_brightness_index_model.py
"""
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "models", "brightness-index")
ROWS = 200
LABELS = ["dim", "medium", "light"]

table = np.zeros((ROWS, len(LABELS)), dtype=np.float32)
for i in range(ROWS):
    table[i, min(i // 67, 2)] = 5.0

graph = helper.make_graph(
    [
        helper.make_node("ReduceMax", ["input"], ["brightest"], axes=[1, 2, 3], keepdims=0),
        helper.make_node("Cast", ["brightest"], ["index"], to=TensorProto.INT64),
        helper.make_node("Gather", ["table", "index"], ["logits"], axis=0),
    ],
    "brightness_index",
    [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 3, 4, 4])],
    [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", len(LABELS)])],
    [numpy_helper.from_array(table, "table")],
)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="effnet-spark tests")
model.ir_version = 7
onnx.checker.check_model(model)
os.makedirs(OUT, exist_ok=True)
onnx.save(model, os.path.join(OUT, "model.onnx"))
with open(os.path.join(OUT, "labels.txt"), "w") as f:
    f.write("\n".join(LABELS) + "\n")
with open(os.path.join(OUT, "model-card.json"), "w") as f:
    json.dump({"name": "brightness-index (test model that fails on samples >= 200)",
               "input": {"shape": [-1, 3, 4, 4]},
               "preprocessing": {"resize": 4, "crop": 4, "scale": 1.0, "mean": [0, 0, 0], "std": [1, 1, 1]}},
              f, indent=2)
    f.write("\n")
