#!/usr/bin/python3
"""Writes the parity fixtures of the Java resampling primitives (io.effnetspark.image.PilResample, TorchResample,
PilConvert, CenterCrop, ResizeSizes) under src/test/resources/resample/. Run on demand; the output is committed.

Needs Debian 12's python3-pil (Pillow 9.4), python3-torch (1.13), python3-torchvision (0.14), python3-numpy and
python3-skimage (for its CC0 / public-domain photos). Use Debian's interpreter, not a pyenv one:

  /usr/bin/python3 src/main/python/make_resample_fixtures.py            # replaces src/test/resources/resample
  /usr/bin/python3 src/main/python/make_resample_fixtures.py --out DIR

What it writes (all TSV files are tab-separated, '#' lines are comments):
  sources.tsv   name, file, mode: the source images, as PNG under src/ (small crops of skimage photos at their
                native resolution, and synthetic ones: seeded noise, hard edges, 1-pixel-wide, 1-pixel-tall, 1x1,
                gray, and every colour whose convert("L") sum is an exact half)
  pil.tsv       source, filter, width, height, sha256, file: Image.resize((width, height), filter) of the source:
                SHA-256 of the output's bytes (row-major; R, G, B interleaved for RGB, one byte per pixel for L), and
                for LANCZOS (whose test allows 1-level differences) the output itself as PNG under pil/ (8-bit, so
                exact). Sources "gen:WxH" are large images generated from a formula both sides compute (generated()).
  pipeline.tsv  source, filter, resize, crop, sha256: torchvision Resize(resize, interpolation) + CenterCrop(crop)
                on the PIL image (so PIL's resize and torchvision's size and offset rules together)
  convert.tsv   source, file: Image.convert("L") of an RGB source, as PNG under convert/
  torch.tsv     source, mode, height, width, file: F.interpolate(ToTensor(source)[None], size=(height, width),
                mode=mode, align_corners=False (None for nearest), antialias=False)[0], float32 little-endian,
                C x height x width, under torch/
"""
import argparse
import hashlib
import os
import shutil

import numpy as np
import torch
import torch.nn.functional as F
import torchvision
import torchvision.transforms as T
from PIL import Image

SKIMAGE_DATA = "/usr/lib/python3/dist-packages/skimage/data"

# name -> (file, crop box (left, upper, right, lower), mode). Crops at native resolution keep the photos' real detail
# while the fixture stays small.
PHOTOS = {
    "astronaut": ("astronaut.png", (170, 60, 234, 108), "RGB"),  # 64x48, face and helmet rim
    "chelsea": ("chelsea.png", (150, 70, 213, 117), "RGB"),  # 63x47, cat's face and whiskers
    "coffee": ("coffee.png", (230, 120, 296, 169), "RGB"),  # 66x49
    "rocket": ("rocket.jpg", (190, 150, 237, 213), "RGB"),  # 47x63, portrait
    "camera": ("camera.png", (200, 80, 264, 128), "L"),  # 64x48, gray
    "chelsea_tiny": ("chelsea.png", (170, 80, 194, 98), "RGB"),  # 24x18, for upscaling
}

PIL_FILTERS = {
    "NEAREST": Image.Resampling.NEAREST,
    "BOX": Image.Resampling.BOX,
    "BILINEAR": Image.Resampling.BILINEAR,
    "HAMMING": Image.Resampling.HAMMING,
    "BICUBIC": Image.Resampling.BICUBIC,
    "LANCZOS": Image.Resampling.LANCZOS,
}
TV_MODES = {
    "NEAREST": T.InterpolationMode.NEAREST,
    "BILINEAR": T.InterpolationMode.BILINEAR,
    "BICUBIC": T.InterpolationMode.BICUBIC,
    "LANCZOS": T.InterpolationMode.LANCZOS,
}
DOWN_FACTORS = [1.1, 1.5, 2, 2.5, 3, 4.7, 7, 10, 20]


def synthetic(rng):
    """Small synthetic sources: worst cases for clipping (noise, hard edges) and degenerate shapes."""
    out = {}
    out["noise"] = Image.fromarray(rng.integers(0, 256, (47, 61, 3), dtype=np.uint8), "RGB")
    edges = np.zeros((33, 45, 3), dtype=np.uint8)
    edges[:, 15:30] = (255, 0, 128)
    edges[10:20, :] = (0, 255, 255)
    edges[:, ::7] = 255
    edges[::5, :, 1] = 0
    out["edges"] = Image.fromarray(edges, "RGB")
    out["wide1"] = Image.fromarray(rng.integers(0, 256, (37, 1, 3), dtype=np.uint8), "RGB")
    out["tall1"] = Image.fromarray(rng.integers(0, 256, (1, 53, 3), dtype=np.uint8), "RGB")
    out["dot"] = Image.fromarray(np.array([[[200, 30, 90]]], dtype=np.uint8), "RGB")
    ramp = (np.add.outer(np.arange(33) * 3, np.arange(64) * 2) % 256).astype(np.uint8)
    ramp[16, :] = 255
    out["ramp_l"] = Image.fromarray(ramp, "L")
    out["noise_l"] = Image.fromarray(rng.integers(0, 256, (29, 41), dtype=np.uint8), "L")
    # Every RGB whose luma sum R*19595 + G*38470 + B*7471 ends in exactly 0x8000: convert("L") rounds these halves up.
    r, g, b = np.meshgrid(np.arange(256), np.arange(256), np.arange(256), indexing="ij")
    halves = ((r * 19595 + g * 38470 + b * 7471) & 0xFFFF) == 0x8000
    out["luma_halves"] = Image.fromarray(np.stack([r[halves], g[halves], b[halves]], -1)[None].astype(np.uint8), "RGB")
    return out


def generated(width, height):
    """An RGB image from integer arithmetic alone (mirrored by the Java tests): a smooth pattern with sawtooth edges
    plus hashed noise. All arithmetic is on uint32 and wraps, as Java's int does."""
    y, x = np.mgrid[0:height, 0:width].astype(np.uint32)
    channels = []
    for c in range(3):
        cc = np.uint32(c)
        h = (x * np.uint32(73856093)) ^ (y * np.uint32(19349663)) ^ (cc * np.uint32(83492791))
        h ^= h >> np.uint32(13)
        h *= np.uint32(0x5BD1E995)
        h ^= h >> np.uint32(15)
        noise = h & np.uint32(63)
        smooth = (x * (cc + 1) * 3 + y * (3 - cc) * 2 + ((x * y) >> np.uint32(7))) & np.uint32(255)
        channels.append((smooth * 3 // 4 + noise).astype(np.uint8))
    return Image.fromarray(np.stack(channels, axis=-1), "RGB")


def pil_sizes(w, h):
    """Target sizes: downscales 1.1x-20x, aspect changes, one axis only, identity, upscales for small sources."""
    sizes = [(w, h)]
    for f in DOWN_FACTORS:
        sizes.append((max(1, round(w / f)), max(1, round(h / f))))
    sizes.append((max(1, w * 3 // 7), max(1, h * 5 // 6)))
    sizes.append((max(1, w * 2 // 3), h))
    sizes.append((w, max(1, h * 3 // 4)))
    if w * h <= 1200:
        sizes.append((w * 3 // 2 + 1, h * 4 // 3 + 1))
        sizes.append((2 * w + 1, 2 * h - 1 if h > 1 else 3))
        sizes.append((max(1, w * 2 // 3), h * 5 // 2))
    seen = []
    for s in sizes:
        if s not in seen:
            seen.append(s)
    return seen


def digest(img):
    return hashlib.sha256(np.asarray(img).tobytes()).hexdigest()


def to_tensor(img):
    # torchvision.transforms.functional.to_tensor: HWC uint8 -> contiguous CHW, float, div(255)
    a = torch.from_numpy(np.array(img, dtype=np.uint8))
    if a.ndim == 2:
        a = a[:, :, None]
    return a.permute(2, 0, 1).contiguous().to(torch.float32).div(255)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=os.path.join(here, "..", "..", "test", "resources", "resample"))
    args = ap.parse_args()
    out = os.path.normpath(args.out)
    if os.path.isdir(out):
        shutil.rmtree(out)
    for d in ("src", "pil", "convert", "torch"):
        os.makedirs(os.path.join(out, d))
    header = (f"# generated by src/main/python/make_resample_fixtures.py: Pillow {Image.__version__}, "
              f"torch {torch.__version__}, torchvision {torchvision.__version__}, numpy {np.__version__}\n")

    sources = {}
    for name, (file, box, mode) in PHOTOS.items():
        with Image.open(os.path.join(SKIMAGE_DATA, file)) as im:
            # Through numpy: drops the ICC profile and other metadata that a PNG could carry along.
            sources[name] = Image.fromarray(np.asarray(im.convert(mode).crop(box)), mode)
    sources.update(synthetic(np.random.default_rng(20261202)))

    with open(os.path.join(out, "sources.tsv"), "w") as f:
        f.write(header + "# name\tfile\tmode\n")
        for name, im in sources.items():
            im.save(os.path.join(out, "src", name + ".png"))
            f.write(f"{name}\tsrc/{name}.png\t{im.mode}\n")

    with open(os.path.join(out, "pil.tsv"), "w") as f:
        f.write(header + "# source\tfilter\twidth\theight\tsha256 of the output bytes\tPNG of the output or -\n")
        for name, im in sources.items():
            if name == "chelsea_tiny":
                continue
            for (w, h) in pil_sizes(*im.size):
                for fname, filt in PIL_FILTERS.items():
                    resized = im.resize((w, h), filt)
                    rel = "-"
                    if fname == "LANCZOS":  # its test allows 1-level differences, so it needs the pixels
                        rel = f"pil/{name}_{fname.lower()}_{w}x{h}.png"
                        resized.save(os.path.join(out, rel))
                    f.write(f"{name}\t{fname}\t{w}\t{h}\t{digest(resized)}\t{rel}\n")
        for (gw, gh), sizes in {(683, 512): [(341, 256), (621, 465), (34, 26), (1024, 768), (683, 300)],
                                (1500, 97): [(75, 5), (256, 17), (1500, 40)]}.items():
            im = generated(gw, gh)
            for (w, h) in sizes:
                for fname, filt in PIL_FILTERS.items():
                    f.write(f"gen:{gw}x{gh}\t{fname}\t{w}\t{h}\t{digest(im.resize((w, h), filt))}\t-\n")

    with open(os.path.join(out, "pipeline.tsv"), "w") as f:
        f.write(header + "# source\tfilter\tresize\tcrop\tsha256 of the RGB bytes of "
                "CenterCrop(crop)(Resize(resize, filter)(image))\n")
        # 596x400 -> Resize(256) -> 381x256: the crop offset (381 - 224) / 2 = 78.5 rounds to 78 (half to even).
        for (gw, gh, resize, crop) in [(683, 512, 256, 224), (596, 400, 256, 224), (400, 596, 256, 224),
                                       (300, 200, 232, 224), (150, 120, 256, 224)]:
            im = generated(gw, gh)
            for fname, mode in TV_MODES.items():
                t = T.Compose([T.Resize(resize, interpolation=mode), T.CenterCrop(crop)])
                f.write(f"gen:{gw}x{gh}\t{fname}\t{resize}\t{crop}\t{digest(t(im))}\n")

    with open(os.path.join(out, "convert.tsv"), "w") as f:
        f.write(header + "# source\tfile of Image.convert(\"L\")\n")
        for name, im in sources.items():
            if im.mode == "RGB":
                rel = f"convert/{name}_L.png"
                im.convert("L").save(os.path.join(out, rel))
                f.write(f"{name}\t{rel}\n")

    torch.set_num_threads(1)
    with open(os.path.join(out, "torch.tsv"), "w") as f:
        f.write(header + "# source\tmode\theight\twidth\tfile (float32 little-endian, C x height x width)\n")
        all_modes = ("nearest", "bilinear", "bicubic")
        cases = [("astronaut", 20, 27, all_modes), ("noise", 23, 29, all_modes), ("chelsea_tiny", 31, 41, all_modes),
                 ("chelsea_tiny", 36, 48, ("nearest",)), ("wide1", 80, 3, all_modes), ("tall1", 2, 26, all_modes),
                 ("noise_l", 40, 17, all_modes), ("noise_l", 29, 30, all_modes)]
        for name, oh, ow, modes in cases:
            x = to_tensor(sources[name])[None]
            for mode in modes:
                align = None if mode == "nearest" else False
                y = F.interpolate(x, size=(oh, ow), mode=mode, align_corners=align, antialias=False)[0]
                rel = f"torch/{name}_{mode}_{oh}x{ow}.f32"
                with open(os.path.join(out, rel), "wb") as g:
                    g.write(y.numpy().astype("<f4").tobytes())
                f.write(f"{name}\t{mode.upper()}\t{oh}\t{ow}\t{rel}\n")

    total = sum(os.path.getsize(os.path.join(d, n)) for d, _, names in os.walk(out) for n in names)
    count = sum(len(names) for _, _, names in os.walk(out))
    print(f"wrote {count} files, {total / 1024:.0f} KiB, under {out}")


if __name__ == "__main__":
    main()
