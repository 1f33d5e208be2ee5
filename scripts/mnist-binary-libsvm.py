#!/usr/bin/env python3
"""Writes two MNIST digits as LIBSVM files (POS -> label 1, NEG -> label 0), for checking how the
pixel preprocessing changes HGO's Figure 5/6 runs (see docs/results.md, HGO and BRSGD).

  scripts/mnist-binary-libsvm.py MNIST_DIR OUT POS NEG SCALING

SCALING: unit     pixels / 255 (zeros stay zeros, left out of the lines)
         zscore   each pixel standardised with the training set's mean and deviation (sklearn's
                  StandardScaler: a constant pixel becomes 0)
Writes OUT (training set) and OUT.t (test set, scaled with the training statistics).
"""
import os
import struct
import sys


def idx(path):
    with open(path, "rb") as f:
        data = f.read()
    magic, n = struct.unpack(">II", data[:8])
    if magic == 2051:
        rows, cols = struct.unpack(">II", data[8:16])
        d = rows * cols
        return [data[16 + i * d:16 + (i + 1) * d] for i in range(n)]
    return list(data[8:8 + n])


def fail(message):
    print("mnist-binary-libsvm: " + message, file=sys.stderr)
    sys.exit(2)


def main():
    if len(sys.argv) != 6:
        fail("usage: mnist-binary-libsvm.py MNIST_DIR OUT POS NEG SCALING (SCALING: unit or zscore)")
    src, out, scaling = sys.argv[1], sys.argv[2], sys.argv[5]
    try:
        pos, neg = int(sys.argv[3]), int(sys.argv[4])
    except ValueError:
        fail(f"POS and NEG must be digits 0-9, got {sys.argv[3]} and {sys.argv[4]}")
    if not (0 <= pos <= 9 and 0 <= neg <= 9 and pos != neg):
        fail(f"POS and NEG must be two different digits 0-9, got {pos} and {neg}")
    if scaling not in ("unit", "zscore"):
        fail("SCALING must be unit or zscore, got " + scaling)
    for prefix in ("train", "t10k"):
        for kind in ("images-idx3", "labels-idx1"):
            if not os.path.isfile(f"{src}/{prefix}-{kind}-ubyte"):
                fail(f"{src}/{prefix}-{kind}-ubyte not found: MNIST_DIR must hold the four MNIST idx files "
                     "(scripts/fetch-data.sh mnist writes them to data/mnist)")
    sets = {}
    for name, prefix in (("train", "train"), ("test", "t10k")):
        images = idx(f"{src}/{prefix}-images-idx3-ubyte")
        labels = idx(f"{src}/{prefix}-labels-idx1-ubyte")
        sets[name] = [(1 if y == pos else 0, img) for img, y in zip(images, labels) if y in (pos, neg)]
    d = len(sets["train"][0][1])
    mean = [0.0] * d
    sd = [1.0] * d
    if scaling == "zscore":
        n = len(sets["train"])
        for _, img in sets["train"]:
            for j in range(d):
                mean[j] += img[j] / 255.0
        mean = [m / n for m in mean]
        var = [0.0] * d
        for _, img in sets["train"]:
            for j in range(d):
                v = img[j] / 255.0 - mean[j]
                var[j] += v * v
        sd = [(v / n) ** 0.5 for v in var]
    for name, path in (("train", out), ("test", out + ".t")):
        with open(path, "w") as f:
            for y, img in sets[name]:
                items = []
                for j in range(d):
                    x = img[j] / 255.0
                    v = (x - mean[j]) / sd[j] if sd[j] > 0 else 0.0
                    if v != 0.0:
                        items.append(f"{j + 1}:{v:.6g}")
                # the last pixel is always written so that both files have dimension d
                if not items or not items[-1].startswith(f"{d}:"):
                    items.append(f"{d}:0")
                f.write(f"{y} " + " ".join(items) + "\n")


if __name__ == "__main__":
    main()
