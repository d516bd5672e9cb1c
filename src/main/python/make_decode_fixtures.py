#!/usr/bin/python3
"""Writes the fixtures of the `decode: pil` rules (io.effnetspark.image.ImageDecoder with DecodeMode.PIL) under
src/test/resources/decode/. Run on demand; the output is committed (about 140 KB).

Needs Debian 12's python3-pil (Pillow 9.4, libjpeg62-turbo) and python3-numpy. Use Debian's interpreter:

  /usr/bin/python3 src/main/python/make_decode_fixtures.py            # replaces src/test/resources/decode
  /usr/bin/python3 src/main/python/make_decode_fixtures.py --out DIR

Every source image is made here, by Pillow itself (or, for the 16-bit colour PNG that Pillow cannot write, by a
few lines of PNG encoding below), from a photo crop committed with the resampling fixtures
(src/test/resources/resample/src/chelsea.png, a CC0 skimage photo) or from a seeded formula. The expected pixels are
what a Python training loop sees: Image.open(file).convert("RGB"), the bytes R, G, B interleaved, row-major, written
raw as <name>.rgb (width x height x 3 bytes). So the expectations follow PIL's rules:

  - EXIF orientation is ignored (Image.open does not rotate; ImageOps.exif_transpose would);
  - an embedded ICC profile is ignored (no colour management in Image.open or convert);
  - alpha is dropped by convert("RGB"): the colour channels as stored, transparent pixels included;
  - a 16-bit gray PNG opens as mode "I" and convert("RGB") clips each value to 0..255 (4369 -> 255, 100 -> 100);
    16-bit colour or gray + alpha PNGs keep the high byte of each sample;
  - a CMYK or YCCK JPEG is read as Adobe writes it (Pillow's JpegImagePlugin: rawmode "CMYK;I", every stored
    sample inverted; libjpeg turns YCCK into CMYK first) and convert("RGB") is Convert.c's cmyk2rgb, no profile.

Pillow writes CMYK JPEGs only with Adobe's transform 0 (CMYK). The YCCK fixtures are made from one: the CMYK image
handed to Pillow holds the inverse of the Y, Cb, Cr, K samples wanted in the file (Pillow inverts again on saving),
and the APP14 transform byte is then set to 2, which makes the same entropy-coded samples a YCCK image to every
decoder. Pillow's subsampling option sets only the first component's factors: subsampling=2 gives a full-size first
component (C, or Y) and the other three at half size in both directions.

decode.tsv lists: name, source file, width, height, what the case shows.
"""
import argparse
import os
import shutil
import struct
import zlib

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
PHOTO = os.path.join(ROOT, "src", "test", "resources", "resample", "src", "chelsea.png")


def photo(width, height):
    """A photo crop (real texture for the JPEG codec), tiled/cropped to width x height."""
    src = np.asarray(Image.open(PHOTO).convert("RGB"))
    reps = (height // src.shape[0] + 1, width // src.shape[1] + 1, 1)
    return Image.fromarray(np.tile(src, reps)[:height, :width].copy(), "RGB")


def s15f16(v):
    return struct.pack(">i", int(round(v * 65536)))


def xyz_tag(x, y, z):
    return b"XYZ " + b"\0" * 4 + s15f16(x) + s15f16(y) + s15f16(z)


def adobe_rgb_profile():
    """An ICC v2 display profile with Adobe RGB (1998)'s primaries (D50-adapted colorants) and gamma 563/256."""
    desc_text = b"Adobe RGB (1998) compatible, effnet-spark test\0"
    desc = (b"desc" + b"\0" * 4 + struct.pack(">I", len(desc_text)) + desc_text + b"\0" * 4 + b"\0" * 4
            + b"\0" * 2 + b"\0" + b"\0" * 67)
    cprt = b"text" + b"\0" * 4 + b"public domain test profile\0"
    gamma = b"curv" + b"\0" * 4 + struct.pack(">I", 1) + struct.pack(">H", 563) + b"\0" * 2
    tags = [
        (b"desc", desc),
        (b"cprt", cprt),
        (b"wtpt", xyz_tag(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz_tag(0.60974, 0.31111, 0.01947)),
        (b"gXYZ", xyz_tag(0.20528, 0.62567, 0.06087)),
        (b"bXYZ", xyz_tag(0.14919, 0.06322, 0.74457)),
        (b"rTRC", gamma),
        (b"gTRC", gamma),
        (b"bTRC", gamma),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table = struct.pack(">I", len(tags))
    data = b""
    for sig, body in tags:
        while len(body) % 4:
            body += b"\0"
        table += sig + struct.pack(">II", offset + len(data), len(body))
        data += body
    size = 128 + len(table) + len(data)
    header = (struct.pack(">I", size) + b"none" + bytes([2, 0x10, 0, 0]) + b"mntr" + b"RGB " + b"XYZ "
              + struct.pack(">HHHHHH", 2024, 1, 1, 0, 0, 0) + b"acsp" + b"APPL" + struct.pack(">I", 0)
              + b"none" + b"none" + b"\0" * 8 + struct.pack(">I", 0)
              + s15f16(0.9642) + s15f16(1.0) + s15f16(0.8249) + b"none" + b"\0" * 44)
    assert len(header) == 128, len(header)
    return header + table + data


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def write_png16(path, samples, color_type):
    """A 16-bit PNG from a uint16 array (H x W x channels), filter 0 on every row."""
    h, w = samples.shape[:2]
    raw = b"".join(b"\0" + samples[y].astype(">u2").tobytes() for y in range(h))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(png_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 16, color_type, 0, 0, 0)))
        f.write(png_chunk(b"IDAT", zlib.compress(raw, 9)))
        f.write(png_chunk(b"IEND", b""))


def adobe_segment(data):
    """(offset, length) of the APP14 Adobe segment that Pillow writes right after SOI for CMYK."""
    at = data.find(b"\xff\xee\x00\x0eAdobe")
    assert at > 0, "no Adobe APP14 segment"
    return at, 2 + 14


def with_adobe_transform(data, transform):
    at, _ = adobe_segment(data)
    assert data[at + 15] == 0, "expected transform 0 (CMYK)"
    return data[:at + 15] + bytes([transform]) + data[at + 16:]


def without_adobe_segment(data):
    at, length = adobe_segment(data)
    return data[:at] + data[at + length:]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(ROOT, "src", "test", "resources", "decode"))
    args = parser.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)
    os.makedirs(args.out)
    rng = np.random.default_rng(20240531)
    cases = []

    def case(name, file, what):
        cases.append((name, file, what))

    # Plain JPEGs: the codec paths (chroma subsampling, progressive, gray), odd sizes (partial MCUs at the edges).
    rgb = photo(61, 47)
    for name, kwargs, what in [
        ("jpeg-420", dict(quality=90, subsampling=2), "baseline, 4:2:0"),
        ("jpeg-422", dict(quality=90, subsampling=1), "baseline, 4:2:2"),
        ("jpeg-444", dict(quality=95, subsampling=0), "baseline, 4:4:4"),
        ("jpeg-progressive", dict(quality=85, progressive=True), "progressive, 4:2:0"),
        ("jpeg-progressive-444", dict(quality=85, progressive=True, subsampling=0), "progressive, 4:4:4"),
    ]:
        rgb.save(os.path.join(args.out, name + ".jpg"), "JPEG", **kwargs)
        case(name, name + ".jpg", what)
    rgb.convert("L").save(os.path.join(args.out, "jpeg-gray.jpg"), "JPEG", quality=90)
    case("jpeg-gray", "jpeg-gray.jpg", "gray JPEG: the sample replicated to R, G, B")

    # Rules: an embedded Adobe RGB profile (ignored), an EXIF orientation 6 (ignored).
    rgb.save(os.path.join(args.out, "jpeg-adobe-rgb.jpg"), "JPEG", quality=90, icc_profile=adobe_rgb_profile())
    case("jpeg-adobe-rgb", "jpeg-adobe-rgb.jpg", "Adobe RGB ICC profile embedded: PIL ignores it")
    exif = Image.Exif()
    exif[0x0112] = 6
    photo(40, 24).save(os.path.join(args.out, "jpeg-exif-rotated.jpg"), "JPEG", quality=90, exif=exif.tobytes())
    case("jpeg-exif-rotated", "jpeg-exif-rotated.jpg", "EXIF Orientation 6 (rotate 90 CW to view): PIL ignores it")

    # CMYK and YCCK JPEGs (Adobe APP14 transform 0 and 2), with a black channel from 75 % undercolour removal.
    cmy = 255 - np.asarray(photo(40, 30)).astype(np.int64)
    black = cmy.min(axis=2, keepdims=True) * 3 // 4
    cmyk = np.concatenate([cmy - black, black], axis=2).astype(np.uint8)
    Image.fromarray(cmyk, "CMYK").save(os.path.join(args.out, "jpeg-cmyk.jpg"), "JPEG", quality=90)
    case("jpeg-cmyk", "jpeg-cmyk.jpg", "CMYK, Adobe transform 0: inverted samples, PIL's cmyk2rgb")
    Image.fromarray(cmyk, "CMYK").save(os.path.join(args.out, "jpeg-cmyk-progressive.jpg"), "JPEG", quality=90,
                                       subsampling=2, progressive=True)
    case("jpeg-cmyk-progressive", "jpeg-cmyk-progressive.jpg", "CMYK, progressive, M, Y, K at half size")
    with open(os.path.join(args.out, "jpeg-cmyk.jpg"), "rb") as f:
        data = f.read()
    with open(os.path.join(args.out, "jpeg-cmyk-no-adobe.jpg"), "wb") as f:
        f.write(without_adobe_segment(data))
    case("jpeg-cmyk-no-adobe", "jpeg-cmyk-no-adobe.jpg", "CMYK without APP14: libjpeg says CMYK, PIL still inverts")
    ycc = np.asarray(Image.fromarray(cmyk[..., :3], "RGB").convert("YCbCr"))
    stored = np.concatenate([ycc, 255 - cmyk[..., 3:]], axis=2)
    for name, subsampling, what in [("jpeg-ycck", 0, "YCCK, Adobe transform 2: libjpeg's YCC to CMYK, inverted, "
                                     "cmyk2rgb"), ("jpeg-ycck-420", 2, "YCCK, Cb, Cr, K at half size")]:
        path = os.path.join(args.out, name + ".jpg")
        Image.fromarray((255 - stored).astype(np.uint8), "CMYK").save(path, "JPEG", quality=90,
                                                                       subsampling=subsampling)
        with open(path, "rb") as f:
            data = f.read()
        with open(path, "wb") as f:
            f.write(with_adobe_transform(data, 2))
        case(name, name + ".jpg", what)

    # PNGs: 8-bit RGB and gray, palette with transparency, RGBA and LA with every alpha, 16-bit gray and colour.
    png = photo(37, 29)
    png.save(os.path.join(args.out, "png-rgb.png"))
    case("png-rgb", "png-rgb.png", "8-bit RGB")
    png.convert("L").save(os.path.join(args.out, "png-gray.png"))
    case("png-gray", "png-gray.png", "8-bit gray")
    pal = png.quantize(colors=16)
    pal.info["transparency"] = 3
    pal.save(os.path.join(args.out, "png-palette-trns.png"), transparency=3)
    case("png-palette-trns", "png-palette-trns.png", "palette with a transparent entry: palette colours")
    rgba = np.dstack([np.asarray(png), rng.integers(0, 256, (29, 37), dtype=np.uint8)])
    rgba[:4, :, 3] = 0  # fully transparent rows that still hold colours
    Image.fromarray(rgba, "RGBA").save(os.path.join(args.out, "png-rgba.png"))
    case("png-rgba", "png-rgba.png", "RGBA, alpha 0..255: convert(RGB) drops alpha")
    la = np.dstack([np.asarray(png.convert("L")), rng.integers(0, 256, (29, 37), dtype=np.uint8)])
    Image.fromarray(la, "LA").save(os.path.join(args.out, "png-la.png"))
    case("png-la", "png-la.png", "gray + alpha: alpha dropped")
    gray16 = rng.integers(0, 600, (23, 31), dtype=np.uint16)
    gray16[0, :8] = [0, 1, 100, 254, 255, 256, 4369, 65535]
    gray16[1:4, :] = rng.integers(0, 65536, (3, 31), dtype=np.uint16)
    Image.fromarray(gray16, "I;16").save(os.path.join(args.out, "png-gray16.png"))
    assert Image.open(os.path.join(args.out, "png-gray16.png")).mode in ("I", "I;16"), "expected a 16-bit PNG"
    case("png-gray16", "png-gray16.png", "16-bit gray: values clipped to 255 (4369 -> 255)")
    rgb16 = rng.integers(0, 65536, (19, 27, 3), dtype=np.uint16)
    write_png16(os.path.join(args.out, "png-rgb16.png"), rgb16, 2)
    case("png-rgb16", "png-rgb16.png", "16-bit RGB: the high byte of each sample")
    rgba16 = rng.integers(0, 65536, (19, 27, 4), dtype=np.uint16)
    write_png16(os.path.join(args.out, "png-rgba16.png"), rgba16, 6)
    case("png-rgba16", "png-rgba16.png", "16-bit RGBA: high bytes, alpha dropped")

    with open(os.path.join(args.out, "decode.tsv"), "w") as f:
        f.write("# name\tfile\twidth\theight\twhat; expected: <name>.rgb = Image.open(file).convert('RGB') bytes\n")
        for name, file, what in cases:
            im = Image.open(os.path.join(args.out, file))
            if name.startswith(("jpeg-cmyk", "jpeg-ycck")):
                assert im.mode == "CMYK", (name, im.mode)
                assert im.info.get("adobe_transform") == (None if "no-adobe" in name else 2 if "ycck" in name else 0)
            out = im.convert("RGB")
            with open(os.path.join(args.out, name + ".rgb"), "wb") as g:
                g.write(out.tobytes())
            f.write(f"{name}\t{file}\t{out.width}\t{out.height}\t{what} (PIL mode {im.mode})\n")
    print(f"wrote {len(cases)} cases to {args.out}")


if __name__ == "__main__":
    main()
