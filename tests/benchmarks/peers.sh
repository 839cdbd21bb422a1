#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The peer comparison of issue 4, in one go: the 8-point problem (error every 100 iterations)
# trained by the hand-written baseline, tinyneuron, FANN and the tutorial's algorithm in
# Python with NumPy; prints one table of ns per iteration and the ratio to the baseline.
# Each contender runs once per round, round after round; the table keeps each one's minimum.
# A peer that is not installed is skipped with a note.
#
# Usage: tests/benchmarks/peers.sh [iterations = 1000000] [rounds = 5]
# Environment: CXX (g++), CXXFLAGS (-O2 -DNDEBUG), PYTHON (the first python3 with NumPy),
#              NUMPY_ITERATIONS (20000: NumPy is slow, so it runs fewer and is scaled per
#              iteration).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
iterations=${1:-1000000}
rounds=${2:-5}
numpy_iterations=${NUMPY_ITERATIONS:-20000}
cxx=${CXX:-g++}
read -r -a cxxflags <<<"${CXXFLAGS:--O2 -DNDEBUG}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if pkg-config --exists eigen3 2>/dev/null; then
    read -r -a eigen <<<"$(pkg-config --cflags eigen3)"
else
    eigen=(-I/usr/include/eigen3)
fi
compile() { # compile <source> <output> [libraries...]
    local source=$1 output=$2
    shift 2
    "$cxx" -std=c++17 "${cxxflags[@]}" -I"$root/include" "${eigen[@]}" "$here/$source" \
        -o "$work/$output" "$@"
}

notes=()
contenders=(baseline tinyneuron)
commands=("$work/peer_native $iterations 2")
echo "== building with $cxx ${cxxflags[*]}"
compile peer_native.cpp peer_native

if compile peer_fann.cpp peer_fann -ldoublefann 2>"$work/fann.log"; then
    contenders+=(fann)
    commands+=("$work/peer_fann $iterations 1")
else
    notes+=("FANN skipped: doublefann.h or libdoublefann not found (Debian: libfann-dev)")
fi

python=""
for candidate in ${PYTHON:-} python3 /usr/bin/python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import numpy' 2>/dev/null; then
        python=$candidate
        break
    fi
done
if [ -n "$python" ]; then
    contenders+=(numpy)
    commands+=("$python $here/peer_numpy.py $numpy_iterations 1")
else
    notes+=("NumPy skipped: no python3 with numpy found (Debian: python3-numpy)")
fi

declare -A best
for ((round = 1; round <= rounds; ++round)); do
    echo "== round $round of $rounds"
    for command in "${commands[@]}"; do
        output=$($command)
        while read -r kind name value; do
            if [ "$kind" = RESULT ]; then
                if [ -z "${best[$name]:-}" ] ||
                    awk -v a="$value" -v b="${best[$name]}" 'BEGIN { exit !(a < b) }'; then
                    best[$name]=$value
                fi
            elif [ "$kind" = NOTE ] && [ "$round" = 1 ]; then
                echo "$name $value"
            fi
        done <<<"$output"
    done
done

echo
echo "8-point problem, $iterations iterations (NumPy: $numpy_iterations), error every 100;"
echo "minimum of $rounds rounds; $(lscpu | sed -n 's/^Model name: *//p'), $cxx ${cxxflags[*]}"
echo
printf '| %-10s | %14s | %12s |\n' "" "ns/iteration" "vs baseline"
printf '|%s|%s|%s|\n' "------------" "---------------:" "-------------:"
base=${best[baseline]}
for name in "${contenders[@]}"; do
    ratio=$(awk -v a="${best[$name]}" -v b="$base" 'BEGIN { printf "%.2f", a / b }')
    printf '| %-10s | %14.1f | %12s |\n' "$name" "${best[$name]}" "$ratio"
done
for note in "${notes[@]}"; do
    echo "note: $note"
done
