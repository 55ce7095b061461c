"""The course's grid in PyTorch, for `./aula.sh bench` to set beside the page's: the same 24
MLP runs as the page's `course-grid` lab (batch 16/32/64 x lr 0.01/0.001 x dropout 0/0.3 x
image size 32/64, 5 epochs, Adam, MLP 256-128 with ReLU, ImageNet Normalize) on a
train/val folder. The images are decoded and resized once per size before the clock starts
(as the notebook preloads them as tensors); that time is printed apart.

    python3 benches/grid_pytorch.py FOLDER [--threads 1]
"""

import argparse
import itertools
import os
import sys
import time

if __name__ == "__main__":
    # OpenBLAS reads its thread count when loaded, and torch.set_num_threads does not reach
    # it in Debian's build (BLAS_INFO=generic): pin it before numpy or torch loads it.
    _threads = sys.argv[sys.argv.index("--threads") + 1] if "--threads" in sys.argv else "1"
    os.environ.setdefault("OPENBLAS_NUM_THREADS", _threads)

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from PIL import Image  # noqa: E402

MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
EPOCHS = 5
GRID = list(itertools.product((32, 64), (16, 32, 64), (0.01, 0.001), (0.0, 0.3)))


def load(folder, split, size):
    """Images of `folder/split/<class>/` as one normalized float tensor, resized as the page
    does (antialiased bilinear, rounded to bytes), and their labels."""
    classes = sorted(os.listdir(os.path.join(folder, split)))
    images, labels = [], []
    for label, name in enumerate(classes):
        directory = os.path.join(folder, split, name)
        for file in sorted(os.listdir(directory)):
            with Image.open(os.path.join(directory, file)) as im:
                x = torch.from_numpy(np.array(im.convert("RGB"))).permute(2, 0, 1)[None].float()
            x = F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False, antialias=True)
            images.append(x.round().clamp(0, 255))
            labels.append(label)
    x = (torch.cat(images) / 255.0 - MEAN) / STD
    return x.flatten(1).contiguous(), torch.tensor(labels), len(classes)


def mlp(inputs, classes, dropout):
    return torch.nn.Sequential(
        torch.nn.Linear(inputs, 256), torch.nn.ReLU(), torch.nn.Dropout(dropout),
        torch.nn.Linear(256, 128), torch.nn.ReLU(), torch.nn.Dropout(dropout),
        torch.nn.Linear(128, classes),
    )


def run(data, batch_size, lr, dropout, seed=42):
    (x, y, classes), (vx, vy, _) = data
    torch.manual_seed(seed)
    model = mlp(x.shape[1], classes, dropout)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    best = 0.0
    for _ in range(EPOCHS):
        model.train()
        for batch in torch.randperm(len(x)).split(batch_size):
            optimizer.zero_grad()
            F.cross_entropy(model(x[batch]), y[batch]).backward()
            optimizer.step()
        model.eval()
        with torch.no_grad():
            correct = sum((model(vx[i:i + 256]).argmax(1) == vy[i:i + 256]).sum().item() for i in range(0, len(vx), 256))
        best = max(best, correct / len(vx))
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    start = time.perf_counter()
    data = {size: (load(args.folder, "train", size), load(args.folder, "val", size)) for size in (32, 64)}
    decoded = time.perf_counter() - start
    start = time.perf_counter()
    best = 0.0
    for size, batch_size, lr, dropout in GRID:
        best = max(best, run(data[size], batch_size, lr, dropout))
    seconds = time.perf_counter() - start
    images = len(data[32][0][1]) + len(data[32][1][1])
    print(f"pytorch {torch.__version__}, {args.threads} thread{'s' if args.threads > 1 else ''}: "
          f"{len(GRID)} runs in {seconds:.1f} s, best val accuracy {best * 100:.1f} % "
          f"({images} images decoded and resized to 32 and 64 beforehand in {decoded:.1f} s)")


if __name__ == "__main__":
    main()
