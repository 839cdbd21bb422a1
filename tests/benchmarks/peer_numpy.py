#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The tutorial's algorithm on the 8 points, written out in Python with NumPy, for peers.sh.

Each iteration draws a point with np.random.randint, computes z = w.x + b, sigmoid(z), the
gradients 2(y - t) sigmoid'(z) x and 2(y - t) sigmoid'(z), and steps with learning rate 0.01;
every 100 iterations the error is summed over the 8 points one row at a time, as the tutorial
does. Prints the minimum over the repetitions as "RESULT numpy <ns per iteration>".
Usage: peer_numpy.py [iterations = 20000] [repetitions = 3]
"""
import sys
import time

import numpy as np

POINTS = np.array([[3, 1.5], [2, 1], [4, 1.5], [3, 4], [3.5, 0.5], [2, 0.5], [5.5, 1], [1, 1]])
TARGETS = np.array([0, 1, 0, 1, 0, 1, 1, 0], dtype=float)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(z):
    return sigmoid(z) * (1 - sigmoid(z))


def train(iterations, rate=0.01, record_every=100):
    w = np.random.randn(2)
    b = np.random.randn()
    errors = []
    for i in range(iterations):
        k = np.random.randint(len(POINTS))
        x = POINTS[k]
        z = np.dot(x, w) + b
        y = sigmoid(z)
        slope = 2 * (y - TARGETS[k]) * sigmoid_derivative(z)
        w = w - rate * slope * x
        b = b - rate * slope
        if i % record_every == 0:
            error = 0.0
            for j in range(len(POINTS)):
                error += np.square(sigmoid(np.dot(POINTS[j], w) + b) - TARGETS[j])
            errors.append(error)
    return w, b, errors


def main():
    iterations = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    repetitions = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    np.random.seed(42)
    best = float("inf")
    for _ in range(repetitions):
        start = time.perf_counter_ns()
        train(iterations)
        best = min(best, time.perf_counter_ns() - start)
    print(f"RESULT numpy {best / iterations:.3f}")


if __name__ == "__main__":
    main()
