"""The exported model, checked without aula's code and without PyTorch: a numpy forward pass
written from PyTorch's documented semantics (Linear x @ W.T + b, Conv2d cross-correlation in
NCHW, MaxPool2d, BatchNorm in eval mode, Flatten in C, H, W order) from weights.safetensors and
its metadata gives aula's logits; the bundled scripts compile.

Fixtures come from `cargo run --example model_fixtures -- $AULA_FIXTURES`.
"""
import io
import json
import math
import os
import py_compile
import zipfile

import numpy as np
import pytest
from safetensors import safe_open
from safetensors.numpy import load_file

FIXTURES = os.environ.get("AULA_FIXTURES", "")
CASES = ["mlp", "cnn", "cnn-gap"]


def erf(x):
    return np.vectorize(math.erf)(x)


def conv2d(x, w, b, padding):
    n, c, h, wd = x.shape
    out, _, kh, kw = w.shape
    x = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    y = np.zeros((n, out, h + 2 * padding - kh + 1, wd + 2 * padding - kw + 1))
    for i in range(kh):
        for j in range(kw):
            patch = x[:, :, i:i + y.shape[2], j:j + y.shape[3]]
            y += np.einsum("nchw,oc->nohw", patch, w[:, :, i, j])
    return y + b[None, :, None, None]


def max_pool(x, k):
    n, c, h, w = x.shape
    h, w = h // k, w // k
    return x[:, :, :h * k, :w * k].reshape(n, c, h, k, w, k).max(axis=(3, 5))


def forward(layers, weights, x):
    for i, spec in enumerate(layers):
        kind, key = spec["type"], f"net.{i}."
        if kind == "Linear":
            x = x @ weights[key + "weight"].T + weights[key + "bias"]
        elif kind == "Conv2d":
            x = conv2d(x, weights[key + "weight"], weights[key + "bias"], spec["padding"])
        elif kind in ("BatchNorm1d", "BatchNorm2d"):
            shape = (1, -1) + (1,) * (x.ndim - 2)
            mean, var = weights[key + "running_mean"].reshape(shape), weights[key + "running_var"].reshape(shape)
            gamma, beta = weights[key + "weight"].reshape(shape), weights[key + "bias"].reshape(shape)
            x = (x - mean) / np.sqrt(var + spec["eps"]) * gamma + beta
        elif kind == "ReLU":
            x = np.maximum(x, 0)
        elif kind == "LeakyReLU":
            x = np.where(x >= 0, x, x * spec["negative_slope"])
        elif kind == "GELU":
            x = 0.5 * x * (1 + erf(x / math.sqrt(2)))
        elif kind == "Tanh":
            x = np.tanh(x)
        elif kind == "Sigmoid":
            x = 1 / (1 + np.exp(-x))
        elif kind == "MaxPool2d":
            x = max_pool(x, spec["kernel_size"])
        elif kind == "AdaptiveAvgPool2d":
            assert spec["output_size"] == 1
            x = x.mean(axis=(2, 3), keepdims=True)
        elif kind == "Flatten":
            x = x.reshape(x.shape[0], -1)
        elif kind == "Dropout":
            pass  # eval mode
        else:
            raise AssertionError(f"unknown layer {kind}")
    return x


def load_case(name):
    folder = os.path.join(FIXTURES, name)
    path = os.path.join(folder, "weights.safetensors")
    with safe_open(path, framework="numpy") as f:
        meta = f.metadata()
    weights = {k: v.astype(np.float64) for k, v in load_file(path).items()}
    cases = json.load(open(os.path.join(folder, "cases.json")))
    return meta, weights, cases, folder


@pytest.mark.skipif(not FIXTURES, reason="set AULA_FIXTURES (see the module docstring)")
@pytest.mark.parametrize("name", CASES)
def test_numpy_forward_gives_aulas_logits(name):
    meta, weights, cases, _ = load_case(name)
    assert meta["format"] == "aula-model"
    c, h, w = json.loads(meta["input_shape"])
    mean = np.array(json.loads(meta["normalize_mean"])).reshape(1, c, 1, 1)
    std = np.array(json.loads(meta["normalize_std"])).reshape(1, c, 1, 1)
    images = np.array(cases["images"], dtype=np.float64).reshape(-1, h, w, c).transpose(0, 3, 1, 2)
    x = (images / 255.0 - mean) / std
    logits = forward(json.loads(meta["layers"]), weights, x)
    expected = np.array(cases["logits"])
    assert logits.shape == expected.shape
    assert np.abs(logits - expected).max() < 1e-4, np.abs(logits - expected).max()
    if any(l["type"].startswith("BatchNorm") for l in json.loads(meta["layers"])):
        tracked = [k for k in weights if k.endswith("num_batches_tracked")]
        assert tracked and all(weights[k] > 0 for k in tracked)


@pytest.mark.skipif(not FIXTURES, reason="set AULA_FIXTURES (see the module docstring)")
@pytest.mark.parametrize("name", CASES)
def test_the_export_holds_the_model_the_recipe_and_scripts_that_compile(name, tmp_path):
    _, weights, _, folder = load_case(name)
    archive = zipfile.ZipFile(os.path.join(folder, "pytorch.zip"))
    names = {n.split("/", 1)[1] for n in archive.namelist()}
    assert {"README.md", "model.py", "train.py", "predict.py", "recipe.json", "weights.safetensors"} <= names
    archive.extractall(tmp_path)
    root = tmp_path / "aula-pytorch"
    for script in ("model.py", "train.py", "predict.py"):
        py_compile.compile(str(root / script), doraise=True)
    recipe = json.load(open(root / "recipe.json"))
    assert recipe["classes"] == ["red", "green", "blue"]
    inside = load_file(str(root / "weights.safetensors"))
    assert set(inside) == set(weights)
    # Every weighted layer of the recipe has its tensors, with PyTorch's shapes.
    for i, spec in enumerate(recipe["layers"]):
        if spec["type"] == "Linear":
            assert inside[f"net.{i}.weight"].shape == (spec["out_features"], spec["in_features"])
        if spec["type"] == "Conv2d":
            k = spec["kernel_size"]
            assert inside[f"net.{i}.weight"].shape == (spec["out_channels"], spec["in_channels"], k, k)
