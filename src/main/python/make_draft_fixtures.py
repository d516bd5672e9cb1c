#!/usr/bin/python3
"""Writes what Pillow's draft() decodes from the committed JPEG fixtures of src/test/resources/decode/, for
io.effnetspark.image.DecodePathsTest: the reduced-scale path (libjpeg-turbo inside OpenCV) against Pillow's reduced
decode (Debian's libjpeg62-turbo). Run on demand after make_decode_fixtures.py; the output is committed (~10 KB).

  /usr/bin/python3 src/main/python/make_draft_fixtures.py

For each JPEG but the CMYK/YCCK ones and each scale 2, 4, 8: Image.open(f), im.draft("RGB", (w // s, h // s)), convert("RGB"), the bytes
R, G, B interleaved, row-major, as <name>.draft<s>.rgb; draft.tsv lists name, file, scale, width, height.
Needs Debian 12's python3-pil (Pillow 9.4).
"""
import os

from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
DIR = os.path.normpath(os.path.join(HERE, "..", "..", "..", "src", "test", "resources", "decode"))


def main():
    rows = ["# name\tfile\tscale\twidth\theight; expected: <name>.draft<scale>.rgb = Image.open(file) after "
            "draft('RGB', (w // scale, h // scale)), convert('RGB') bytes"]
    for file in sorted(os.listdir(DIR)):
        if not file.endswith(".jpg"):
            continue
        name = file[:-4]
        if Image.open(os.path.join(DIR, file)).mode == "CMYK":
            continue  # the reduced path sends CMYK and YCCK to the full decoder: no draft() to match
        for s in (2, 4, 8):
            im = Image.open(os.path.join(DIR, file))
            w, h = im.size
            im.draft("RGB", (w // s, h // s))
            rgb = im.convert("RGB")
            assert rgb.size == ((w + s - 1) // s, (h + s - 1) // s), (file, s, rgb.size)
            with open(os.path.join(DIR, "%s.draft%d.rgb" % (name, s)), "wb") as f:
                f.write(rgb.tobytes())
            rows.append("%s\t%s\t%d\t%d\t%d" % (name, file, s, rgb.size[0], rgb.size[1]))
    with open(os.path.join(DIR, "draft.tsv"), "w") as f:
        f.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
