"""The page's data stage in Python: which file is which (layout), the same pixels (decode,
resize, EXIF orientation, grayscale), the same augmentations, and the Datasets train.py uses.

Every rule here is the page's: the layout's names come from recipe.json's "layout" (written by
aula from its own rules), the resize is the page's own filter (or OpenCV's, when the run's
`interpolation` names one), and ShiftScaleRotate is Albumentations 1.x's, as the page does it.
"""
import json
import math
import os
import random
import re

import albumentations as A
import cv2
import numpy as np
import torch
from PIL import Image
from torch.utils.data import Dataset

HERE = os.path.dirname(os.path.abspath(__file__))


# ---- layout: class and split of each file, from its path alone ---------------------------------

def components(path):
    """A path's folder and file names: / and \\ both separate; empty and "." parts are dropped."""
    return [part for part in re.split(r"[/\\]", path) if part and part != "."]


class Layout:
    """The page's layout rules (src/data/layout.rs), from recipe.json's "layout"."""

    def __init__(self, rules):
        self.split_names = rules["split_folders"]
        self.system_files = {name.lower() for name in rules["system_files"]}
        self.resource_forks = {name.lower() for name in rules["resource_forks"]}

    def split_of(self, folder):
        return self.split_names.get(folder.lower())

    def ignored(self, parts):
        return (any(p.startswith(".") or p.lower() in self.resource_forks for p in parts)
                or parts[-1].lower() in self.system_files)

    def plan(self, paths):
        """As the page's `layout::plan`: {"root", "classes", "files": [(index, class, split)],
        "outside": [(index, reason)], "ignored", "split_folders"}."""
        kept, ignored = [], 0
        for index, path in enumerate(paths):
            parts = components(path)
            if not parts or self.ignored(parts):
                ignored += 1
            else:
                kept.append((index, parts))
        # Drop the leading folders every file shares while some file sits deeper than
        # class/file; a split folder's name is never dropped.
        depth = 0
        while kept and depth < len(kept[0][1]):
            top = kept[0][1][depth]
            shared = all(len(parts) > depth + 1 and parts[depth] == top for _, parts in kept)
            deeper = any(len(parts) >= depth + 3 for _, parts in kept)
            if not shared or not deeper or self.split_of(top):
                break
            depth += 1
        split_folders = any(len(parts) - depth >= 2 and self.split_of(parts[depth]) for _, parts in kept)
        named, outside = [], []
        for index, parts in kept:
            parts = parts[depth:]
            if split_folders:
                split = self.split_of(parts[0])
                if split and len(parts) >= 3:
                    named.append((index, parts[1], split))
                elif split:
                    outside.append((index, f"directly inside {parts[0]}/, not in a class folder"))
                elif len(parts) >= 2:
                    outside.append((index, f"folder {parts[0]}/ is not train/, val/ or test/"))
                else:
                    outside.append((index, "not inside a train/, val/ or test/ folder"))
            elif len(parts) >= 2:
                named.append((index, parts[0], None))
            else:
                outside.append((index, "not inside a class folder"))
        # Byte order of UTF-8 is code point order, as Python sorts strings.
        classes = sorted({cls for _, cls, _ in named})
        return {"root": "/".join(kept[0][1][:depth]) if kept else "", "classes": classes, "files": named,
                "outside": outside, "ignored": ignored, "split_folders": split_folders}


def walk(root):
    """Every file under root, relative, with / separators, in a stable order."""
    found = []
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            found.append(os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/"))
    return found


def _from_split_json(root, given):
    """split.json's files under root: paths as listed, or under its "root" folder."""
    lists = {s: given.get(s, []) for s in ("train", "val", "test")}
    every = [p for items in lists.values() for p, _ in items]
    bases = [root] + ([os.path.join(root, *components(given["root"]))] if given.get("root") else [])
    for base in bases:
        missing = [p for p in every if not os.path.isfile(os.path.join(base, *components(p)))]
        if not missing:
            return {s: [(os.path.join(base, *components(p)), c) for p, c in items] for s, items in lists.items()}
    shown = ", ".join(missing[:3]) + (", ..." if len(missing) > 3 else "")
    name = components(given.get("root", ""))[-1:] or ["the one you chose"]
    raise SystemExit(
        f"{len(missing)} of the {len(every)} files in split.json are not under {root} (first: {shown}). "
        f"DATA_DIR should be the folder you chose in the page ({name[0]}), or where its zip was unpacked: "
        f"the folder that holds {_what_it_holds(lists)}.")


def _what_it_holds(lists):
    tops = sorted({components(p)[0] for items in lists.values() for p, _ in items if components(p)})
    return ", ".join(f"{t}/" for t in tops[:4]) + (", ..." if len(tops) > 4 else "")


def split_files(root, recipe, seed, split_json=os.path.join(HERE, "split.json")):
    """{split: [(path, class name)]}: split.json's lists when the run was on a folder (the
    page's own split), otherwise the page's layout rules on root and a seeded draw of its own
    for a flat folder (not the page's draw: a new folder has none)."""
    if os.path.exists(split_json):
        with open(split_json) as f:
            return _from_split_json(root, json.load(f))
    paths = walk(root)
    plan = Layout(recipe["layout"]).plan(paths)
    for index, reason in plan["outside"][:5]:
        print(f"skipped {paths[index]}: {reason}")
    out = {"train": [], "val": [], "test": []}
    drawn = {}
    has_val = any(split == "val" for _, _, split in plan["files"])
    unreadable = []
    for index, cls, split in plan["files"]:
        path = os.path.join(root, *components(paths[index]))
        # The page goes by content, not by name: a file it would not decode is skipped, said.
        reason = unreadable_reason(path)
        if reason:
            unreadable.append(f"{paths[index]} ({reason})")
            continue
        if split in ("val", "test") or (split == "train" and has_val):
            out[split].append((path, cls))
        else:
            drawn.setdefault(cls, []).append(path)
    if unreadable:
        print(f"skipped {len(unreadable)} files that are not images: {', '.join(unreadable[:3])}"
              f"{', ...' if len(unreadable) > 3 else ''}")
    rng = random.Random(seed)
    fraction = recipe["config"]["val_fraction"]
    for cls, members in sorted(drawn.items()):
        rng.shuffle(members)
        # Rounded half up, as the page rounds (Python's round() would round half to even).
        n_val = min(max(math.floor(len(members) * fraction + 0.5), 1), len(members) - 1) if len(members) > 1 else 0
        out["val"] += [(p, cls) for p in members[:n_val]]
        out["train"] += [(p, cls) for p in members[n_val:]]
    return out


PAGE_FORMATS = {"JPEG", "PNG", "GIF", "BMP", "WEBP"}
MAX_PIXELS, MAX_FILE_BYTES = 64_000_000, 64 << 20


def unreadable_reason(path):
    """Why the page would skip this file, or None: not one of its formats, over its limits,
    or not decodable to the end."""
    try:
        if os.path.getsize(path) > MAX_FILE_BYTES:
            return "over the 64 MB limit per file"
        with Image.open(path) as image:
            if image.format not in PAGE_FORMATS:
                return f"{image.format or 'unknown'} is not read by the page"
            if image.width * image.height > MAX_PIXELS:
                return f"{image.width}x{image.height} pixels, over the page's limit"
            image.load()
    except Exception as error:
        return str(error)
    return None


def stratified_head(labels, limit):
    """Indices of the first images of each class, round-robin over the classes, `limit` in all
    (0: all): the page's `train_limit`."""
    if not limit or limit >= len(labels):
        return list(range(len(labels)))
    by_class = {}
    for i, label in enumerate(labels):
        by_class.setdefault(label, []).append(i)
    keep, rank = [], 0
    while len(keep) < limit:
        for label in sorted(by_class):
            if rank < len(by_class[label]) and len(keep) < limit:
                keep.append(by_class[label][rank])
        rank += 1
    return sorted(keep)


# ---- pixels: decode, resize, orientation, channels -----------------------------------------------

ORIENTATIONS = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
                5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
                8: Image.Transpose.ROTATE_90}
GRAY_MODES = {"1", "L", "LA", "La", "I", "I;16", "I;16B", "I;16L", "F"}
CV2_INTERPOLATION = {"linear": cv2.INTER_LINEAR, "area": cv2.INTER_AREA}


def _box_shrink(pixels, w, h):
    """The page's integer pre-shrink: each block of whole pixels averaged, rounded."""
    height, width = pixels.shape[:2]
    xs = [i * width // w for i in range(w + 1)]
    ys = [j * height // h for j in range(h + 1)]
    sums = np.add.reduceat(np.add.reduceat(pixels.astype(np.int64), ys[:-1], axis=0), xs[:-1], axis=1)
    counts = (np.diff(ys)[:, None] * np.diff(xs)[None, :])[:, :, None]
    return ((sums + counts // 2) // counts).astype(np.uint8)


def _triangle_weights(size_in, size_out):
    """The page's triangle (antialiased bilinear) filter as a [size_out, size_in] matrix."""
    scale = np.float32(size_in) / np.float32(size_out)
    radius = max(scale, np.float32(1))
    weights = np.zeros((size_out, size_in), np.float32)
    for i in range(size_out):
        centre = (np.float32(i) + np.float32(0.5)) * scale
        first = max(int(math.floor(centre - radius)), 0)
        last = min(int(math.ceil(centre + radius)), size_in)
        x = np.arange(first, last, dtype=np.float32)
        row = np.maximum(np.float32(1) - np.abs((x + np.float32(0.5) - centre) / radius), np.float32(0))
        weights[i, first:last] = row / row.sum(dtype=np.float32)
    return weights


def page_resize(pixels, size):
    """The page's resize (interpolation "antialias"): a box pre-shrink to 2-4x the size, then
    a triangle filter whose support widens with the scale, rounded to u8."""
    height, width = pixels.shape[:2]
    if (width, height) == (size, size):
        return pixels
    step_x, step_y = max(width // (2 * size), 1), max(height // (2 * size), 1)
    if step_x > 1 or step_y > 1:
        pixels = _box_shrink(pixels, width // step_x, height // step_y)
    rows = _triangle_weights(pixels.shape[0], size)
    columns = _triangle_weights(pixels.shape[1], size)
    across = np.einsum("yxc,ox->yoc", pixels.astype(np.float32), columns)
    out = np.einsum("yoc,py->poc", across, rows)
    return np.clip(np.floor(out + 0.5), 0, 255).astype(np.uint8)


def resize(pixels, size, interpolation):
    if interpolation in CV2_INTERPOLATION:
        out = cv2.resize(pixels, (size, size), interpolation=CV2_INTERPOLATION[interpolation])
        return out.reshape(size, size, pixels.shape[2])
    return page_resize(pixels, size)


def load_image(path, size, channels, interpolation="antialias"):
    """u8 [size, size, channels] as the page loads it: decoded (alpha dropped), resized in the
    file's own channels, then gray (ITU-R 601 luma, as OpenCV) or RGB, then EXIF orientation."""
    with Image.open(path) as image:
        orientation = image.getexif().get(0x0112, 1)
        if image.mode.startswith("I"):
            # 16-bit gray scaled to 8 bits as the page's decoder does (Pillow's "L" would clip).
            pixels = ((np.asarray(image, dtype=np.int64) + 128) // 257).clip(0, 255).astype(np.uint8)
        else:
            gray = image.mode in GRAY_MODES
            pixels = np.asarray(image.convert("L" if gray else "RGB"), dtype=np.uint8)
    pixels = resize(pixels.reshape(pixels.shape[0], pixels.shape[1], -1), size, interpolation)
    if channels == 1 and pixels.shape[2] == 3:
        r, g, b = (pixels[:, :, i].astype(np.uint32) for i in range(3))
        pixels = ((19595 * r + 38470 * g + 7471 * b + 32768) >> 16).astype(np.uint8)[:, :, None]
    elif channels == 3 and pixels.shape[2] == 1:
        pixels = np.repeat(pixels, 3, axis=2)
    if orientation in ORIENTATIONS:
        small = Image.fromarray(pixels[:, :, 0] if channels == 1 else pixels).transpose(ORIENTATIONS[orientation])
        pixels = np.asarray(small, dtype=np.uint8).reshape(size, size, channels)
    return pixels


# ---- augmentation: the page's ops, with Albumentations' names ------------------------------------

class ShiftScaleRotate(A.ImageOnlyTransform):
    """Albumentations 1.x's ShiftScaleRotate, as the page does it (2.x made it an Affine that
    rounds shifts to whole pixels and draws x and y scale apart): dx, dy uniform in
    ±shift_limit of the size, scale 1 ± scale_limit, angle ± rotate_limit degrees about the
    centre, bilinear, BORDER_REFLECT_101."""

    def __init__(self, shift_limit=0.0625, scale_limit=0.1, rotate_limit=45, p=0.5):
        super().__init__(p=p)
        self.shift_limit, self.scale_limit, self.rotate_limit = shift_limit, scale_limit, rotate_limit

    def get_params(self):
        uniform = lambda limit: self.py_random.uniform(-limit, limit)
        return {"dx": uniform(self.shift_limit), "dy": uniform(self.shift_limit),
                "scale": 1 + uniform(self.scale_limit), "angle": uniform(self.rotate_limit)}

    def apply(self, img, dx=0.0, dy=0.0, scale=1.0, angle=0.0, **params):
        height, width = img.shape[:2]
        matrix = cv2.getRotationMatrix2D((width / 2 - 0.5, height / 2 - 0.5), angle, scale)
        matrix[0, 2] += dx * width
        matrix[1, 2] += dy * height
        out = cv2.warpAffine(img, matrix, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT_101)
        return out.reshape(img.shape)


class RandomBrightnessContrast(A.ImageOnlyTransform):
    """RandomBrightnessContrast(brightness_by_max=True) as the page rounds it:
    out = clip(round(alpha * x + beta)), alpha = 1 ± contrast_limit, beta = ±brightness_limit * 255."""

    def __init__(self, brightness_limit=0.2, contrast_limit=0.2, p=0.5):
        super().__init__(p=p)
        self.brightness_limit, self.contrast_limit = brightness_limit, contrast_limit

    def get_params(self):
        return {"alpha": 1 + self.py_random.uniform(-self.contrast_limit, self.contrast_limit),
                "beta": self.py_random.uniform(-self.brightness_limit, self.brightness_limit) * 255}

    def apply(self, img, alpha=1.0, beta=0.0, **params):
        lut = np.clip(np.floor(alpha * np.arange(256) + beta + 0.5), 0, 255).astype(np.uint8)
        return lut[img]


class RandomResizedCrop(A.ImageOnlyTransform):
    """RandomResizedCrop back to the image's own size, torchvision's sampling as the page draws
    it, the crop resized with OpenCV's INTER_LINEAR."""

    def __init__(self, scale=(0.08, 1.0), ratio=(0.75, 4 / 3), p=1.0):
        super().__init__(p=p)
        self.scale, self.ratio = scale, ratio

    def get_params_dependent_on_data(self, params, data):
        height, width = params["shape"][:2]
        area = width * height
        lo, hi = (math.log(max(r, 1e-6)) for r in self.ratio)
        for _ in range(10):
            target = self.py_random.uniform(*self.scale) * area
            aspect = math.exp(self.py_random.uniform(lo, hi))
            w, h = round(math.sqrt(target * aspect)), round(math.sqrt(target / aspect))
            if 0 < w <= width and 0 < h <= height:
                return {"crop": (self.py_random.randint(0, width - w), self.py_random.randint(0, height - h), w, h)}
        ratio = width / max(height, 1)
        low, high = min(self.ratio), max(self.ratio)
        w, h = width, height
        if ratio < low:
            h = min(max(round(width / low), 1), height)
        elif ratio > high:
            w = min(max(round(height * high), 1), width)
        return {"crop": ((width - w) // 2, (height - h) // 2, w, h)}

    def apply(self, img, crop=None, **params):
        if crop is None:
            return img
        x, y, w, h = crop
        height, width = img.shape[:2]
        out = cv2.resize(img[y:y + h, x:x + w], (width, height), interpolation=cv2.INTER_LINEAR)
        return out.reshape(img.shape)


def transforms(config, mean, std, train, seed=None):
    """A.Compose of the page's ops in its order, each with its p (train split only), then
    A.Normalize; `seed` seeds its random draws."""
    c, ops = config, []
    if train:
        ops = [
            RandomResizedCrop(scale=tuple(c["crop_scale"]), ratio=tuple(c["crop_ratio"]), p=c["random_resized_crop"]),
            A.HorizontalFlip(p=c["horizontal_flip"]),
            A.VerticalFlip(p=c["vertical_flip"]),
            ShiftScaleRotate(shift_limit=c["shift_limit"], scale_limit=c["scale_limit"], rotate_limit=c["rotate_limit"],
                             p=c["shift_scale_rotate"]),
            RandomBrightnessContrast(brightness_limit=c["brightness_limit"], contrast_limit=c["contrast_limit"],
                                     p=c["random_brightness_contrast"]),
            A.GaussNoise(std_range=tuple(c["noise_std_range"]), p=c["gauss_noise"]),
        ]
        ops = [op for op in ops if op.p > 0]
    compose = A.Compose(ops + [A.Normalize(mean=mean, std=std, max_pixel_value=255.0)])
    reseed(compose, seed)
    return compose


def reseed(compose, seed):
    """One generator shared by every op, seeded. (Albumentations 2.0.8's Compose(seed=...)
    gives each op its own generator with that same seed, so ops with the same p, such as
    HorizontalFlip and VerticalFlip, would always fire together.)"""
    compose.set_random_state(np.random.default_rng(seed), random.Random(seed))


# ---- Datasets (module level, so DataLoader workers can pickle them under spawn) ----------------

def to_tensor(x):
    return torch.from_numpy(np.ascontiguousarray(x.transpose(2, 0, 1)))


class Images(Dataset):
    """Files on disk, loaded as the page loads them."""

    def __init__(self, items, classes, size, channels, interpolation, transform):
        self.items = [(p, classes.index(c)) for p, c in items if c in classes]
        self.labels = [label for _, label in self.items]
        self.size, self.channels, self.interpolation, self.transform = size, channels, interpolation, transform

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        path, label = self.items[i]
        pixels = load_image(path, self.size, self.channels, self.interpolation)
        return to_tensor(self.transform(image=pixels)["image"]), label


class Arrays(Dataset):
    """Images already in memory (u8 [N, H, W, C]): the demo's."""

    def __init__(self, images, labels, transform):
        self.images, self.labels, self.transform = images, [int(l) for l in labels], transform

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        return to_tensor(self.transform(image=self.images[i])["image"]), self.labels[i]


def demo_sets(path, config, mean, std, seed):
    """The page's demo run from demo.safetensors: its train images (train_limit applied) and
    its validation images."""
    from safetensors.numpy import load_file

    tensors = load_file(path)
    make = lambda split, train: Arrays(tensors[f"{split}_images"], tensors[f"{split}_labels"],
                                       transforms(config, mean, std, train, seed if train else None))
    return make("train", True), make("val", False)
