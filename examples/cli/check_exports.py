#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The tinyneuron command on files written, during the test, by R and by pandas, and on LIBLINEAR's
heart_scale: each is fitted, the model saved, the data (its columns reordered, an extra one added)
predicted, and the probabilities compared with an independent fit's to 1e-9.

    check_exports.py r       TINYNEURON WORK RSCRIPT   R's write.csv and write.csv2, against glm
    check_exports.py pandas  TINYNEURON WORK           pandas' to_csv (index, target first, yes/no),
                                                       against scikit-learn
    check_exports.py libsvm  TINYNEURON WORK HEART     heart_scale, against scikit-learn

A missing tool (R, pandas, scikit-learn, heart_scale) fails the test, saying what to install:
CI installs them all (.ci/run).
"""
import csv
import os
import shutil
import subprocess
import sys

TOLERANCE = 1e-9


def fail(message):
    sys.exit(f"FAILED: {message}")


def run(*args, cwd):
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        fail(f"{' '.join(args)} exited with {done.returncode}:\n{done.stdout}{done.stderr}")
    return done.stdout


def probabilities(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    if rows[0] != ["probability", "label"]:
        fail(f"{path} starts with {rows[0]}, expected probability,label")
    return [float(r[0]) for r in rows[1:]], [r[1] for r in rows[1:]]


def compare(ours, reference, what):
    if len(ours) != len(reference):
        fail(f"{what}: {len(ours)} probabilities, expected {len(reference)}")
    worst = max(abs(a - b) for a, b in zip(ours, reference))
    if worst > TOLERANCE:
        fail(f"{what}: probabilities differ from the reference by up to {worst:.3g} (allowed {TOLERANCE})")
    print(f"{what}: {len(ours)} probabilities within {worst:.2g} of the reference")


def expect(text, needle, what):
    if needle not in text:
        fail(f"{what}: the output lacks '{needle}':\n{text}")


def check_r(exe, work, rscript):
    if shutil.which(rscript) is None:
        fail(f"R's Rscript ('{rscript}') is not installed (Debian: r-base-core)")
    script = r"""
        d <- mtcars[, c("wt", "hp", "am")]
        write.csv(d, "quoted.csv")                        # quoted names, row names first
        write.csv2(d, "semicolons.csv", quote = FALSE)    # ';', decimal commas, nothing quoted
        test <- cbind(mtcars[, c("am", "cyl")], mtcars[, c("hp", "wt")])
        write.csv(test, "reordered.csv")                  # another order, an extra column
        fit <- glm(am ~ wt + hp, family = binomial, data = d, control = glm.control(epsilon = 1e-14, maxit = 100))
        writeLines(sprintf("%.17g", fitted(fit)), "glm.txt")
    """
    run(rscript, "-e", script, cwd=work)
    reference = [float(x) for x in open(os.path.join(work, "glm.txt"))]
    for name in ("quoted.csv", "semicolons.csv"):
        printed = run(exe, "fit", name, "--save", name + ".model", cwd=work)
        expect(printed, "skipped: column 1, which has no name, as row names", name)
        expect(printed, "labels: '0' -> 0, '1' -> 1", name)
        expect(printed, "fit: converged", name)
        printed = run(exe, "predict", name + ".model", "reordered.csv", "--out", name + ".out", cwd=work)
        expect(printed, "ignored, not inputs of the model: cyl", name)
        expect(printed, "accuracy 0.9375 (30 of 32 rows)", name)
        compare(probabilities(os.path.join(work, name + ".out"))[0], reference, f"R's {name} against glm")


def sklearn_fit(x, y, rows):
    """scikit-learn's optimum of tinyneuron's objective with --C 1: the bias is not penalised."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=1.0, solver="newton-cholesky", tol=1e-14, max_iter=1000).fit(x, y)
    return model.predict_proba(rows)[:, 1]


def import_pandas():
    try:
        import pandas  # noqa: F401
        import sklearn  # noqa: F401
    except ImportError as e:
        fail(f"{sys.executable} cannot import {e.name} (Debian: python3-pandas python3-sklearn)")


def check_pandas(exe, work):
    import_pandas()
    import numpy as np
    import pandas as pd
    from sklearn.datasets import load_breast_cancer

    data = load_breast_cancer()
    frame = pd.DataFrame(data.data, columns=data.feature_names)  # names with spaces: "mean radius"
    frame.insert(0, "malignant", np.where(data.target == 0, "yes", "no"))
    frame.to_csv(os.path.join(work, "cancer.csv"))  # the index first, the target first
    shuffled = frame[list(reversed(frame.columns))]  # every column elsewhere, the target last
    shuffled.to_csv(os.path.join(work, "cancer_reordered.csv"), index=False)
    printed = run(exe, "fit", "cancer.csv", "--target", "malignant", "--C", "1", "--save", "cancer.model", cwd=work)
    expect(printed, "skipped: column 1, which has no name, as row names", "pandas")
    expect(printed, "labels: 'no' -> 0, 'yes' -> 1", "pandas")
    run(exe, "predict", "cancer.model", "cancer_reordered.csv", "--out", "cancer.out", cwd=work)
    ours, labels = probabilities(os.path.join(work, "cancer.out"))
    if set(labels) != {"yes", "no"}:
        fail(f"pandas: the labels predicted are {set(labels)}, expected yes and no")
    x = frame[data.feature_names].to_numpy()
    compare(ours, sklearn_fit(x, frame["malignant"] == "yes", x), "pandas' to_csv against scikit-learn")


def check_libsvm(exe, work, heart):
    import_pandas()
    if not os.path.exists(heart):
        fail(f"LIBLINEAR's example {heart} is not installed (Debian: liblinear-tools)")
    from sklearn.datasets import load_svmlight_file

    printed = run(exe, "fit", heart, "--C", "1", "--save", "heart.model", cwd=work)
    expect(printed, "270 rows, 13 inputs (LIBSVM, named by their indices)", "heart_scale")
    expect(printed, "labels: '-1' -> 0, '+1' -> 1", "heart_scale")
    run(exe, "predict", "heart.model", heart, "--out", "heart.out", cwd=work)
    x, y = load_svmlight_file(heart)
    x = x.toarray()
    compare(probabilities(os.path.join(work, "heart.out"))[0], sklearn_fit(x, y > 0, x), "heart_scale against scikit-learn")


def main():
    kind, exe, work = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    if kind == "r":
        check_r(exe, work, sys.argv[4])
    elif kind == "pandas":
        check_pandas(exe, work)
    else:
        check_libsvm(exe, work, sys.argv[4])


if __name__ == "__main__":
    main()
