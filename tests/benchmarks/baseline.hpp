// SPDX-License-Identifier: MIT
// The hand-written baselines the benchmarks compare tinyneuron with: what an expert writes without
// the library, over plain arrays of samples stored row by row, doing the same arithmetic with the
// same engine (std::mt19937_64) and the same index mapping (tinyneuron::uniform_index, which is
// public). Shared by the Google Benchmark binary and the peer comparison.
#ifndef TINYNEURON_BENCH_BASELINE_HPP
#define TINYNEURON_BENCH_BASELINE_HPP

#include <tinyneuron/neuron.hpp>

#include <chrono>  // std::chrono::steady_clock, the timings
#include <cmath>   // std::exp, std::abs, std::sqrt
#include <cstddef> // std::size_t
#include <cstdint> // std::uint64_t
#include <random>  // std::mt19937_64
#include <vector>  // std::vector

namespace tinyneuron_bench {

/// Wall-clock nanoseconds that f() takes.
template <class F> double timed_ns(F &&f) {
    const auto start = std::chrono::steady_clock::now();
    f();
    const auto stop = std::chrono::steady_clock::now();
    return std::chrono::duration<double, std::nano>(stop - start).count();
}

/// The tutorial's 8 points (length, width of a flower), one sample per row, and their targets.
constexpr double eight_points[8][2] = {{3, 1.5},   {2, 1},   {4, 1.5}, {3, 4},
                                       {3.5, 0.5}, {2, 0.5}, {5.5, 1}, {1, 1}};
constexpr double eight_targets[8] = {0, 1, 0, 1, 0, 1, 1, 0};

/// Samples row by row (rows × cols values) and one target per row.
template <class T> struct Data {
    std::size_t rows = 0;
    std::size_t cols = 0;
    std::vector<T> x;
    std::vector<T> t;
};

template <class T> Data<T> eight() {
    Data<T> d;
    d.rows = 8;
    d.cols = 2;
    for (std::size_t r = 0; r < 8; ++r) {
        d.x.push_back(static_cast<T>(eight_points[r][0]));
        d.x.push_back(static_cast<T>(eight_points[r][1]));
        d.t.push_back(static_cast<T>(eight_targets[r]));
    }
    return d;
}

/// `rows` random samples of `cols` standard normal values scaled by 1/sqrt(cols), so that w·x
/// stays moderate for standard normal weights; the target says whether the first two values sum
/// to more than 0.
template <class T> Data<T> random_data(std::size_t rows, std::size_t cols, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    Data<T> d;
    d.rows = rows;
    d.cols = cols;
    d.x.resize(rows * cols);
    d.t.resize(rows);
    const double scale = 1.0 / std::sqrt(static_cast<double>(cols));
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t c = 0; c < cols; ++c) {
            d.x[r * cols + c] = static_cast<T>(scale * tinyneuron::standard_normal(rng));
        }
        d.t[r] = d.x[r * cols] + d.x[r * cols + (cols > 1 ? 1 : 0)] > T(0) ? T(1) : T(0);
    }
    return d;
}

/// σ(z) by the library's formula: e = exp(−|z|), σ(|z|) = 1/(1 + e), σ(−|z|) = e·σ(|z|).
template <class T> struct Sigmoid {
    T value;
    T complement;
};
template <class T> inline Sigmoid<T> sigmoid(T z) {
    const T e = std::exp(-std::abs(z));
    const T large = T(1) / (T(1) + e);
    const T small = e * large;
    return z >= T(0) ? Sigmoid<T>{large, small} : Sigmoid<T>{small, large};
}

/// w·x + b, summed from the first input to the last.
template <int D, class T> inline T z_of(const T *w, T b, const T *x, std::size_t cols) {
    const std::size_t n = D > 0 ? static_cast<std::size_t>(D) : cols;
    T z = w[0] * x[0];
    for (std::size_t j = 1; j < n; ++j) {
        z += w[j] * x[j];
    }
    return z + b;
}

/// The tutorial's error, one row at a time: Σ (σ(w·x_r + b) − t_r)².
template <int D, class T> T error_loop(const Data<T> &d, const T *w, T b) {
    T e = T(0);
    for (std::size_t r = 0; r < d.rows; ++r) {
        const T diff = sigmoid(z_of<D>(w, b, &d.x[r * d.cols], d.cols)).value - d.t[r];
        e += diff * diff;
    }
    return e;
}

/// The tutorial's stochastic training, by hand: each iteration draws a row, computes
/// slope = 2(σ(z) − t)·σ(z)·σ(−z) and steps w −= rate·slope·x, b −= rate·slope; after
/// iterations 0, k, 2k, ... the error over all rows is recorded. D > 0 fixes the width at
/// compile time (the fixed-size neuron's counterpart); D = 0 reads it from the data.
template <int D, class T, class Rng>
std::vector<T> train_loop(const Data<T> &d, std::vector<T> &w, T &b, T rate, std::size_t iterations,
                          std::size_t record_every, Rng &rng) {
    std::vector<T> history;
    history.reserve(iterations == 0 ? 0 : (iterations - 1) / record_every + 1);
    const std::size_t n = D > 0 ? static_cast<std::size_t>(D) : d.cols;
    T *weights = w.data();
    for (std::size_t iteration = 0; iteration < iterations; ++iteration) {
        const std::size_t i = tinyneuron::uniform_index(rng, d.rows);
        const T *x = &d.x[i * d.cols];
        const Sigmoid<T> s = sigmoid(z_of<D>(weights, b, x, n));
        const T slope = T(2) * (s.value - d.t[i]) * s.value * s.complement;
        for (std::size_t j = 0; j < n; ++j) {
            weights[j] -= rate * (slope * x[j]);
        }
        b -= rate * slope;
        if (iteration % record_every == 0) {
            history.push_back(error_loop<D>(d, weights, b));
        }
    }
    return history;
}

/// σ(w·x_r + b) for every row, one row at a time, into `out` (rows values).
template <int D, class T> void predict_loop(const Data<T> &d, const T *w, T b, T *out) {
    for (std::size_t r = 0; r < d.rows; ++r) {
        out[r] = sigmoid(z_of<D>(w, b, &d.x[r * d.cols], d.cols)).value;
    }
}

} // namespace tinyneuron_bench

#endif // TINYNEURON_BENCH_BASELINE_HPP
