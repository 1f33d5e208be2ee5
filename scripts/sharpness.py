#!/usr/bin/env python3
"""The curvature of a saved logistic-regression model's training loss, against the step size.

Usage: scripts/sharpness.py [--lr GAMMA] MODEL_DIR...
       scripts/sharpness.py --self-test

MODEL_DIR is the `model` folder of a `byzspark train --model logistic --out RUN` run on MNIST or
Fashion-MNIST with `--binary-classes A,B` (RUN/model: model.json and parameters.bin). For each
model the script loads the training images of the two classes from the IDX files the run used
(model.json's data.dataset), scales the pixels to [0, 1] and normalises them with (0.1307, 0.3081)
as `MnistSource` does, and prints, with z = w·x + b over the m training examples and x̃ = (x, 1):

  loss      the mean logistic loss (1/m) Σ log(1 + exp(−s z)), s = ±1 the label's sign
  grad      ‖∇F‖ of that loss: the run's grad_norm at its last step (metrics.csv), up to the
            order of the sums
  lambda    the largest eigenvalue of its Hessian H = (1/m) Σ σ(z)(1 − σ(z)) x̃ x̃ᵀ
  gamma*lambda   the step size times lambda: gradient descent with step γ is stable near θ along
                 the top eigenvector while γ·λ < 2 and moves away from θ along it when γ·λ > 2

Only the whole training set's loss is used (not the workers' mini-batches). Needs NumPy.
`--self-test` checks the Hessian against finite differences of the gradient on a small random
problem, and the eigenvalue of a hand-made one.
"""
import json
import os
import sys

MEAN, STD = 0.1307, 0.3081  # MnistSource's normalisation of MNIST


def fail(msg):
    print(f"sharpness.py: {msg}", file=sys.stderr)
    sys.exit(2)


def loss_grad_hessian(np, x, y, theta):
    """Mean logistic loss, gradient and Hessian at theta = (w, b) for rows x and labels y in {0, 1}."""
    xt = np.hstack([x, np.ones((x.shape[0], 1))])
    z = xt @ theta
    s = 2.0 * y - 1.0
    t = -s * z
    loss = np.mean(np.maximum(t, 0) + np.log1p(np.exp(-np.abs(t))))
    p = 0.5 * (1.0 + np.tanh(0.5 * z))  # σ(z) without overflow
    grad = xt.T @ (p - y) / x.shape[0]
    hess = (xt * (p * (1.0 - p))[:, None]).T @ xt / x.shape[0]
    return loss, grad, hess


def read_idx(np, path):
    with open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def read_theta(np, model_dir, meta):
    with open(os.path.join(model_dir, meta["parameters"]["file"]), "rb") as f:
        data = f.read()
    if data[:8] != b"BYZSPARM":
        fail(f"{model_dir}: parameters file has no BYZSPARM header")
    return np.frombuffer(data[20:-4], "<f8")


def training_set(np, meta, model_dir):
    spec = meta.get("data", {}).get("dataset", "")
    name, _, folder = spec.partition(":")
    if name not in ("mnist", "fashion-mnist") or not folder:
        fail(f"{model_dir}: dataset {spec!r} is not mnist or fashion-mnist with its folder")
    classes = meta["data"].get("binary_classes")
    if meta.get("model") != "logistic" or not classes:
        fail(f"{model_dir}: needs a logistic model trained with --binary-classes, got {meta.get('model')}")
    pos, neg = (int(c) for c in classes.split(","))
    images = read_idx(np, os.path.join(folder, "train-images-idx3-ubyte"))
    labels = read_idx(np, os.path.join(folder, "train-labels-idx1-ubyte"))
    keep = (labels == pos) | (labels == neg)
    x = images[keep].reshape(int(keep.sum()), -1).astype(np.float64) / 255.0
    if name == "mnist":
        x = (x - MEAN) / STD
    else:
        fail(f"{model_dir}: the normalisation of {name} is not implemented here")
    y = (labels[keep] == pos).astype(np.float64)  # --binary-classes POS,NEG: POS → 1
    return x, y


def self_test():
    import numpy as np
    rng = np.random.default_rng(3)
    x = rng.normal(size=(40, 5))
    y = (rng.random(40) < 0.5).astype(np.float64)
    theta = rng.normal(size=6)
    _, g, h = loss_grad_hessian(np, x, y, theta)
    eps = 1e-6
    worst = 0.0
    for j in range(6):
        e = np.zeros(6)
        e[j] = eps
        gp = loss_grad_hessian(np, x, y, theta + e)[1]
        gm = loss_grad_hessian(np, x, y, theta - e)[1]
        worst = max(worst, np.max(np.abs((gp - gm) / (2 * eps) - h[:, j])))
    if worst > 1e-7:
        print(f"sharpness.py: self-test failed: Hessian against finite differences off by {worst}", file=sys.stderr)
        return 1
    # Loss and gradient against finite differences of the loss.
    for j in range(6):
        e = np.zeros(6)
        e[j] = eps
        fd = (loss_grad_hessian(np, x, y, theta + e)[0] - loss_grad_hessian(np, x, y, theta - e)[0]) / (2 * eps)
        if abs(fd - g[j]) > 1e-7:
            print(f"sharpness.py: self-test failed: gradient {j} {g[j]} against {fd}", file=sys.stderr)
            return 1
    # Hand-made: at theta = 0 every σ(1 − σ) = 1/4; the rows x = 2 and x = 0 (x̃ = (2, 1), (0, 1)) give
    # H = 1/4 · 1/2 · [[4, 2], [2, 2]], whose largest eigenvalue is (3 + √5)/8.
    h2 = loss_grad_hessian(np, np.array([[2.0], [0.0]]), np.array([1.0, 0.0]), np.zeros(2))[2]
    top = np.linalg.eigvalsh(h2)[-1]
    if abs(top - (3 + 5 ** 0.5) / 8) > 1e-12:
        print(f"sharpness.py: self-test failed: hand-made eigenvalue {top}", file=sys.stderr)
        return 1
    print("sharpness.py: self-test passed (Hessian and gradient against finite differences, one hand-made eigenvalue)")
    return 0


def main(argv):
    if argv == ["--self-test"]:
        return self_test()
    lr = None
    dirs = []
    i = 0
    while i < len(argv):
        if argv[i] == "--lr":
            if i + 1 >= len(argv):
                fail("--lr needs a value")
            try:
                lr = float(argv[i + 1])
            except ValueError:
                fail(f"--lr must be a number, got {argv[i + 1]!r}")
            i += 2
        elif argv[i].startswith("-"):
            fail(f"unknown option {argv[i]}; usage: sharpness.py [--lr GAMMA] MODEL_DIR...")
        else:
            dirs.append(argv[i])
            i += 1
    if not dirs:
        fail("usage: sharpness.py [--lr GAMMA] MODEL_DIR...")
    for d in dirs:
        if not os.path.isfile(os.path.join(d, "model.json")):
            fail(f"{d}: no model.json (give a run's model folder, RUN/model)")
    import numpy as np
    cache = {}
    print(f"{'model':<40} {'steps':>5} {'loss':>9} {'grad':>9} {'lambda':>9}" + ("  gamma*lambda" if lr else ""))
    for d in dirs:
        with open(os.path.join(d, "model.json")) as f:
            meta = json.load(f)
        key = (meta["data"]["dataset"], meta["data"].get("binary_classes"))
        if key not in cache:
            cache[key] = training_set(np, meta, d)
        x, y = cache[key]
        theta = read_theta(np, d, meta)
        loss, grad, hess = loss_grad_hessian(np, x, y, theta)
        top = np.linalg.eigvalsh(hess)[-1]
        row = f"{d:<40} {meta['training']['steps']:>5} {loss:>9.4f} {np.linalg.norm(grad):>9.4f} {top:>9.3f}"
        if lr:
            row += f"  {lr * top:>12.3f}"
        print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
