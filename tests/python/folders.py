"""Generated image folders in each layout the page accepts, for the PyTorch tests.

Three classes a small model learns in a few epochs: a disc, a square and a cross of random
size and place, each leaning to one colour, on a noisy background, in photos of mixed sizes (JPEG and PNG, some
with an EXIF orientation), as a course's folder would be.
"""
import io
import os
import random
import zipfile

import numpy as np
from PIL import Image, ImageDraw

CLASSES = ["cross", "disc", "square"]


def picture(cls, rng):
    """One RGB photo of `cls`, 40-90 px a side, not square."""
    w, h = rng.randint(40, 90), rng.randint(40, 90)
    noise = np.random.default_rng(rng.randrange(2**32)).integers(0, 40, (h, w, 3), dtype=np.uint8)
    image = Image.fromarray(noise + np.uint8(rng.randrange(30)))
    draw = ImageDraw.Draw(image)
    side = rng.randint(min(w, h) * 3 // 5, min(w, h) * 9 // 10)
    x, y = rng.randint(0, w - side), rng.randint(0, h - side)
    # Each class leans to one colour as well as its shape, so a few epochs learn it well.
    colour = [rng.randint(60, 150) for _ in range(3)]
    colour[CLASSES.index(cls)] = rng.randint(190, 255)
    colour = tuple(colour)
    if cls == "disc":
        draw.ellipse([x, y, x + side, y + side], fill=colour)
    elif cls == "square":
        draw.rectangle([x, y, x + side, y + side], fill=colour)
    else:
        t = max(side // 5, 2)
        draw.rectangle([x, y + side // 2 - t, x + side, y + side // 2 + t], fill=colour)
        draw.rectangle([x + side // 2 - t, y, x + side // 2 + t, y + side], fill=colour)
    return image


def encode(image, index):
    """JPEG or PNG bytes; some JPEGs say (EXIF) they are to be shown mirrored (2) or turned a
    quarter either way (6, 8)."""
    out = io.BytesIO()
    if index % 2:
        image.save(out, "PNG")
        return out.getvalue(), ".png"
    exif = Image.Exif()
    orientation = {0: 2, 3: 6, 5: 8}.get(index % 7)
    if orientation:
        exif[0x0112] = orientation
    image.save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue(), ".jpg"


def files(per_class, seed):
    """[(class, name, bytes)]"""
    rng = random.Random(seed)
    out = []
    for cls in CLASSES:
        for i in range(per_class):
            data, ext = encode(picture(cls, rng), i)
            out.append((cls, f"{cls}_{i:03d}{ext}", data))
    return out


def write(root, entries):
    for rel, data in entries:
        path = os.path.join(root, *rel.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)


def flat(root, per_class=60, seed=1):
    """root/<class>/<file>, plus a README and macOS litter the page ignores or skips."""
    write(root, [(f"{c}/{n}", d) for c, n, d in files(per_class, seed)] +
          [("README.txt", b"photos"), (".DS_Store", b"\0"), ("disc/._disc_000.jpg", b"\0")])
    return root


def split(root, per_class=60, seed=2):
    """root/train|val|test/<class>/<file>: 60 % / 25 % / 15 %."""
    entries = []
    for c, n, d in files(per_class, seed):
        k = int(n.split("_")[1][:3])
        part = "train" if k < per_class * 0.6 else "val" if k < per_class * 0.85 else "test"
        entries.append((f"{part}/{c}/{n}", d))
    write(root, entries)
    return root


def nested(root, per_class=60, seed=3):
    """root/<class>/<session>/<file>: files in deeper folders belong to their class."""
    write(root, [(f"{c}/session{i % 3}/{n}", d) for i, (c, n, d) in enumerate(files(per_class, seed))])
    return root


def zip_of_classes(path, per_class=60, seed=4):
    """A .zip made by selecting the class folders and choosing Compress: <class>/<file>, no top folder."""
    with zipfile.ZipFile(path, "w") as archive:
        for c, n, d in files(per_class, seed):
            archive.writestr(f"{c}/{n}", d)
    return path
