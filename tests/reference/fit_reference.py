#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The independent reference for Neuron::fit's tests (tests/test_fit_reference.cpp).

Writes the data sets the tests read (tests/data/*.csv) and their optima
(tests/data/fit_optima.txt), each found by a Newton's method of this script's own in NumPy,
polished until the step no longer changes the parameters, and cross-checked with
scikit-learn's LogisticRegression. Run with Debian's python3 (python3-numpy, python3-sklearn):
    /usr/bin/python3 tests/reference/fit_reference.py            # writes the files
    /usr/bin/python3 tests/reference/fit_reference.py --check    # compares, writes nothing
The objective is tinyneuron's: sum_i softplus(z_i) - t_i*z_i + n*l2*|w|^2, z_i = w.x_i + b.
"""
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data")
MASK = (1 << 64) - 1


def splitmix64(state):
    """The generator of tests/reference/synthetic.hpp: returns (new state, 64 bits)."""
    state = (state + 0x9E3779B97F4A7C15) & MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return state, z ^ (z >> 31)


def synthetic(rows, cols, seed):
    """Inputs m/2^52 with m uniform integers in [-2^52, 2^52), exact in binary; target 1 where the
    integer score sum_j a_j*m_j + 3*noise is positive, a_j = (j mod 5) - 2: classes that overlap."""
    state = seed
    x = np.empty((rows, cols))
    t = np.empty(rows)
    for i in range(rows):
        score = 0
        for j in range(cols):
            state, bits = splitmix64(state)
            m = (bits >> 11) - (1 << 52)
            x[i, j] = m / float(1 << 52)
            score += ((j % 5) - 2) * m
        state, bits = splitmix64(state)
        score += 3 * ((bits >> 11) - (1 << 52))
        t[i] = 1.0 if score > 0 else 0.0
    return x, t


def objective(x, t, l2, theta):
    z = x @ theta[:-1] + theta[-1]
    return np.sum(np.logaddexp(0.0, z) - t * z) + len(t) * l2 * theta[:-1] @ theta[:-1]


def newton(x, t, l2):
    """Newton's method on the cross-entropy from the zero neuron, with halving until the
    objective does not rise, then polished: it stops when a step no longer moves theta."""
    n, d = x.shape
    xa = np.hstack([x, np.ones((n, 1))])
    penalty = np.full(d + 1, 2.0 * n * l2)
    penalty[-1] = 0.0
    theta = np.zeros(d + 1)
    f = objective(x, t, l2, theta)
    for _ in range(200):
        z = xa @ theta
        p = 0.5 * (1.0 + np.tanh(0.5 * z))  # sigma(z), without overflow
        g = xa.T @ (p - t) + penalty * theta
        h = (xa * (p * (1.0 - p))[:, None]).T @ xa + np.diag(penalty)
        step = np.linalg.lstsq(h, -g, rcond=None)[0]
        a = 1.0
        while objective(x, t, l2, theta + a * step) > f and a > 1e-12:
            a /= 2
        new = theta + a * step
        moved = np.max(np.abs(new - theta) / np.maximum(np.abs(theta), 1e-300))
        theta, f = new, objective(x, t, l2, new)
        if moved < 1e-15:
            break
    return theta, f


def squared_error_minima():
    """The squared error's lowest values on the 8 points, sum_i (sigma(z_i) - t_i)^2. It is not
    convex: a grid over w1, w2 in [-6, 6] and b in [-15, 15] finds the basins, and Newton's method
    (its Hessian from d2E/dz2 = 2s'[s' + (s - t)(1 - 2s)]) polishes the best cell of each. Far out,
    where every row off the boundary saturates, the error only levels off at a whole number of
    rows on their wrong side plus what the rows on the boundary keep: along the grid's directions
    no less than 2.0, above the lowest value found, so the floor is a minimum, not a limit."""
    x = np.array([[3, 1.5], [2, 1], [4, 1.5], [3, 4], [3.5, 0.5], [2, 0.5], [5.5, 1], [1, 1]])
    t = np.array([0, 1, 0, 1, 0, 1, 1, 0], dtype=float)
    xa = np.hstack([x, np.ones((8, 1))])
    def sq(theta):
        return np.sum((0.5 * (1 + np.tanh(0.5 * (xa @ theta))) - t) ** 2)

    grid = np.stack(np.meshgrid(np.linspace(-6, 6, 61), np.linspace(-6, 6, 61), np.linspace(-15, 15, 61)), -1)
    thetas = grid.reshape(-1, 3)
    z = thetas @ xa.T
    values = np.sum((0.5 * (1 + np.tanh(0.5 * z)) - t) ** 2, axis=1)
    minima = {}
    for start in thetas[np.argsort(values)[:400]]:
        theta = start.copy()
        for _ in range(100):
            zz = xa @ theta
            s = 0.5 * (1 + np.tanh(0.5 * zz))
            d1 = s * (1 - s)
            g = xa.T @ (2 * (s - t) * d1)
            c = 2 * d1 * (d1 + (s - t) * (1 - 2 * s))
            h = (xa * c[:, None]).T @ xa
            if np.min(np.linalg.eigvalsh(h)) <= 1e-12 * np.max(np.abs(h)):
                break  # not (yet) in a minimum's basin
            step = np.linalg.solve(h, -g)
            theta = theta + step
            if np.max(np.abs(step)) < 1e-15 * np.max(np.abs(theta)):
                break
        zz = xa @ theta
        s = 0.5 * (1 + np.tanh(0.5 * zz))
        # A gradient at rounding level far out (|theta| > 50) is saturation, not a minimum.
        if np.max(np.abs(xa.T @ (2 * (s - t) * s * (1 - s)))) < 1e-12 and np.max(np.abs(theta)) < 50:
            minima.setdefault(round(sq(theta), 9), theta)
    far = min(values[np.max(np.abs(thetas), axis=1) >= 5.99])
    return [(f, minima[f]) for f in sorted(minima)], far


def sq_value(theta):
    x = np.array([[3, 1.5], [2, 1], [4, 1.5], [3, 4], [3.5, 0.5], [2, 0.5], [5.5, 1], [1, 1]])
    t = np.array([0, 1, 0, 1, 0, 1, 1, 0], dtype=float)
    z = x @ theta[:2] + theta[2]
    return float(np.sum((np.where(z >= 0, 1 / (1 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))))
                         - t) ** 2))


def read(name):
    data = np.loadtxt(os.path.join(DATA, name), delimiter=",", skiprows=1, ndmin=2)
    return data[:, :-1], data[:, -1]


def write(name, header, x, t, fmt):
    rows = [",".join(header)]
    for xi, ti in zip(x, t):
        rows.append(",".join(fmt(v) for v in xi) + "," + fmt(ti))
    with open(os.path.join(DATA, name), "w") as out:
        out.write("\n".join(rows) + "\n")


def cases():
    """(name, data file or generator, l2, samples, targets) for every case the tests compare."""
    from sklearn import datasets

    eight_x = np.array([[3, 1.5], [2, 1], [4, 1.5], [3, 4], [3.5, 0.5], [2, 0.5], [5.5, 1], [1, 1]])
    eight_t = np.array([0, 1, 0, 1, 0, 1, 1, 0], dtype=float)
    cancer = datasets.load_breast_cancer()
    standardized = (cancer.data - cancer.data.mean(axis=0)) / cancer.data.std(axis=0)
    iris = datasets.load_iris()
    two = iris.target > 0  # versicolor (1) and virginica (2), which overlap
    digits = datasets.load_digits()
    three_eight = (digits.target == 3) | (digits.target == 8)
    sx, st = synthetic(20000, 16, 2026)
    c1 = lambda n: 1.0 / (2.0 * 1.0 * n)  # scikit-learn's C = 1
    return [
        ("eight_points", "tutorial", 0.0, eight_x, eight_t, None),
        ("breast_cancer", "breast_cancer.csv", c1(569), cancer.data, cancer.target.astype(float),
         (cancer.feature_names, repr)),
        ("breast_cancer_standardized", "breast_cancer.csv standardized", c1(569), standardized,
         cancer.target.astype(float), None),
        ("iris_versicolor_virginica", "iris_versicolor_virginica.csv", 0.0, iris.data[two],
         (iris.target[two] == 2).astype(float), (iris.feature_names, repr)),
        ("digits_3_8", "digits_3_8.csv", c1(357), digits.data[three_eight],
         (digits.target[three_eight] == 8).astype(float),
         (["pixel%d" % i for i in range(64)], lambda v: "%d" % v)),
        ("synthetic_20000x16", "synthetic 20000 16 2026", 0.0, sx, st, None),
        ("synthetic_20000x16_l2", "synthetic 20000 16 2026", c1(20000), sx, st, None),
    ]


def sklearn_objective(x, t, l2):
    """scikit-learn's own Newton solver (newton-cholesky), to a tolerance far below ours."""
    from sklearn.linear_model import LogisticRegression
    kwargs = dict(C=1.0 / (2.0 * l2 * len(t))) if l2 > 0 else dict(penalty=None)
    model = LogisticRegression(solver="newton-cholesky", tol=1e-14, max_iter=1000, **kwargs).fit(x, t)
    theta = np.append(model.coef_[0], model.intercept_[0])
    return theta, objective(x, t, l2, theta)


def main():
    check = "--check" in sys.argv
    lines = ["# The optima of tinyneuron's cross-entropy objective (tests/reference/fit_reference.py):",
             "# name source l2 objective bias weights..., values as Python's repr of a double."]
    for name, source, l2, x, t, csv in cases():
        if csv is not None and not check:
            header, fmt = csv
            write(source, [h.replace(" ", "_") for h in header] + ["target"], x, t, fmt)
        if csv is not None:  # the tests read the file: so does the reference
            x, t = read(source)
        if name == "breast_cancer":
            raw = x
        if name == "breast_cancer_standardized":
            x = (raw - raw.mean(axis=0)) / raw.std(axis=0)
        theta, f = newton(x, t, l2)
        sk_theta, sk_f = sklearn_objective(x, t, l2)
        gap = (sk_f - f) / f
        difference = np.max(np.abs(sk_theta - theta)) / np.max(np.abs(theta))
        accuracy = np.mean(((x @ theta[:-1] + theta[-1]) >= 0) == (t >= 0.5))
        print("%-28s n %5d  D %2d  l2 %-22r objective %-22r  scikit-learn above by %.1e (relative),"
              " parameters differ by %.1e; accuracy %.4f" % (name, len(t), x.shape[1], l2, f, gap, difference,
                                                             accuracy))
        if gap < -1e-12:
            sys.exit("scikit-learn found a lower objective than the reference for " + name)
        lines.append(" ".join([name, source.replace(" ", ":"), repr(l2), repr(f), repr(theta[-1])] +
                              [repr(v) for v in theta[:-1]]))
    minima, far = squared_error_minima()
    for which, (f, theta) in zip(["floor", "second"], minima):
        print("squared error on the 8 points: a minimum %-22r at w %r, b %r" % (sq_value(theta), list(theta[:2]),
                                                                              theta[2]))
        lines.append(" ".join(["eight_points_squared_error_" + which, "tutorial", "0.0", repr(sq_value(theta)),
                               repr(theta[2]), repr(theta[0]), repr(theta[1])]))
    print("squared error on the grid's edge (far out): at least %.4f" % far)
    path = os.path.join(DATA, "fit_optima.txt")
    if check:
        with open(path) as existing:
            if existing.read() != "\n".join(lines) + "\n":
                sys.exit(path + " differs from what this script computes")
        print("fit_optima.txt agrees")
    else:
        with open(path, "w") as out:
            out.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
