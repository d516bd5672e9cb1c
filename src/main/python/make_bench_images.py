#!/usr/bin/python3
"""Generates the benchmark's image sets (jobs/bench.sh), seeded, under target/ (never committed).

  photos  N real photos of mixed sizes and formats, cut from the CC0 / public-domain photos that Debian's
          python3-skimage ships (astronaut, chelsea, coffee, rocket, retina, hubble_deep_field, motorcycle, camera,
          coins, moon, ...): each file is a random crop (50-100 % of each side) of one photo, resized so its longer
          side is 256-1024 px, written as JPEG (quality 75-95, 75 % of files) or PNG (25 %); gray sources stay gray.
  photos12mp
          N camera-size photos (4032x3024, JPEG quality 92, 4:2:0, 2.5-4 MB, as a 12 MP phone writes them): a random
          crop of one skimage photo upscaled to the size, then given the detail a camera sensor records and an
          upscale lacks: fine texture (value noise at 2-16 px scales, modulating the picture) and sensor grain
          (Gaussian, sigma 5, per pixel and channel), seeded; each photo takes its own slice of both. --small WxH also writes the same photos resized (Pillow
          LANCZOS) to that size into <out>-<W>x<H>, for the job's rate on the same pictures at a small size.
  fashion-scale
          N Fashion-MNIST 28x28 gray PNGs in class folders: the 10,000 test and 60,000 training images, then
          perturbed copies (mirrored, shifted by one pixel) until N files exist.

Usage:
  /usr/bin/python3 src/main/python/make_bench_images.py photos --out target/bench/photos-2000 --count 2000
  /usr/bin/python3 src/main/python/make_bench_images.py photos12mp --out target/bench/photos12mp-48 --count 48 \
      --small 640x480
  /usr/bin/python3 src/main/python/make_bench_images.py fashion-scale --out target/bench/fashion-100k --count 100000
"""
import argparse
import gzip
import os
import random
import sys

from PIL import Image, ImageChops, ImageOps

SKIMAGE_DATA = "/usr/lib/python3/dist-packages/skimage/data"
# Photographs only (no synthetic test patterns, palettes or text renderings).
PHOTOS = ["astronaut.png", "brick.png", "camera.png", "cell.png", "chelsea.png", "clock_motion.png", "coffee.png",
          "coins.png", "grass.png", "gravel.png", "hubble_deep_field.jpg", "ihc.png", "moon.png",
          "motorcycle_left.png", "motorcycle_right.png", "retina.jpg", "rocket.jpg"]
FASHION_DIR = "/usr/share/datasets/fashion-mnist"
FASHION_LABELS = ["t-shirt_top", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag",
                  "ankle_boot"]


def photos(out, count, seed):
    rng = random.Random(seed)
    sources = []
    for name in PHOTOS:
        path = os.path.join(SKIMAGE_DATA, name)
        if not os.path.exists(path):
            continue
        img = Image.open(path)
        img = img.convert("L") if img.mode in ("L", "I;16", "I") else img.convert("RGB")
        sources.append((os.path.splitext(name)[0], img))
    if not sources:
        sys.exit(f"no photos in {SKIMAGE_DATA}: apt-get install python3-skimage")
    for i in range(count):
        name, img = sources[i % len(sources)]
        w, h = img.size
        cw = max(16, int(w * rng.uniform(0.5, 1.0)))
        ch = max(16, int(h * rng.uniform(0.5, 1.0)))
        x = rng.randint(0, w - cw)
        y = rng.randint(0, h - ch)
        crop = img.crop((x, y, x + cw, y + ch))
        longer = rng.randint(256, 1024)
        scale = longer / max(cw, ch)
        crop = crop.resize((max(1, round(cw * scale)), max(1, round(ch * scale))), Image.BILINEAR)
        folder = os.path.join(out, name)
        os.makedirs(folder, exist_ok=True)
        if rng.random() < 0.75:
            crop.save(os.path.join(folder, f"img-{i:06d}.jpg"), quality=rng.randint(75, 95))
        else:
            crop.save(os.path.join(folder, f"img-{i:06d}.png"))
    print(f"wrote {count} photos under {out} (from {len(sources)} skimage photos)")


def photos12mp(out, count, seed, small):
    import numpy as np  # Debian python3-numpy (a dependency of python3-skimage)

    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    width, height = 4032, 3024
    sources = []
    for name in PHOTOS:
        path = os.path.join(SKIMAGE_DATA, name)
        if os.path.exists(path):
            sources.append((os.path.splitext(name)[0], Image.open(path).convert("RGB")))
    if not sources:
        sys.exit(f"no photos in {SKIMAGE_DATA}: apt-get install python3-skimage")
    os.makedirs(out, exist_ok=True)
    small_dir = None
    if small:
        sw, sh = (int(v) for v in small.split("x"))
        small_dir = f"{out}-{sw}x{sh}"
        os.makedirs(small_dir, exist_ok=True)
    # Texture and grain come from banks wider than a photo, computed once; each photo takes its own horizontal
    # slice (a seeded offset), so no two photos share their detail and each costs a resize, a few integer array
    # operations and the encode.
    margin = 512
    texture = np.zeros((height, width + margin), np.float32)
    for cell, amp in ((2, 5.0), (4, 5.0), (8, 4.0), (16, 3.0)):
        grid = nrng.standard_normal((height // cell + 1, (width + margin) // cell + 1)).astype(np.float32)
        up = Image.fromarray(grid, "F").resize((width + margin, height), Image.BILINEAR)
        texture += amp * np.asarray(up, dtype=np.float32)
    texture = np.clip(texture, -60, 60).astype(np.int16)
    grain = np.clip(nrng.normal(0.0, 5.0, (height, width + margin, 3)), -20, 20).astype(np.int16)
    for i in range(count):
        name, img = sources[i % len(sources)]
        w, h = img.size
        cw = max(64, int(w * rng.uniform(0.6, 1.0)))
        ch = max(48, min(h, int(cw * 3 / 4)))
        x = rng.randint(0, w - cw)
        y = rng.randint(0, h - ch)
        base = np.asarray(img.crop((x, y, x + cw, y + ch)).resize((width, height), Image.BICUBIC), dtype=np.int16)
        t = rng.randint(0, margin)
        g = rng.randint(0, margin)
        tex = texture[:, t:t + width, None]
        # The texture modulates the picture (x (1 + tex/256)) as well as adding to it; then sensor grain.
        pixels = base + ((base * tex) >> 8) + (tex >> 1) + grain[:, g:g + width]
        photo = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")
        file = f"img-{i:04d}-{name}.jpg"
        photo.save(os.path.join(out, file), quality=92, subsampling=2)
        if small_dir:
            photo.resize((sw, sh), Image.LANCZOS).save(os.path.join(small_dir, file), quality=92, subsampling=2)
    sizes = [os.path.getsize(os.path.join(out, f)) for f in os.listdir(out) if f.endswith(".jpg")]
    print(f"wrote {count} photos of {width}x{height} under {out}: {min(sizes) / 1e6:.2f}-{max(sizes) / 1e6:.2f} MB, "
          f"mean {sum(sizes) / len(sizes) / 1e6:.2f} MB" + (f"; and at {small} under {small_dir}" if small else ""))


def read_idx(path, magic):
    with gzip.open(path, "rb") as f:
        data = f.read()
    if int.from_bytes(data[0:4], "big") != magic:
        sys.exit(f"not an IDX file: {path}")
    n = int.from_bytes(data[4:8], "big")
    if magic == 0x0801:
        return n, data[8:8 + n]
    rows, cols = int.from_bytes(data[8:12], "big"), int.from_bytes(data[12:16], "big")
    return n, [data[16 + k * rows * cols:16 + (k + 1) * rows * cols] for k in range(n)]


def fashion_scale(out, count, seed):
    rng = random.Random(seed)
    sets = []
    for split, prefix in (("t10k", "test"), ("train", "train")):
        _, images = read_idx(os.path.join(FASHION_DIR, f"{split}-images-idx3-ubyte.gz"), 0x0803)
        _, labels = read_idx(os.path.join(FASHION_DIR, f"{split}-labels-idx1-ubyte.gz"), 0x0801)
        sets.append((prefix, images, labels))
    for label in FASHION_LABELS:
        os.makedirs(os.path.join(out, label), exist_ok=True)
    written = 0
    variant = 0
    while written < count:
        for prefix, images, labels in sets:
            for k in range(len(images)):
                if written >= count:
                    break
                img = Image.frombytes("L", (28, 28), images[k])
                tag = prefix
                if variant > 0:
                    # Perturbed copies: mirrored and/or shifted, so no two files hold the same pixels.
                    if variant % 2 == 1:
                        img = ImageOps.mirror(img)
                    img = ImageChops.offset(img, rng.choice((-1, 1)), rng.choice((-1, 0, 1)))
                    tag = f"{prefix}-v{variant}"
                img.save(os.path.join(out, FASHION_LABELS[labels[k]], f"{tag}-{k:05d}.png"))
                written += 1
        variant += 1
    print(f"wrote {written} Fashion-MNIST PNGs under {out}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=["photos", "photos12mp", "fashion-scale"])
    parser.add_argument("--out", required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--small", help="photos12mp: also write the photos at this size, WxH (e.g. 640x480)")
    args = parser.parse_args()
    if args.kind == "photos":
        photos(args.out, args.count, args.seed)
    elif args.kind == "photos12mp":
        photos12mp(args.out, args.count, args.seed, args.small)
    else:
        fashion_scale(args.out, args.count, args.seed)


if __name__ == "__main__":
    main()
