#!/usr/bin/env python3
"""Writes a small MNIST-like dataset (the four IDX files) for smoke tests: 10 classes, each a random
binary prototype image plus Gaussian noise, so a linear model learns it. Standard library only.

usage: gen-idx.py DIR [TRAIN=1000] [TEST=300] [SIDE=8] [SEED=1]
"""
import os
import random
import struct
import sys


def write(dirname, names, count, side, prototypes, rng):
    labels = bytearray()
    images = bytearray()
    for _ in range(count):
        c = rng.randrange(10)
        labels.append(c)
        for p in prototypes[c]:
            v = p + int(round(rng.gauss(0, 150)))
            images.append(max(0, min(255, v)))
    with open(os.path.join(dirname, names[0]), "wb") as f:
        f.write(struct.pack(">iiii", 0x803, count, side, side))
        f.write(images)
    with open(os.path.join(dirname, names[1]), "wb") as f:
        f.write(struct.pack(">ii", 0x801, count))
        f.write(labels)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    train, test, side, seed = (int(a) for a in (sys.argv[2:] + ["1000", "300", "8", "1"][len(sys.argv) - 2:]))
    rng = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    prototypes = [[30 if rng.randrange(2) == 0 else 220 for _ in range(side * side)] for _ in range(10)]
    write(out, ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"), train, side, prototypes, rng)
    write(out, ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"), test, side, prototypes, rng)


if __name__ == "__main__":
    main()
