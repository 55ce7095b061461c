"""Predict with the exported model: one line per image, "path<TAB>class<TAB>probability".

    python predict.py IMAGE [IMAGE ...]
    python predict.py --weights other.safetensors IMAGE ...

Each image is prepared as the page prepares it (data.load_image): resized to the model's size
with the run's interpolation, RGB or one luma channel (ITU-R 601), EXIF orientation applied,
pixel / 255, Normalize.
"""
import argparse
import sys

import numpy as np
import torch

from data import load_image
from model import load


def prepare(path, meta):
    """[C, H, W] float32 tensor for the model, from the pixels the page would train on."""
    channels, size, _ = meta["input_shape"]
    interpolation = meta["config"].get("interpolation", "antialias")
    x = load_image(path, size, channels, interpolation).astype(np.float32) / 255.0
    x = (x - np.array(meta["normalize_mean"], np.float32)) / np.array(meta["normalize_std"], np.float32)
    return torch.from_numpy(np.ascontiguousarray(x.transpose(2, 0, 1)))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("images", nargs="+")
    parser.add_argument("--weights", default="weights.safetensors")
    args = parser.parse_args()
    model, meta = load(args.weights)
    classes = meta["classes"]
    failed = 0
    with torch.no_grad():
        for path in args.images:
            try:
                x = prepare(path, meta).unsqueeze(0)
            except Exception as error:  # a file that is not an image: say which and go on
                print(f"{path}\tnot an image ({error})", file=sys.stderr)
                failed += 1
                continue
            probabilities = torch.softmax(model(x), dim=1)[0]
            best = int(probabilities.argmax())
            print(f"{path}\t{classes[best]}\t{float(probabilities[best]):.4f}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
