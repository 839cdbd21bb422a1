#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Reruns tests/reference/glm_reference.R into a scratch directory and compares what it writes
with the committed tests/data/glm_reference.txt and tests/data/glm/*.csv, so that the committed
reference stays what R says (ctest's reference.glm_matches_r). Python's standard library only:
    check_glm_reference.py RSCRIPT SCRIPT COMMITTED_DATA_DIR SCRATCH_DIR
Words are compared one by one: numbers within 1e-12 relative, anything else exactly. A p value
is the exception: p = 2·Φ(−|z|) moves by about z²·δ relative when z moves by δ relative, so it is
allowed 1e-12·max(1, z²) (the Titanic's p of 1e-66 has z = 17). '#' lines of the reference
(the R version among them) are not compared.
"""
import math
import os
import shutil
import subprocess
import sys

TOLERANCE = 1e-12


def number(word):
    try:
        value = float(word)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def close(a, b, tolerance):
    return abs(a - b) <= tolerance * max(abs(a), abs(b))


def compare_words(where, committed, fresh, tolerances):
    """The differences between two lists of words, each word with its own tolerance."""
    if len(committed) != len(fresh):
        return [f"{where}: {len(fresh)} words, committed {len(committed)}"]
    problems = []
    for i, (a, b, tolerance) in enumerate(zip(committed, fresh, tolerances)):
        x, y = number(a), number(b)
        same = close(x, y, tolerance) if x is not None and y is not None else a == b
        if not same:
            problems.append(f"{where}, word {i + 1}: R now writes {b}, committed {a}")
    return problems


def lines(path, is_csv):
    """(line number, words) of each line: a CSV's cells, or the reference's space-separated words
    less its '#' lines."""
    with open(path, encoding="utf-8") as f:
        text = f.read().splitlines()
    if is_csv:
        return [(i + 1, line.split(",")) for i, line in enumerate(text)]
    return [(i + 1, line.split()) for i, line in enumerate(text) if not line.startswith("#")]


def tolerances(words):
    """1e-12 each, but for the p value of a parameter line: parameter name estimate se z p."""
    out = [TOLERANCE] * len(words)
    if len(words) == 6 and words[0] == "parameter" and number(words[4]) is not None:
        out[5] = TOLERANCE * max(1.0, number(words[4]) ** 2)
    return out


def compare_file(name, committed, fresh, is_csv):
    if not os.path.exists(fresh):
        return [f"{name}: R no longer writes it"]
    a = lines(committed, is_csv)
    b = lines(fresh, is_csv)
    if len(a) != len(b):
        return [f"{name}: R now writes {len(b)} lines, committed {len(a)}"]
    problems = []
    for (number_a, wa), (_, wb) in zip(a, b):
        problems += compare_words(f"{name} line {number_a}", wa, wb, [TOLERANCE] * len(wa) if is_csv else tolerances(wa))
    return problems


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    rscript, script, committed, scratch = sys.argv[1:]
    shutil.rmtree(scratch, ignore_errors=True)  # no file of an earlier run passes for R's
    subprocess.run([rscript, script, scratch], check=True)
    committed_csvs = sorted(os.listdir(os.path.join(committed, "glm")))
    fresh_csvs = sorted(os.listdir(os.path.join(scratch, "glm")))
    problems = []
    if committed_csvs != fresh_csvs:
        problems.append(f"glm/: R now writes {fresh_csvs}, committed {committed_csvs}")
    for csv in committed_csvs:
        name = os.path.join("glm", csv)
        problems += compare_file(name, os.path.join(committed, name), os.path.join(scratch, name), True)
    problems += compare_file("glm_reference.txt", os.path.join(committed, "glm_reference.txt"),
                             os.path.join(scratch, "glm_reference.txt"), False)
    for p in problems[:50]:
        print(p)
    if problems:
        sys.exit(f"{len(problems)} differences from the committed reference; if R is right, rerun "
                 f"tests/reference/glm_reference.R and commit its output")
    print(f"R's output matches the committed reference: glm_reference.txt and {len(committed_csvs)} CSV files")


if __name__ == "__main__":
    main()
