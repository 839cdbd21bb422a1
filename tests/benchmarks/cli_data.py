#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The data of docs/benchmarks.md's tinyneuron-command comparison: N rows of D standard normal inputs
(6 decimals) and targets drawn from a logistic model, as OUT.csv (a header, the target last) and
OUT.svm (LIBSVM, the same rows). Usage: cli_data.py N D OUT"""
import sys

import numpy as np

n, d = int(sys.argv[1]), int(sys.argv[2]); out = sys.argv[3]
rng = np.random.default_rng(28)
w = rng.standard_normal(d) * 0.5
with open(out + ".csv", "w") as c, open(out + ".svm", "w") as s:
    c.write(",".join(f"x{j+1}" for j in range(d)) + ",target\n")
    for start in range(0, n, 100000):
        m = min(100000, n - start)
        x = rng.standard_normal((m, d))
        p = 1 / (1 + np.exp(-(x @ w + 0.3)))
        t = (rng.random(m) < p).astype(int)
        xs = np.char.mod("%.6f", x)
        c.write("\n".join(",".join(r) + "," + str(ti) for r, ti in zip(xs, t)) + "\n")
        s.write("\n".join(str(ti) + " " + " ".join(f"{j+1}:{v}" for j, v in enumerate(r)) for r, ti in zip(xs, t)) + "\n")
