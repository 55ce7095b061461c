"""Train the recipe of an aula run with PyTorch: the same layers, init, optimizer, schedule,
augmentation, Normalize, early stopping, best-epoch weights, batch size, epochs and seed, on
the same pixels (data.py does what the page does).

    python train.py DATA_DIR                               # one machine (GPU if there is one)
    python train.py                                        # a demo run: its images are here
    torchrun --nproc_per_node=4 train.py DATA_DIR          # DistributedDataParallel, 4 processes
    torchrun --nnodes=2 --nproc_per_node=8 --rdzv_endpoint=HOST:29500 train.py DATA_DIR

DATA_DIR is the folder chosen in the page (or where its .zip was unpacked). When split.json is
here (the run was on a folder), the same files go to train, val and test as in the page;
otherwise the page's layout rules are read from recipe.json: one folder per class, or
train/ and val/ (also valid/, validation/) folders of class folders, with an optional test/,
and flat folders are split per class by val_fraction and seed (a draw of Python's own).

Writes weights.safetensors (the reported epoch's weights, as the page exports them) and
run.json (one record per epoch, with aula's key names) to --out: by default a new folder
runs/<date-time>/ beside this file. The page's own weights.safetensors here is never replaced.
"""
import argparse
import json
import math
import os
import random
import sys
import time

import numpy as np
import torch
import torch.distributed as dist
from safetensors.torch import save_file
from torch import nn
from torch.utils.data import DataLoader, DistributedSampler, get_worker_info

import data
from model import AulaNet, JSON_KEYS

HERE = os.path.dirname(os.path.abspath(__file__))


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
    """Each DataLoader worker draws its augmentation from a generator of its own, seeded from
    the loader's generator (workers differ, and a run repeats)."""
    seed = torch.initial_seed() % 2**32
    np.random.seed(seed)
    random.seed(seed)
    data.reseed(get_worker_info().dataset.transform, seed)


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


def new_folder(base):
    """base, or base-2, base-3, ...: the first that does not exist yet."""
    out, n = base, 1
    while os.path.exists(out):
        n += 1
        out = f"{base}-{n}"
    return out


def output_folder(asked):
    """Where the results go; never the export's own folder, whose weights are the page's."""
    out = os.path.abspath(asked) if asked else new_folder(os.path.join(HERE, "runs", time.strftime("%Y%m%d-%H%M%S")))
    if os.path.abspath(out) == HERE:
        raise SystemExit(f"--out {asked} is the export's own folder: its weights.safetensors is the page's model. "
                         "Choose another folder (or leave --out out: runs/<date-time>/).")
    return out


def finite(value):
    """JSON has no NaN: a value that is not finite is written as null."""
    return value if isinstance(value, (int, str)) or (isinstance(value, float) and math.isfinite(value)) else None


def datasets(args, recipe, seed, augment_seed):
    """(train, val, test or None) as the page had them; `augment_seed` seeds the train split's
    augmentation."""
    c = recipe["config"]
    classes, (channels, size, _) = recipe["classes"], recipe["input_shape"]
    mean, std = recipe["normalize_mean"], recipe["normalize_std"]
    demo = os.path.join(HERE, "demo.safetensors")
    if args.data_dir is None:
        if not os.path.exists(demo):
            if c["dataset"] == "demo":
                raise SystemExit("This export holds no demo images (a model file exported on its own carries none): "
                                 "export the run from the page after training it, or give a DATA_DIR.")
            raise SystemExit("DATA_DIR is needed: the folder you chose in the page (or where its zip was unpacked).")
        train_set, val_set = data.demo_sets(demo, c, mean, std, augment_seed)
        return train_set, val_set, None
    if not os.path.isdir(args.data_dir):
        raise SystemExit(f"DATA_DIR {args.data_dir} is not a folder.")
    files = data.split_files(args.data_dir, recipe, seed)
    interpolation = c.get("interpolation", "antialias")
    make = lambda split, train: data.Images(files[split], classes, size, channels, interpolation,
                                            data.transforms(c, mean, std, train, augment_seed if train else None))
    train_set, val_set = make("train", True), make("val", False)
    if not os.path.exists(os.path.join(HERE, "split.json")):
        # split.json lists the run's train images with its train_limit applied; a new folder's
        # are cut here, as the page cuts them.
        keep = data.stratified_head(train_set.labels, c["train_limit"])
        train_set.items = [train_set.items[i] for i in keep]
        train_set.labels = [train_set.labels[i] for i in keep]
    return train_set, val_set, (make("test", False) if files["test"] else None)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", nargs="?", help="the folder chosen in the page (leave out for a demo run)")
    parser.add_argument("--out", help="where weights.safetensors and run.json go (default: runs/<date-time>/)")
    parser.add_argument("--workers", type=int, default=min(4, os.cpu_count() or 1), help="DataLoader worker processes")
    parser.add_argument("--start-method", choices=["fork", "spawn", "forkserver"],
                        help="how DataLoader workers start (default: the platform's, macOS and Windows "
                             "spawn; forkserver on Linux under torchrun)")
    args = parser.parse_args()

    with open(os.path.join(HERE, "recipe.json")) as f:
        recipe = json.load(f)
    c = recipe["config"]
    out = output_folder(args.out)

    distributed = "LOCAL_RANK" in os.environ
    if distributed:
        dist.init_process_group("nccl" if torch.cuda.device_count() >= int(os.environ["LOCAL_WORLD_SIZE"]) else "gloo")
        rank, world = dist.get_rank(), dist.get_world_size()
        local = int(os.environ["LOCAL_RANK"])
        # A GPU per process where there are enough; more processes than GPUs train on the CPU.
        gpu = torch.cuda.is_available() and local < torch.cuda.device_count()
        device = torch.device(f"cuda:{local}" if gpu else "cpu")
        if gpu:
            torch.cuda.set_device(device)
    else:
        rank, world = 0, 1
        device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    main_process = rank == 0
    seed = c["seed"]
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)

    # The shuffle is shared by every process (the sampler's seed); each process's augmentation
    # draws are its own (the seed plus its rank), or every process would warp alike.
    train_set, val_set, test_set = datasets(args, recipe, seed, seed + rank)
    sampler = DistributedSampler(train_set, num_replicas=world, rank=rank, shuffle=True, seed=seed) if distributed else None
    generator = torch.Generator().manual_seed(seed + rank)
    # BatchNorm refuses a training batch of one image: a last batch of one (on any process:
    # each batches ceil(N / processes) images) is dropped. The page merges it into the one before.
    per_process = math.ceil(len(train_set) / world)
    drop_last = c["batch_norm"] and per_process % c["batch_size"] == 1
    # Under torchrun the process group has started threads (gloo's, NCCL's) before the DataLoader
    # forks its workers, and a forked worker can inherit a lock one of them held and hang; a
    # forkserver forks them from a clean process instead.
    method = args.start_method or ("forkserver" if distributed and sys.platform == "linux" else None)
    context = method if args.workers > 0 else None
    loader = lambda dataset, **kw: DataLoader(dataset, num_workers=args.workers, worker_init_fn=seed_worker,
                                              persistent_workers=args.workers > 0, multiprocessing_context=context, **kw)
    train_loader = loader(train_set, batch_size=c["batch_size"], shuffle=sampler is None, sampler=sampler,
                          generator=generator, drop_last=drop_last)
    val_loader = loader(val_set, batch_size=256)
    test_loader = loader(test_set, batch_size=256) if test_set else None

    model = AulaNet(recipe["layers"]).to(device)
    initialise(model, c)
    trained = model
    if distributed:
        model = nn.parallel.DistributedDataParallel(model, device_ids=[device.index] if device.type == "cuda" else None)
    optimizer = optimizer_for(model.parameters(), c)
    scheduler = scheduler_for(optimizer, c)
    best, wait, best_state, records, ending = Best(c), 0, None, [], "completed"
    start = time.time()
    for epoch in range(1, c["epochs"] + 1):
        began = time.time()
        if sampler:
            sampler.set_epoch(epoch)
        model.train()
        lr = optimizer.param_groups[0]["lr"]
        totals = torch.zeros(3, device=device)  # loss sum, correct, count
        for batch, (x, y) in enumerate(train_loader, start=1):
            x, y = x.to(device, non_blocking=True), y.to(device, non_blocking=True)
            optimizer.zero_grad(set_to_none=True)
            logits = model(x)
            loss = nn.functional.cross_entropy(logits, y)
            # As the page: a loss that is not finite stops the run at that batch (on every
            # process), and the best epoch's weights are kept.
            bad = (~torch.isfinite(loss.detach())).float()
            if distributed:
                dist.all_reduce(bad)
            if bad.item():
                ending = "diverged"
                if main_process:
                    print(f"The loss became {loss.item()} at epoch {epoch}, batch {batch}: training stopped "
                          "(the best epoch's weights are kept).", flush=True)
                break
            loss.backward()
            optimizer.step()
            totals += torch.stack([loss.detach() * len(y), (logits.argmax(1) == y).sum(), torch.tensor(len(y), device=device)])
        if ending == "diverged":
            break
        if distributed:
            dist.all_reduce(totals)
        if not totals[2]:
            raise SystemExit(f"No training batch in epoch {epoch}: {len(train_set)} images over {world} processes "
                             f"at batch size {c['batch_size']} leave none (a last batch of one is dropped with BatchNorm).")
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
        improved = best.update(epoch, record[c["monitor"]])
        if improved:
            best_state = {k: v.detach().clone() for k, v in trained.state_dict().items()}
        if c["early_stopping"]:
            wait = 0 if improved else wait + 1
            if not improved and wait >= c["patience"] and epoch > 1:
                ending = "early_stopping"
                if main_process:
                    print(f"EarlyStopping at epoch {epoch}: no better {c['monitor']} for {wait} epochs.")
                break

    # keep=best, or a run that diverged: the best epoch's weights; keep=last: the last epoch's.
    use_best = (c["keep"] == "best" or ending == "diverged") and best_state is not None
    if use_best:
        trained.load_state_dict(best_state)
    reported = best.epoch if use_best else (records[-1]["epoch"] if records else None)
    best_val = max((r["val_accuracy"] for r in records), default=None)
    result = {"config": c, "classes": recipe["classes"], "epochs": [{k: finite(v) for k, v in r.items()} for r in records],
              "best_epoch": reported, "best_val_accuracy": finite(best_val), "ending": ending,
              "processes": world, "seconds": time.time() - start}
    if test_loader and reported:
        result["test_loss"], result["test_accuracy"] = (finite(v) for v in evaluate(trained, test_loader, device))
    try:
        if main_process:
            os.makedirs(out, exist_ok=True)
            if reported is None:
                print("No epoch finished, so no weights were written.")
            else:
                metadata = {k: json.dumps(v) if k in JSON_KEYS else str(v) for k, v in recipe.items() if k != "layout"}
                metadata.update({"format": "aula-model", "epoch": json.dumps(reported)})
                state = {k: v.detach().cpu().contiguous() for k, v in trained.state_dict().items()}
                save_file(state, os.path.join(out, "weights.safetensors"), metadata=metadata)
            with open(os.path.join(out, "run.json"), "w") as f:
                json.dump(result, f, indent=2, allow_nan=False)
            print(f"Best val accuracy {best_val if best_val is not None else float('nan'):.4f}; reported epoch {reported}; "
                  f"run.json{' and weights.safetensors' if reported else ''} written to {out}", flush=True)
    finally:
        if distributed:
            # Every process reaches the end before any tears down (rank 0 may still be writing
            # the files, or have failed to): gloo, destroyed while a peer's side is gone, aborts
            # ("terminate called without an active exception") about every other run.
            dist.barrier()
            dist.destroy_process_group()


if __name__ == "__main__":
    main()
