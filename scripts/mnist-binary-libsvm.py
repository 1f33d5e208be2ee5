#!/usr/bin/env python3
"""Writes two MNIST digits as LIBSVM files (POS -> label 1, NEG -> label 0), for checking how the
pixel preprocessing changes HGO's Figure 5/6 runs (see docs/results.md, HGO and BRSGD).

  scripts/mnist-binary-libsvm.py MNIST_DIR OUT POS NEG SCALING

SCALING: unit     pixels / 255 (zeros stay zeros, left out of the lines)
         zscore   each pixel standardised with the training set's mean and deviation (sklearn's
                  StandardScaler: a constant pixel becomes 0)
Writes OUT (training set) and OUT.t (test set, scaled with the training statistics).
"""
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


def main():
    src, out, pos, neg, scaling = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    if scaling not in ("unit", "zscore"):
        sys.exit("mnist-binary-libsvm: SCALING must be unit or zscore, got " + scaling)
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
