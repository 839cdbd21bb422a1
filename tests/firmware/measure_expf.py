#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""How far newlib's expf carries the training firmware from the host build: the measurement
behind the tolerance in compare_output.cmake. Not a test; run it by hand after changing train.cpp,
the header's training loop or the toolchain:

    python3 tests/firmware/measure_expf.py [--out DIR] [--define NAME ...]

It needs what the firmware tests need (arm-none-eabi-g++, qemu-system-arm, a host g++) and
glibc's libm.so.6. With firmware.cmake and expf_probe.cpp (every expf call of train.cpp goes
through -Wl,--wrap=expf) it
  1. runs the firmware in QEMU logging each expf argument and result, and counts the results that
     differ from glibc's expf on the same argument, in ulps, and which of the two is nearer to
     e^x (computed with Python's decimal module, 40 digits);
  2. finds the first expf call where the host build's argument or result differs from QEMU's;
  3. prints, for every float the program prints, its distance in ulps between QEMU and the host,
     and between the host and host builds whose every expf result was moved by one ulp (up, down,
     or alternately up and down): a change far larger than newlib's, whose effect bounds it.
"""
import argparse
import ctypes
import decimal
import os
import re
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FLOAT = re.compile(r"\b0x([0-9a-f]{8})\b")


def cmake(mode, **defs):
    args = ["cmake", f"-DMODE={mode}"] + [f"-D{k}={v}" for k, v in defs.items()]
    args += ["-P", os.path.join(HERE, "firmware.cmake")]
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{done.stdout}{done.stderr}")


def to_float(bits):
    return struct.unpack("<f", struct.pack("<I", bits))[0]


def ordered(bits):
    """The float's place on the number line, in ulps: adjacent floats differ by 1."""
    return -(bits & 0x7FFFFFFF) if bits >> 31 else bits


def floats(text):
    """{line label: [bits, ...]} for every line of output that prints floats."""
    out = {}
    for line in text.splitlines():
        found = [int(b, 16) for b in FLOAT.findall(line)]
        if found:
            label = " ".join(line.split()[:2]) if line.startswith(("record", "predict")) else line.split()[0]
            out[label] = found
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(ROOT, "build", "measure-expf"))
    parser.add_argument("--define", action="append", default=[], help="another -D for train.cpp, both builds")
    parser.add_argument("--eigen", default="/usr/include/eigen3")
    parser.add_argument("--cxx", default="g++")
    parser.add_argument("--arm-cxx", default="arm-none-eabi-g++")
    parser.add_argument("--qemu", default="qemu-system-arm")
    args = parser.parse_args()

    common = dict(SOURCE_DIR=HERE, INCLUDE=os.path.join(ROOT, "include"), EIGEN=args.eigen, PROGRAM="train")
    defines = ";".join(["NDEBUG"] + args.define)
    probe = dict(EXTRA_SOURCES=os.path.join(HERE, "expf_probe.cpp"))
    runs = {}
    # The firmware, plain and logging its expf calls, in QEMU.
    for variant, flags in (("plain", ""), ("log", "-Wl,--wrap=expf;-DFIRMWARE_EXPF_LOG")):
        out = os.path.join(args.out, "arm-" + variant)
        extra = dict(probe, EXTRA_FLAGS=flags) if flags else {}
        cmake("build", ARM_CXX=args.arm_cxx, OUT=out, DEFINES=defines, **common, **extra)
        cmake("run", QEMU=args.qemu, ELF=os.path.join(out, "train.elf"), OUTPUT=os.path.join(out, "output.txt"))
        with open(os.path.join(out, "output.txt")) as f:
            runs["qemu-" + variant] = f.read()
    # The host build, plain, logging, and with each expf result moved by one ulp.
    host_variants = (("plain", ""), ("log", "-DFIRMWARE_EXPF_LOG"), ("up", "-DFIRMWARE_EXPF_NUDGE=up"),
                     ("down", "-DFIRMWARE_EXPF_NUDGE=down"), ("alternate", "-DFIRMWARE_EXPF_NUDGE=alternate"))
    for variant, flag in host_variants:
        out = os.path.join(args.out, "host-" + variant)
        extra = dict(probe, EXTRA_FLAGS="-Wl,--wrap=expf;" + flag) if flag else {}
        cmake("build_host", HOST_CXX=args.cxx, OUT=out, DEFINES=defines, **common, **extra)
        runs["host-" + variant] = subprocess.run([os.path.join(out, "train.host")], capture_output=True,
                                                 text=True, check=True).stdout

    # 1. newlib's expf against glibc's, on the arguments the firmware met.
    libm = ctypes.CDLL("libm.so.6")
    libm.expf.restype = ctypes.c_float
    libm.expf.argtypes = [ctypes.c_float]
    decimal.getcontext().prec = 40
    calls = [tuple(int(v, 16) for v in m) for m in re.findall(r"expf 0x([0-9a-f]{8}) 0x([0-9a-f]{8})",
                                                              runs["qemu-log"])]
    differ, worst, glibc_nearer, newlib_nearer = 0, 0, 0, 0
    for x, newlib in calls:
        glibc = struct.unpack("<I", struct.pack("<f", libm.expf(to_float(x))))[0]
        if glibc != newlib:
            differ += 1
            worst = max(worst, abs(ordered(glibc) - ordered(newlib)))
            exact = decimal.Decimal(to_float(x)).exp()
            if abs(decimal.Decimal(to_float(newlib)) - exact) > abs(decimal.Decimal(to_float(glibc)) - exact):
                glibc_nearer += 1
            else:
                newlib_nearer += 1
    print(f"1. {len(calls)} expf calls in the firmware; on {differ} of their arguments "
          f"({100.0 * differ / max(len(calls), 1):.1f} %) glibc's expf differs from newlib's, by at most "
          f"{worst} ulp; nearer to e^x: glibc {glibc_nearer} times, newlib {newlib_nearer}")

    # 2. Where the two runs part.
    host_calls = [tuple(int(v, 16) for v in m) for m in re.findall(r"expf 0x([0-9a-f]{8}) 0x([0-9a-f]{8})",
                                                                   runs["host-log"])]
    first_result = next((i for i, (a, b) in enumerate(zip(calls, host_calls)) if a[1] != b[1]), None)
    first_argument = next((i for i, (a, b) in enumerate(zip(calls, host_calls)) if a[0] != b[0]), None)
    print(f"2. QEMU and the host: first different expf result at call {first_result}, first different "
          f"argument at call {first_argument} (calls counted from 0)")

    # 3. The printed floats, in ulps from the host build.
    base = floats(runs["host-plain"])
    others = [("QEMU", floats(runs["qemu-plain"]))] + [
        ("host, expf " + v, floats(runs["host-" + v])) for v in ("up", "down", "alternate")]
    print("3. distance in ulps from the host build, for each float printed:")
    print(f"   {'line':<14}" + "".join(f"{name:>22}" for name, _ in others))
    for label, bits in base.items():
        cells = []
        for _, run in others:
            theirs = run.get(label, [])
            if len(theirs) != len(bits):
                cells.append("missing")
            else:
                cells.append(",".join(str(abs(ordered(a) - ordered(b))) for a, b in zip(bits, theirs)))
        print(f"   {label:<14}" + "".join(f"{c:>22}" for c in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
