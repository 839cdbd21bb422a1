#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the three data sets of the fit benchmarks (issue 18) as text, for tinyneuron_bench and
peer_sklearn.py to read the same values:

  breast_cancer.txt   scikit-learn's load_breast_cancer, 569 x 30, each column standardized
                      (mean 0, standard deviation 1); target 1 = benign
  digits_3v8.txt      load_digits, the 3s and 8s, 357 x 64, pixels divided by 16; target 1 = 8
  synthetic.txt       20,000 x 16 standard normal values (NumPy's RandomState(18)), targets drawn
                      from Bernoulli(sigmoid(x.w + b)) for a random w, b: not separable

Each file: a line "rows cols", then one line per sample, its cols values and its target, in
%.17g (read back exactly). Usage: fit_data.py <directory> (needs python3-sklearn).
"""
import os
import sys

import numpy as np
from sklearn.datasets import load_breast_cancer, load_digits


def write(path, x, t):
    with open(path, "w") as f:
        f.write(f"{x.shape[0]} {x.shape[1]}\n")
        for row, target in zip(x, t):
            f.write(" ".join(f"{v:.17g}" for v in row) + f" {target:.17g}\n")


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    cancer = load_breast_cancer()
    x = cancer.data
    write(os.path.join(out, "breast_cancer.txt"), (x - x.mean(axis=0)) / x.std(axis=0),
          cancer.target.astype(float))
    digits = load_digits()
    keep = (digits.target == 3) | (digits.target == 8)
    write(os.path.join(out, "digits_3v8.txt"), digits.data[keep] / 16.0,
          (digits.target[keep] == 8).astype(float))
    rng = np.random.RandomState(18)
    x = rng.standard_normal((20000, 16))
    w = rng.standard_normal(16)
    z = x @ w + 0.5
    t = (rng.uniform(size=20000) < 1 / (1 + np.exp(-z))).astype(float)
    write(os.path.join(out, "synthetic.txt"), x, t)


if __name__ == "__main__":
    main()
