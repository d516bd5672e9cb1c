#!/usr/bin/python3
"""Benchmark stage (e): the plain Python loop a user would write instead of the job (jobs/bench.sh).

Debian's python3-torch and torchvision: PIL opens each file, torchvision transforms resize (shorter side),
center-crop, ToTensor and Normalize as the model card says, batches go through the TorchScript model (model.pt
beside model.onnx: the same network) under torch.no_grad(), then softmax and top-k; one CSV line per file (path,
top-1 label, probability, or the error). Timed from the first file read to the last line written.
--threads sets torch's intra-op threads (interop 1): the same cores as the JVM stages.

--draft: before decoding, Image.draft("RGB", (resize, resize)) lets libjpeg decode a JPEG at 1/2, 1/4 or 1/8 scale
(the largest that keeps both sides >= resize): what a user who knows Pillow writes for camera photos.
CPU per image is also split into decode (open, draft, convert), resize (the torchvision transforms) and inference
(the forward passes, all torch threads), each from process CPU time around that stage.

Prints "BENCH stage=python images_per_second=... decode_cpu_ms=... resize_cpu_ms=... inference_cpu_ms=...
peak_rss_mb=...".

  /usr/bin/python3 src/main/python/bench_python_loop.py --model-dir models/fashion-effnet \
      --input target/fashion-mnist-10k --threads 2 --batch-size 32 --out target/bench/python-fashion.csv
"""
import argparse
import csv
import json
import os
import resource
import sys
import time

import torch
from PIL import Image
from torchvision import transforms

EXTENSIONS = (".jpg", ".jpeg", ".png")


def image_files(root):
    out = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        out.extend(os.path.join(folder, f) for f in files
                   if not f.startswith(".") and f.lower().endswith(EXTENSIONS))
    return sorted(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model-dir", required=True, help="folder with model.pt, labels.txt, model-card.json")
    parser.add_argument("--input", required=True)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--top-k", type=int, default=5)
    parser.add_argument("--out", default="/dev/null", help="CSV of predictions")
    parser.add_argument("--draft", action="store_true", help="Image.draft() before decoding (reduced-scale JPEG)")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    with open(os.path.join(args.model_dir, "model-card.json")) as f:
        pre = json.load(f)["preprocessing"]
    with open(os.path.join(args.model_dir, "labels.txt")) as f:
        labels = [line.strip() for line in f if line.strip()]
    model = torch.jit.load(os.path.join(args.model_dir, "model.pt")).eval()
    transform = transforms.Compose([
        transforms.Resize(pre["resize"], interpolation=transforms.InterpolationMode.BILINEAR),
        transforms.CenterCrop(pre["crop"]),
        transforms.ToTensor(),
        transforms.Normalize(pre["mean"], pre["std"]),
    ])
    files = image_files(args.input)
    k = min(args.top_k, len(labels))

    start = time.perf_counter()
    usage0 = resource.getrusage(resource.RUSAGE_SELF)
    predicted = errors = 0
    stage_cpu = {"decode": 0.0, "resize": 0.0, "inference": 0.0}
    draft = (pre["resize"], pre["resize"]) if isinstance(pre["resize"], int) else tuple(reversed(pre["resize"]))
    with open(args.out, "w", newline="") as out, torch.no_grad():
        writer = csv.writer(out)
        for i in range(0, len(files), args.batch_size):
            tensors, names = [], []
            for path in files[i:i + args.batch_size]:
                try:
                    t0 = time.process_time()
                    with Image.open(path) as img:
                        if args.draft:
                            img.draft("RGB", draft)
                        rgb = img.convert("RGB")
                    t1 = time.process_time()
                    tensors.append(transform(rgb))
                    stage_cpu["decode"] += t1 - t0
                    stage_cpu["resize"] += time.process_time() - t1
                    names.append(path)
                except Exception as e:  # one bad file is a row, not a crash
                    writer.writerow([path, "", "", type(e).__name__])
                    errors += 1
            if not tensors:
                continue
            t0 = time.process_time()
            logits = model(torch.stack(tensors))
            stage_cpu["inference"] += time.process_time() - t0
            probs = torch.softmax(logits, dim=1)
            top_p, top_i = probs.topk(k, dim=1)
            for path, p, idx in zip(names, top_p.tolist(), top_i.tolist()):
                writer.writerow([path, labels[idx[0]], f"{p[0]:.6f}", ""])
                predicted += 1
    seconds = time.perf_counter() - start
    usage1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (usage1.ru_utime + usage1.ru_stime) - (usage0.ru_utime + usage0.ru_stime)  # all of torch's threads
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(f"BENCH stage=python images={len(files)} threads={args.threads} batch_size={args.batch_size} "
          f"seconds={seconds:.3f} images_per_second={len(files) / seconds:.3f} predicted={predicted} "
          f"errors={errors} cpu_ms_per_image={1000 * cpu / max(1, len(files)):.3f} draft={int(args.draft)} "
          + "".join(f"{k}_cpu_ms={1000 * v / max(1, len(files)):.3f} " for k, v in stage_cpu.items()) + f"peak_rss_mb={rss_mb:.1f} torch={torch.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
