#!/usr/bin/python3
"""Exports torchvision's EfficientNet-B0 with untrained, seeded weights for the speed benchmark (jobs/bench.sh).

No pretrained ImageNet weights are obtainable offline here, so the model's predictions mean nothing: it exists to
measure speed at the real B0 shape (5.3 M parameters, 224x224 input, 1000 logits). Writes into --out:

  model.onnx        ONNX opset 13, input "input" [N, 3, 224, 224] float32 NCHW, output "logits" [N, 1000],
                    dynamic batch axis (what the job runs with ONNX Runtime)
  model.pt          TorchScript trace of the same module (what the Python loop of the benchmark runs)
  labels.txt        class-000 ... class-999
  model-card.json   resize 256 (shorter side), center-crop 224, x/255, ImageNet mean/std

Usage (Debian python3-torch, python3-torchvision; about a minute):
  /usr/bin/python3 src/main/python/export_efficientnet_b0.py --out target/models/effnet-b0-224
"""
import argparse
import hashlib
import json
import os

import torch
import torchvision

SIZE = 224
RESIZE = 256
CLASSES = 1000
MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=20190528)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    torch.manual_seed(args.seed)
    torch.set_num_threads(1)

    # weights=None: torchvision's own initialisation (kaiming-normal convolutions, BN at mean 0 / var 1), seeded.
    model = torchvision.models.efficientnet_b0(weights=None, num_classes=CLASSES).eval()
    params = sum(p.numel() for p in model.parameters())
    example = torch.rand(2, 3, SIZE, SIZE)
    with torch.no_grad():
        logits = model(example)
    if not torch.isfinite(logits).all():
        raise SystemExit("untrained B0 produced non-finite logits; try another --seed")

    onnx_path = os.path.join(args.out, "model.onnx")
    torch.onnx.export(model, example[:1], onnx_path, opset_version=13, input_names=["input"],
                      output_names=["logits"], dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    pt_path = os.path.join(args.out, "model.pt")
    with torch.no_grad():
        torch.jit.trace(model, example[:1]).save(pt_path)
    with open(os.path.join(args.out, "labels.txt"), "w") as f:
        f.write("\n".join(f"class-{i:03d}" for i in range(CLASSES)) + "\n")
    card = {
        "name": "effnet-b0-224-untrained",
        "architecture": "torchvision efficientnet_b0 (Tan & Le 2019, B0: MBConv + Squeeze-and-Excitation, SiLU), "
                        "untrained seeded weights: for speed measurements only",
        "parameters": params,
        "seed": args.seed,
        "framework": "torch " + torch.__version__ + ", torchvision " + torchvision.__version__,
        "input": {"name": "input", "shape": [-1, 3, SIZE, SIZE], "layout": "NCHW", "dtype": "float32"},
        "output": {"name": "logits", "shape": [-1, CLASSES], "kind": "logits"},
        "preprocessing": {
            "color": "RGB", "resize": RESIZE, "resize_mode": "shorter_side", "interpolation": "bilinear_half_pixel",
            "crop": SIZE, "scale": 1.0 / 255.0, "mean": MEAN, "std": STD
        },
        "labels": "labels.txt",
        "files": {name: sha256(os.path.join(args.out, name)) for name in ["model.onnx", "model.pt", "labels.txt"]},
    }
    with open(os.path.join(args.out, "model-card.json"), "w") as f:
        json.dump(card, f, indent=2)
    print(f"wrote {args.out}: efficientnet_b0, {params} parameters, {SIZE}x{SIZE}, {CLASSES} classes")


if __name__ == "__main__":
    main()
