#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks the performance targets of issue 4 with the tinyneuron_bench binary.

Runs every benchmark several times, the repetitions interleaved at random by Google Benchmark
(each repetition of a benchmark already alternates the library and its baselines call by
call), keeps each contender's minimum time per unit of work over the repetitions, and prints
one table of those minima and the library's ratios. Exits with 1 if a target fails, 2 if the
benchmark could not run or a benchmark reported an error (such as a library result that differs
from its baseline).

Usage: run_targets.py [--repetitions N] [--min-time SECONDS] <path to tinyneuron_bench>
"""
import argparse
import json
import platform
import subprocess
import sys

# (benchmark, baselines the library is compared with (the best of them), largest ratio)
TARGETS = {
    "train8/double/fixed": (["baseline"], 1.10),
    "train8/double/dynamic": (["baseline"], 1.25),
    "train10k/D=32": (["baseline"], 0.70),
    "predict_batch/1M/D=32": (["loop", "eigen"], 1.10),
}


def cpu_name():
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            if line.startswith("Model name:"):
                return line.split(":", 1)[1].strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    return platform.processor() or "unknown CPU"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary", help="the tinyneuron_bench executable")
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--min-time", type=float, default=0.5,
                        help="seconds of library time per repetition of each benchmark")
    parser.add_argument("--filter", default=".", help="benchmarks to run (a regex)")
    args = parser.parse_args()

    command = [args.binary, f"--benchmark_repetitions={args.repetitions}",
               "--benchmark_enable_random_interleaving=true",
               f"--benchmark_min_time={args.min_time}", f"--benchmark_filter={args.filter}",
               "--benchmark_format=json"]
    print("running:", " ".join(command), file=sys.stderr, flush=True)
    try:
        run = subprocess.run(command, capture_output=True, text=True, check=True)
        report = json.loads(run.stdout)
    except (OSError, subprocess.CalledProcessError, json.JSONDecodeError) as error:
        print(f"run_targets: the benchmark failed: {error}", file=sys.stderr)
        return 2

    best = {}   # benchmark -> contender -> minimum ns per unit
    order = []  # benchmarks in the order they were registered
    failed = False
    for entry in report["benchmarks"]:
        if entry.get("run_type", "iteration") != "iteration":
            continue
        name = entry.get("run_name", entry["name"]).removesuffix("/manual_time")
        if entry.get("error_occurred"):
            print(f"run_targets: {name}: {entry.get('error_message')}", file=sys.stderr)
            failed = True
            continue
        if name not in best:
            best[name] = {}
            order.append(name)
        for key, value in entry.items():
            if key.endswith("_ns") and isinstance(value, (int, float)):
                contender = key.removesuffix("_ns")
                best[name][contender] = min(value, best[name].get(contender, float("inf")))
    family = {e.get("run_name", e["name"]).removesuffix("/manual_time"): e.get("family_index", 0)
              for e in report["benchmarks"]}
    order.sort(key=lambda n: family[n])  # the order of registration

    context = report.get("context", {})
    print(f"tinyneuron benchmarks: {cpu_name()}, {context.get('num_cpus', '?')} CPUs; "
          f"minimum over {args.repetitions} interleaved repetitions; "
          f"library built as: {context.get('library_build_type', '?')} Google Benchmark")
    print()
    print("| benchmark | unit | library ns | baseline ns | loop ns | Eigen ns | ratio | "
          "target | |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---|")
    verdicts = []
    for name in order:
        c = best[name]
        unit = "sample" if name.startswith(("predict", "error")) else "iteration"
        baselines = [k for k in ("baseline", "loop", "eigen") if k in c]
        ratio = c["library"] / min(c[k] for k in baselines)
        target = TARGETS.get(name)
        verdict = ""
        if target:
            needed = [k for k in target[0] if k in c]
            ratio = c["library"] / min(c[k] for k in needed)
            verdict = "holds" if ratio <= target[1] else "FAILS"
            verdicts.append(verdict)
        cell = lambda k: f"{c[k]:.2f}" if k in c else ""
        limit = f"<= {target[1]:.2f}" if target else ""
        print(f"| {name} | {unit} | {cell('library')} | {cell('baseline')} | {cell('loop')} | "
              f"{cell('eigen')} | {ratio:.3f} | {limit} | {verdict} |")
    print()
    print("ratio: the library's minimum over the best baseline's minimum (loop or Eigen, where "
          "there are both)")
    missing = [n for n in TARGETS if n not in best and args.filter == "."]
    for name in missing:
        print(f"run_targets: no result for {name}", file=sys.stderr)
    if failed or missing:
        return 2
    return 1 if "FAILS" in verdicts else 0


if __name__ == "__main__":
    sys.exit(main())
