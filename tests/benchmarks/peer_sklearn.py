#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""scikit-learn's logistic regression on the data sets of the fit benchmarks, for peers.sh.

Fits LogisticRegression(C=1, tol=1e-4) with each of the solvers lbfgs, newton-cholesky (from
scikit-learn 1.2) and liblinear on each file fit_data.py wrote, the same values tinyneuron_bench
reads, timing fit() alone (process CPU time: the solvers may start threads). Prints, per set and
solver, the minimum over the repetitions as "RESULT sklearn_<solver>/<set> <ns per fit>", and its
objective at the result, Σ cross-entropy + ½‖w‖²/C (liblinear: its bias penalized too, so its
objective is printed in tinyneuron's terms), as "NOTE".
Usage: peer_sklearn.py <data directory> [repetitions = 5]
"""
import os
import sys
import time
import warnings

import numpy as np
from sklearn.linear_model import LogisticRegression

SETS = ("breast_cancer", "digits_3v8", "synthetic")
SOLVERS = ("lbfgs", "newton-cholesky", "liblinear")


def load(path):
    with open(path) as f:
        rows, cols = (int(v) for v in f.readline().split())
        data = np.loadtxt(f).reshape(rows, cols + 1)
    return data[:, :cols], data[:, cols]


def objective(x, t, w, b):
    z = x @ w + b
    return float(np.sum(np.logaddexp(0, z) - t * z) + 0.5 * w @ w)


def main():
    directory = sys.argv[1]
    repetitions = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    warnings.simplefilter("ignore")  # lbfgs's ConvergenceWarning is reported by its objective
    for name in SETS:
        x, t = load(os.path.join(directory, name + ".txt"))
        for solver in SOLVERS:
            best = float("inf")
            for _ in range(repetitions):
                model = LogisticRegression(C=1.0, tol=1e-4, solver=solver, max_iter=1000)
                start = time.process_time_ns()
                model.fit(x, t)
                best = min(best, time.process_time_ns() - start)
            value = objective(x, t, model.coef_[0], model.intercept_[0])
            print(f"RESULT sklearn_{solver}/{name} {best:.0f}")
            print(f"NOTE sklearn_{solver}/{name} objective {value:.10g}, {model.n_iter_[0]} iterations")


if __name__ == "__main__":
    main()
