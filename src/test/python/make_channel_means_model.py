"""Writes src/test/resources/models/channel-means-nhwc/: a tiny model whose outputs are its input's channel means.

Input [N, 6, 4, 3] float32, NHWC (channels last, as Keras/TensorFlow models take them), 6 pixels high and 4 wide
(not square, so height and width cannot be swapped unnoticed). Output [N, 3]: the mean of each channel over the
image. With the card's preprocessing (scale 1/255, mean 0, std 1) a solid colour (r, g, b) gives (r, g, b) / 255
exactly, so tests can tell the layout (an NCHW buffer read as NHWC mixes the channels), the channel order, and what
the job does with the outputs (output.kind: softmax, as they are, or sigmoid) from the probabilities alone.

The same module as ONNX (opset 13, dynamic batch axis) and TorchScript (torch.jit.trace), so both engines run it.
Tests copy the folder and change the card (output.kind, color) as they need.

Run with Debian's python3-torch and python3-onnx:  /usr/bin/python3 src/test/python/make_channel_means_model.py
"""
import json
import os

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "models", "channel-means-nhwc")
H, W = 6, 4


class ChannelMeans(torch.nn.Module):
    def forward(self, x):  # x: [N, H, W, C]
        return x.mean(dim=(1, 2))


def main():
    os.makedirs(OUT, exist_ok=True)
    model = ChannelMeans().eval()
    example = torch.rand(2, H, W, 3)
    torch.onnx.export(model, example, os.path.join(OUT, "model.onnx"), opset_version=13, input_names=["input"],
                      output_names=["means"], dynamic_axes={"input": {0: "batch"}, "means": {0: "batch"}})
    torch.jit.trace(model, example).save(os.path.join(OUT, "model.pt"))
    with open(os.path.join(OUT, "labels.txt"), "w") as f:
        f.write("first\nsecond\nthird\n")
    card = {
        "name": "channel-means-nhwc (test model: outputs are the input's channel means)",
        "input": {"name": "input", "shape": [-1, H, W, 3], "layout": "NHWC", "dtype": "float32"},
        "output": {"name": "means", "shape": [-1, 3], "kind": "probabilities"},
        "preprocessing": {"color": "RGB", "resize": [H, W], "resize_mode": "exact", "interpolation": "bilinear",
                          "scale": 1.0 / 255.0, "mean": [0, 0, 0], "std": [1, 1, 1]},
    }
    with open(os.path.join(OUT, "model-card.json"), "w") as f:
        json.dump(card, f, indent=2)
        f.write("\n")
    print("wrote " + OUT)


if __name__ == "__main__":
    main()
