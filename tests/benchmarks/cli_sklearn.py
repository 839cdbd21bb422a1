#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""pandas' read_csv and scikit-learn's LogisticRegression (C = 1) on a CSV of cli_data.py, timed apart.
Usage: cli_sklearn.py DATA.csv SOLVER [TOL]"""
import sys, time, pandas as pd
from sklearn.linear_model import LogisticRegression
t0 = time.perf_counter()
df = pd.read_csv(sys.argv[1])
t1 = time.perf_counter()
X = df.drop(columns="target").to_numpy(); y = df["target"].to_numpy()
m = LogisticRegression(solver=sys.argv[2], C=1.0, tol=1e-8 if len(sys.argv) < 4 else float(sys.argv[3]), max_iter=1000).fit(X, y)
t2 = time.perf_counter()
print(f"read {t1-t0:.2f} s, fit {t2-t1:.2f} s ({sys.argv[2]}), total {t2-t0:.2f} s, acc {m.score(X, y):.4f}, iters {m.n_iter_}")
