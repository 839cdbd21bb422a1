#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The peer comparison of issue 4, in one go: the 8-point problem (error every 100 iterations)
# trained by the hand-written baseline, tinyneuron, FANN and the tutorial's algorithm in
# Python with NumPy; prints one table of ns per iteration and the ratio to the baseline. Then
# tinyneuron's fit beside scikit-learn's solvers on the fit benchmarks' data sets (issue 18).
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

# fit (issue 18): tinyneuron's fit beside scikit-learn's three solvers on the same files, written
# by fit_data.py; each program runs each fit `rounds` times and reports its minimum in CPU time.
# peer_fit is built as tinyneuron_bench is (CMake's Release flags: FIT_CXXFLAGS, -O3 -DNDEBUG).
echo
sklearn=""
for candidate in ${PYTHON:-} python3 /usr/bin/python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import sklearn' 2>/dev/null; then
        sklearn=$candidate
        break
    fi
done
if [ -z "$sklearn" ]; then
    echo "note: fit peers skipped: no python3 with scikit-learn found (Debian: python3-sklearn)"
    exit 0
fi
read -r -a fit_flags <<<"${FIT_CXXFLAGS:--O3 -DNDEBUG}"
echo "== fit: writing the data sets, building peer_fit with $cxx ${fit_flags[*]}"
"$sklearn" "$here/fit_data.py" "$work/fit_data"
"$cxx" -std=c++17 "${fit_flags[@]}" -I"$root/include" "${eigen[@]}" "$here/peer_fit.cpp" -o "$work/peer_fit"
declare -A fit
while read -r kind name value rest; do
    if [ "$kind" = RESULT ]; then
        fit[$name]=$value
    elif [ "$kind" = NOTE ]; then
        echo "$name $value $rest"
    fi
done < <("$work/peer_fit" "$work/fit_data" "$rounds"; "$sklearn" "$here/peer_sklearn.py" "$work/fit_data" "$rounds")
echo
echo "fit to the optimum, cross-entropy with C = 1 (l2 = 1/(2n)), ms per fit, minimum of $rounds;"
echo "fit: tolerance 1e-9; scikit-learn $("$sklearn" -c 'import sklearn; print(sklearn.__version__)'): tol 1e-4"
echo
printf '| %-13s | %8s | %8s | %15s | %9s | %s |\n' set fit lbfgs newton-cholesky liblinear "fit / fastest"
printf '|%s|%s|%s|%s|%s|%s|\n' "---------------" "---------:" "---------:" "----------------:" "----------:" "---:"
for set in breast_cancer digits_3v8 synthetic; do
    awk -v set="$set" -v f="${fit[tinyneuron_fit/$set]}" -v a="${fit[sklearn_lbfgs/$set]}" \
        -v b="${fit[sklearn_newton-cholesky/$set]}" -v c="${fit[sklearn_liblinear/$set]}" 'BEGIN {
        best = a; if (b < best) best = b; if (c < best) best = c
        printf "| %-13s | %8.2f | %8.2f | %15.2f | %9.2f | %.2f |\n", set, f / 1e6, a / 1e6, b / 1e6, c / 1e6, f / best
    }'
done
