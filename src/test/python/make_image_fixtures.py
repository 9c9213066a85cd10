#!/usr/bin/env python3
"""Writes the image fixtures of mesa's data tests into src/test/resources/images/ (needs Pillow).

    bench/.venv/bin/python src/test/python/make_image_fixtures.py

  source-23x17.png          a seeded random RGB image, 23 wide and 17 high
  pil-bilinear-16x16.png    Pillow's Image.resize((16, 16), Image.BILINEAR) of it (shrinking)
  pil-bilinear-40x40.png    the same to 40x40 (enlarging)
  pil-bilinear-9x31.png     the same to 9 wide, 31 high (one axis each way)
  source-23x17.ppm          the source as binary PPM (P6), the format GTSRB ships
  source-23x17.ascii.ppm    the source as ASCII PPM (P3), with a comment line

torchvision's Resize((h, w)) on a PIL image calls exactly this Image.resize, so the Java tests that read
these files prove that mesa resizes like the usual PyTorch input pipeline, pixel for pixel.
"""
import os
import random

from PIL import Image

SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(SRC, "test", "resources", "images")


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = random.Random(7)
    w, h = 23, 17
    # smooth ramps plus noise: both the filter's averaging and its rounding are exercised
    pixels = [((x * 11 + rng.randrange(40)) % 256, (y * 15 + rng.randrange(40)) % 256, rng.randrange(256))
              for y in range(h) for x in range(w)]
    source = Image.new("RGB", (w, h))
    source.putdata(pixels)
    source.save(os.path.join(OUT, "source-23x17.png"))
    for size in [(16, 16), (40, 40), (9, 31)]:
        source.resize(size, Image.BILINEAR).save(os.path.join(OUT, "pil-bilinear-%dx%d.png" % size))
    source.save(os.path.join(OUT, "source-23x17.ppm"))
    with open(os.path.join(OUT, "source-23x17.ascii.ppm"), "w") as f:
        f.write("P3\n# written by make_image_fixtures.py\n%d %d\n255\n" % (w, h))
        for y in range(h):
            f.write(" ".join("%d %d %d" % pixels[y * w + x] for x in range(w)) + "\n")
    for name in sorted(os.listdir(OUT)):
        print("%6d  %s" % (os.path.getsize(os.path.join(OUT, name)), name))


if __name__ == "__main__":
    main()
