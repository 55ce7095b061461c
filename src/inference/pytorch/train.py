"""Train the recipe of an aula run with PyTorch: the same layers, init, optimizer, schedule,
augmentation, Normalize, early stopping, best-epoch weights, batch size, epochs and seed.

    python train.py DATA_DIR                               # one machine (GPU if there is one)
    torchrun --nproc_per_node=4 train.py DATA_DIR          # DistributedDataParallel, 4 GPUs
    torchrun --nnodes=2 --nproc_per_node=8 --rdzv_endpoint=HOST:29500 train.py DATA_DIR
    python train.py --fashion-mnist DATA_DIR                # Fashion-MNIST from torchvision

DATA_DIR is the folder chosen in the page: one folder per class, or train/ and val/ (also
valid/, validation/) folders of class folders, with an optional test/. When split.json is
here (the run was on a folder), the same files go to train, val and test as in the page;
otherwise flat folders are split per class by the recipe's val_fraction and seed.

Writes weights.safetensors (the reported epoch's weights, as the page exports them) and
run.json (one record per epoch, with aula's key names) to --out.
"""
import argparse
import json
import math
import os
import random
import time

import albumentations as A
import cv2
import numpy as np
import torch
import torch.distributed as dist
from PIL import Image, ImageOps
from safetensors.torch import save_file
from torch import nn
from torch.utils.data import DataLoader, Dataset, DistributedSampler

from model import AulaNet, JSON_KEYS

HERE = os.path.dirname(os.path.abspath(__file__))
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp"}
IGNORED = {".ds_store", "thumbs.db", "desktop.ini"}
SPLIT_NAMES = {"train": "train", "val": "val", "valid": "val", "validation": "val", "test": "test"}


# ---- data: aula's folder layout, or the split the page used -----------------------------------

def hidden(parts):
    return any(p.startswith(".") or p.lower() in IGNORED or p == "__MACOSX" for p in parts)


def scan(root):
    """Image files under root as (relative path parts, split or None, class)."""
    found = []
    for folder, _, names in os.walk(root):
        for name in sorted(names):
            rel = os.path.relpath(os.path.join(folder, name), root).split(os.sep)
            if hidden(rel) or os.path.splitext(name)[1].lower() not in IMAGE_EXTENSIONS or len(rel) < 2:
                continue
            split = SPLIT_NAMES.get(rel[0].lower())
            if split and len(rel) >= 3:
                found.append((rel, split, rel[1]))
            elif not split:
                found.append((rel, None, rel[0]))
    return found


def split_files(root, recipe, seed):
    """{split: [(path, class name)]}: split.json's lists if given, else aula's rules."""
    given = os.path.join(HERE, "split.json")
    if os.path.exists(given):
        lists = json.load(open(given))
        # The page's paths start with the chosen folder's own name.
        strip = lambda p: os.path.join(root, *p.split("/")[1:])
        return {s: [(strip(p), c) for p, c in items] for s, items in lists.items()}
    files = scan(root)
    has_val = any(s == "val" for _, s, _ in files)
    out = {"train": [], "val": [], "test": []}
    drawn = {}
    for rel, split, cls in files:
        path = os.path.join(root, *rel)
        if split == "test" or (split == "val") or (split == "train" and has_val):
            out[split].append((path, cls))
        else:
            drawn.setdefault(cls, []).append(path)
    rng = random.Random(seed)  # a seeded draw of its own, not the page's
    for cls, paths in sorted(drawn.items()):
        paths.sort()
        rng.shuffle(paths)
        n_val = min(max(round(len(paths) * recipe["config"]["val_fraction"]), 1), len(paths) - 1) if len(paths) > 1 else 0
        out["val"] += [(p, cls) for p in paths[:n_val]]
        out["train"] += [(p, cls) for p in paths[n_val:]]
    return out


def load_image(path, size, channels):
    """u8 HWC, EXIF orientation applied, squashed to size x size (A.Resize)."""
    image = ImageOps.exif_transpose(Image.open(path)).convert("L" if channels == 1 else "RGB")
    pixels = np.asarray(image, dtype=np.uint8)
    pixels = cv2.resize(pixels, (size, size), interpolation=cv2.INTER_AREA)
    return pixels.reshape(size, size, channels)


class Images(Dataset):
    def __init__(self, items, classes, size, channels, transform):
        self.items = [(p, classes.index(c)) for p, c in items if c in classes]
        self.labels = [label for _, label in self.items]
        self.size, self.channels, self.transform = size, channels, transform

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        path, label = self.items[i]
        x = self.transform(image=load_image(path, self.size, self.channels))["image"]
        return torch.from_numpy(np.ascontiguousarray(x.transpose(2, 0, 1))), label


def transforms(config, size, mean, std, train):
    """A.Compose with aula's ops, p and limits (train split only), then A.Normalize."""
    ops = []
    if train:
        c = config
        ops = [
            A.RandomResizedCrop(size=(size, size), scale=tuple(c["crop_scale"]), ratio=tuple(c["crop_ratio"]), p=c["random_resized_crop"]),
            A.HorizontalFlip(p=c["horizontal_flip"]),
            A.VerticalFlip(p=c["vertical_flip"]),
            A.ShiftScaleRotate(shift_limit=c["shift_limit"], scale_limit=c["scale_limit"], rotate_limit=c["rotate_limit"],
                               interpolation=cv2.INTER_LINEAR, border_mode=cv2.BORDER_REFLECT_101, p=c["shift_scale_rotate"]),
            A.RandomBrightnessContrast(brightness_limit=c["brightness_limit"], contrast_limit=c["contrast_limit"],
                                       brightness_by_max=True, p=c["random_brightness_contrast"]),
            A.GaussNoise(std_range=tuple(c["noise_std_range"]), p=c["gauss_noise"]),
        ]
    return A.Compose(ops + [A.Normalize(mean=mean, std=std, max_pixel_value=255.0)])


def fashion_mnist(root, recipe, mean, std):
    """Fashion-MNIST (torchvision), as the demo's images: 28x28 grayscale."""
    from torchvision.datasets import FashionMNIST

    def wrap(train):
        data = FashionMNIST(root, train=train, download=True)
        transform = transforms(recipe["config"], 28, mean, std, train)

        class Wrapped(Dataset):
            labels = data.targets.tolist()

            def __len__(self):
                return len(data)

            def __getitem__(self, i):
                image, label = data[i]
                x = transform(image=np.asarray(image, np.uint8)[:, :, None])["image"]
                return torch.from_numpy(np.ascontiguousarray(x.transpose(2, 0, 1))), label

        return Wrapped()

    return wrap(True), wrap(False), None


# ---- the model: aula's layers and init ---------------------------------------------------------

def initialise(model, config):
    """torch.nn.init as aula's `init` setting; biases 0 except for PyTorch's default."""
    scheme = config["init"]
    if scheme == "default":
        return
    for module in model.modules():
        if isinstance(module, (nn.Linear, nn.Conv2d)):
            w = module.weight
            if scheme == "xavier_uniform":
                nn.init.xavier_uniform_(w)
            elif scheme == "xavier_normal":
                nn.init.xavier_normal_(w)
            elif scheme == "he_normal":
                nn.init.kaiming_normal_(w, mode="fan_in", nonlinearity="relu")
            elif scheme == "he_uniform":
                nn.init.kaiming_uniform_(w, mode="fan_in", nonlinearity="relu")
            elif scheme == "uniform":
                nn.init.uniform_(w, config["init_a"], config["init_b"])
            elif scheme == "normal":
                nn.init.normal_(w, 0.0, config["init_std"])
            nn.init.zeros_(module.bias)


def optimizer_for(params, c):
    """torch.optim with aula's settings (PyTorch's own defaults otherwise)."""
    lr, wd = c["lr"], c["weight_decay"]
    kind = c["optimizer"]
    if kind == "sgd":
        return torch.optim.SGD(params, lr=lr, weight_decay=wd)
    if kind in ("momentum", "nesterov"):
        return torch.optim.SGD(params, lr=lr, momentum=c["momentum"], nesterov=kind == "nesterov", weight_decay=wd)
    if kind == "adam":
        return torch.optim.Adam(params, lr=lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=wd)
    if kind == "adamw":
        return torch.optim.AdamW(params, lr=lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=wd)
    if kind == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, alpha=0.99, eps=1e-8, momentum=0.0, centered=False, weight_decay=wd)
    raise ValueError(f"unknown optimizer {kind}")


def scheduler_for(optimizer, c):
    kind = c["schedule"]
    if kind == "step_lr":
        return torch.optim.lr_scheduler.StepLR(optimizer, step_size=c["step_size"], gamma=c["gamma"])
    if kind == "cosine":
        return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=c["epochs"], eta_min=c["min_lr"])
    if kind == "reduce_on_plateau":
        return torch.optim.lr_scheduler.ReduceLROnPlateau(
            optimizer, mode="min", factor=c["plateau_factor"], patience=c["plateau_patience"], threshold=1e-4,
            min_lr=c["min_lr"])
    return None


class Best:
    """Keras' best-epoch tracking; min_delta only with EarlyStopping, as in aula."""

    def __init__(self, c):
        self.lower = c["monitor"] == "val_loss"
        self.min_delta = abs(c["min_delta"]) if c["early_stopping"] else 0.0
        self.value = math.inf if self.lower else -math.inf
        self.epoch = None

    def update(self, epoch, value):
        better = value + self.min_delta < self.value if self.lower else value - self.min_delta > self.value
        if better:
            self.value, self.epoch = value, epoch
        return better


# ---- the loop -----------------------------------------------------------------------------------

def seed_worker(worker):
    """Each DataLoader worker's augmentation draws from a generator of its own."""
    seed = torch.initial_seed() % 2**32
    np.random.seed(seed)
    random.seed(seed)


def evaluate(model, loader, device):
    model.eval()
    loss_sum, correct, count = 0.0, 0, 0
    with torch.no_grad():
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            logits = model(x)
            loss_sum += nn.functional.cross_entropy(logits, y, reduction="sum").item()
            correct += (logits.argmax(1) == y).sum().item()
            count += len(y)
    return loss_sum / max(count, 1), correct / max(count, 1)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir")
    parser.add_argument("--fashion-mnist", action="store_true", help="train on Fashion-MNIST (torchvision) in DATA_DIR")
    parser.add_argument("--out", default=".", help="where weights.safetensors and run.json go")
    parser.add_argument("--workers", type=int, default=4, help="DataLoader worker processes")
    args = parser.parse_args()

    recipe = json.load(open(os.path.join(HERE, "recipe.json")))
    c = recipe["config"]
    classes, (channels, size, _) = recipe["classes"], recipe["input_shape"]
    mean, std = recipe["normalize_mean"], recipe["normalize_std"]

    distributed = "LOCAL_RANK" in os.environ
    if distributed:
        dist.init_process_group("nccl" if torch.cuda.is_available() else "gloo")
        rank, world = dist.get_rank(), dist.get_world_size()
        local = int(os.environ["LOCAL_RANK"])
        device = torch.device(f"cuda:{local}" if torch.cuda.is_available() else "cpu")
        if torch.cuda.is_available():
            torch.cuda.set_device(device)
    else:
        rank, world = 0, 1
        device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    main_process = rank == 0
    seed = c["seed"]
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)

    if args.fashion_mnist:
        train_set, val_set, test_set = fashion_mnist(args.data_dir, recipe, mean, std)
    else:
        files = split_files(args.data_dir, recipe, seed)
        make = lambda split, train: Images(files[split], classes, size, channels, transforms(c, size, mean, std, train))
        train_set, val_set = make("train", True), make("val", False)
        test_set = make("test", False) if files["test"] else None
    if c["train_limit"]:
        # The first images of each class, as even over classes as the counts allow.
        by_class = {}
        for i, label in enumerate(train_set.labels):
            by_class.setdefault(label, []).append(i)
        keep, rank_in_class = [], 0
        while len(keep) < c["train_limit"] and any(rank_in_class < len(v) for v in by_class.values()):
            for label in sorted(by_class):
                if rank_in_class < len(by_class[label]) and len(keep) < c["train_limit"]:
                    keep.append(by_class[label][rank_in_class])
            rank_in_class += 1
        train_set = torch.utils.data.Subset(train_set, sorted(keep))

    sampler = DistributedSampler(train_set, num_replicas=world, rank=rank, shuffle=True, seed=seed) if distributed else None
    generator = torch.Generator().manual_seed(seed)
    # With BatchNorm a last batch of one image is dropped (aula merges it into the one before;
    # PyTorch refuses a training batch of one).
    drop_last = c["batch_norm"] and len(train_set) % c["batch_size"] == 1
    train_loader = DataLoader(train_set, batch_size=c["batch_size"], shuffle=sampler is None, sampler=sampler,
                              generator=generator, num_workers=args.workers, drop_last=drop_last,
                              worker_init_fn=seed_worker)
    val_loader = DataLoader(val_set, batch_size=256, num_workers=args.workers)
    test_loader = DataLoader(test_set, batch_size=256, num_workers=args.workers) if test_set else None

    model = AulaNet(recipe["layers"]).to(device)
    initialise(model, c)
    trained = model
    if distributed:
        model = nn.parallel.DistributedDataParallel(model, device_ids=[device.index] if device.type == "cuda" else None)
    optimizer = optimizer_for(model.parameters(), c)
    scheduler = scheduler_for(optimizer, c)
    best, wait, best_state, records = Best(c), 0, None, []
    start = time.time()
    for epoch in range(1, c["epochs"] + 1):
        began = time.time()
        if sampler:
            sampler.set_epoch(epoch)
        model.train()
        lr = optimizer.param_groups[0]["lr"]
        totals = torch.zeros(3, device=device)  # loss sum, correct, count
        for x, y in train_loader:
            x, y = x.to(device, non_blocking=True), y.to(device, non_blocking=True)
            optimizer.zero_grad(set_to_none=True)
            logits = model(x)
            loss = nn.functional.cross_entropy(logits, y)
            loss.backward()
            optimizer.step()
            totals += torch.stack([loss.detach() * len(y), (logits.argmax(1) == y).sum(), torch.tensor(len(y), device=device)])
        if distributed:
            dist.all_reduce(totals)
        train_loss, train_acc = (totals[0] / totals[2]).item(), (totals[1] / totals[2]).item()
        val_loss, val_acc = evaluate(trained, val_loader, device)
        if distributed:
            # Every process decides on rank 0's numbers: BatchNorm's buffers differ a little
            # between processes, and one process stopping early alone would hang the others.
            shared = torch.tensor([val_loss, val_acc], device=device, dtype=torch.float64)
            dist.broadcast(shared, src=0)
            val_loss, val_acc = shared.tolist()
        record = {"epoch": epoch, "train_loss": train_loss, "train_accuracy": train_acc, "val_loss": val_loss,
                  "val_accuracy": val_acc, "lr": lr, "seconds": time.time() - began}
        records.append(record)
        if main_process:
            print(f"epoch {epoch}/{c['epochs']}  train loss {train_loss:.4f} acc {train_acc:.3f}  "
                  f"val loss {val_loss:.4f} acc {val_acc:.3f}  lr {lr:.2e}", flush=True)
        if isinstance(scheduler, torch.optim.lr_scheduler.ReduceLROnPlateau):
            scheduler.step(val_loss)
        elif scheduler:
            scheduler.step()
        if not math.isfinite(train_loss):
            print(f"The loss became {train_loss} at epoch {epoch}: training stopped.")
            break
        improved = best.update(epoch, record[c["monitor"]])
        if improved:
            best_state = {k: v.detach().clone() for k, v in trained.state_dict().items()}
        if c["early_stopping"]:
            wait = 0 if improved else wait + 1
            if not improved and wait >= c["patience"] and epoch > 1:
                print(f"EarlyStopping at epoch {epoch}: no better {c['monitor']} for {wait} epochs.")
                break

    reported = best.epoch if c["keep"] == "best" and best.epoch else records[-1]["epoch"]
    if c["keep"] == "best" and best_state is not None:
        trained.load_state_dict(best_state)
    result = {"config": c, "classes": classes, "epochs": records, "best_epoch": reported, "seconds": time.time() - start}
    if test_loader:
        result["test_loss"], result["test_accuracy"] = evaluate(trained, test_loader, device)
    if main_process:
        os.makedirs(args.out, exist_ok=True)
        metadata = {k: json.dumps(v) if k in JSON_KEYS else str(v) for k, v in recipe.items() if k != "split"}
        metadata.update({"format": "aula-model", "epoch": json.dumps(reported)})
        state = {k: v.detach().cpu().contiguous() for k, v in trained.state_dict().items()}
        save_file(state, os.path.join(args.out, "weights.safetensors"), metadata=metadata)
        json.dump(result, open(os.path.join(args.out, "run.json"), "w"), indent=2)
        print(f"Reported epoch {reported}; weights.safetensors and run.json written to {args.out}")
    if distributed:
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
