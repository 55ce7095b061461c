"""A photo-like two-class folder for the course-grid benchmark: JPEGs of mixed sizes in
train/ and val/, like the course's skin-lesion folder. Each image is a soft-edged object on
a smooth, noisy, unevenly lit background; "round" objects are near-circular, "long" ones
stretched, with sizes, colours and lighting that overlap so the task is not trivial.

    python3 scripts/make-photos.py OUT [--count 2000] [--seed 7]
"""

import argparse
import os

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

CLASSES = ("round", "long")


def background(rng, w, h):
    # A few colours on a coarse grid, smoothly upsampled: walls, skin, table tops.
    grid = rng.uniform(60, 200, size=(3, 4, 3)) + rng.normal(0, 25, size=(3, 4, 1))
    small = Image.fromarray(np.clip(grid, 0, 255).astype(np.uint8))
    return np.asarray(small.resize((w, h), Image.BICUBIC), dtype=np.float32)


def image(rng, label, w, h):
    pixels = background(rng, w, h)
    # The object: an ellipse whose aspect is the class, drawn large, rotated, blurred.
    side = min(w, h) * rng.uniform(0.25, 0.45)
    aspect = rng.uniform(1.0, 1.6) if label == 0 else rng.uniform(1.3, 2.6)
    mask = Image.new("L", (w, h), 0)
    cx, cy = w * rng.uniform(0.35, 0.65), h * rng.uniform(0.35, 0.65)
    rx, ry = side * aspect / 2, side / aspect ** 0.5 / 2
    ImageDraw.Draw(mask).ellipse((cx - rx, cy - ry, cx + rx, cy + ry), fill=255)
    mask = mask.rotate(rng.uniform(0, 180), resample=Image.BILINEAR, center=(cx, cy))
    mask = mask.filter(ImageFilter.GaussianBlur(rng.uniform(1.5, 5.0)))
    alpha = np.asarray(mask, dtype=np.float32)[..., None] / 255.0
    colour = rng.uniform(40, 160, size=3) + (np.array([30, 0, -10]) if label == 0 else np.array([0, 10, 20]))
    texture = rng.normal(0, 12, size=(h, w, 1))
    pixels = pixels * (1 - alpha) + (colour + texture) * alpha
    # Uneven light and sensor noise.
    light = np.linspace(rng.uniform(0.7, 1.0), rng.uniform(1.0, 1.3), w if rng.random() < 0.5 else h)
    light = light[None, :, None] if light.shape[0] == w else light[:, None, None]
    pixels = pixels * light + rng.normal(0, 6, size=pixels.shape)
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    per_class = args.count // len(CLASSES)
    val = per_class // 5
    for label, name in enumerate(CLASSES):
        for i in range(per_class):
            split = "val" if i < val else "train"
            folder = os.path.join(args.out, split, name)
            os.makedirs(folder, exist_ok=True)
            w, h = (int(v) for v in rng.integers(120, 321, size=2))
            image(rng, label, w, h).save(os.path.join(folder, f"{i:04d}.jpg"), quality=int(rng.integers(80, 96)))
    print(f"{per_class * len(CLASSES)} images ({val * len(CLASSES)} val) in {args.out}")


if __name__ == "__main__":
    main()
