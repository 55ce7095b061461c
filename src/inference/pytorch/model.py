"""The network aula trained, as a PyTorch module.

    from model import load
    model, meta = load("weights.safetensors")   # eval mode, strict state_dict
    logits = model(x)                           # x: [N, C, H, W] float32, normalised as below

Inputs are what the page fed its network: each image resized to the model's size (RGB, or
one luma channel), pixel / 255, then (x - mean) / std per channel with meta["normalize_mean"]
and meta["normalize_std"]. The layers are those of meta["layers"], in order, each given by its
torch.nn class name and keyword arguments, so state_dict keys are "net.<index>.<name>".
"""
import json

from safetensors import safe_open
from safetensors.torch import load_file
from torch import nn

# Metadata values stored as JSON text (the others are plain strings).
JSON_KEYS = {"config", "classes", "input_shape", "normalize_mean", "normalize_std", "layers", "epoch"}


def build_layer(spec):
    """One layer from its spec: {"type": "Linear", "in_features": 784, "out_features": 256}."""
    args = dict(spec)
    kind = args.pop("type")
    return getattr(nn, kind)(**args)


class AulaNet(nn.Module):
    def __init__(self, layers):
        super().__init__()
        self.net = nn.Sequential(*(build_layer(spec) for spec in layers))

    def forward(self, x):
        return self.net(x)


def read_metadata(path):
    """The file's __metadata__, JSON values decoded."""
    with safe_open(path, framework="pt") as f:
        raw = f.metadata() or {}
    return {key: json.loads(value) if key in JSON_KEYS else value for key, value in raw.items()}


def load(path="weights.safetensors", device="cpu"):
    """The model with its weights, in eval mode (dropout off, BatchNorm's running statistics)."""
    meta = read_metadata(path)
    if meta.get("format") != "aula-model":
        raise ValueError(f"{path} was not exported by aula")
    model = AulaNet(meta["layers"])
    model.load_state_dict(load_file(path, device=device), strict=True)
    return model.to(device).eval(), meta
