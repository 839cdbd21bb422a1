// SPDX-License-Identifier: MIT
// The hand-written baselines the benchmarks compare tinyneuron with: what an expert writes without
// the library, over plain arrays of samples stored row by row, doing the same arithmetic with the
// same engine (std::mt19937_64) and the same index mapping (tinyneuron::uniform_index, which is
// public). Shared by the Google Benchmark binary and the peer comparison.
#ifndef TINYNEURON_BENCH_BASELINE_HPP
#define TINYNEURON_BENCH_BASELINE_HPP

#include <tinyneuron/neuron.hpp>

#include <chrono>    // std::chrono::steady_clock, wall-clock timings
#include <cmath>     // std::exp, std::log1p, std::abs, std::sqrt, std::isfinite
#include <cstddef>   // std::size_t
#include <cstdint>   // std::uint64_t
#include <ctime>     // clock_gettime (POSIX), CPU timings
#include <random>    // std::mt19937_64
#include <stdexcept> // std::runtime_error
#include <vector>    // std::vector

namespace tinyneuron_bench {

/// Wall-clock nanoseconds that f() takes.
template <class F> double timed_ns(F &&f) {
    const auto start = std::chrono::steady_clock::now();
    f();
    const auto stop = std::chrono::steady_clock::now();
    return std::chrono::duration<double, std::nano>(stop - start).count();
}

/// Nanoseconds of this thread's CPU time that f() takes (POSIX CLOCK_THREAD_CPUTIME_ID). For
/// single-threaded work on an idle machine that is the wall-clock time; on a shared machine it
/// leaves out the time the thread waited for a core, which would otherwise land on whichever
/// contender was running.
template <class F> double cpu_ns(F &&f) {
    const auto now = [] {
        timespec t{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
        return 1e9 * static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec);
    };
    const double start = now();
    f();
    return now() - start;
}

/// The tutorial's 8 points (length, width of a flower), one sample per row, and their targets.
constexpr double eight_points[8][2] = {{3, 1.5}, {2, 1}, {4, 1.5}, {3, 4}, {3.5, 0.5}, {2, 0.5}, {5.5, 1}, {1, 1}};
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

using tinyneuron::Loss;

/// One sample's loss from z, as the library computes it: the squared error (σ(z) − t)², or the
/// cross-entropy in its softplus form max(z, 0) − t·z + log1p(e^−|z|).
template <Loss L, class T> inline T loss_value(T z, T t) {
    if constexpr (L == Loss::squared_error) {
        const T diff = sigmoid(z).value - t;
        return diff * diff;
    } else {
        return (z > T(0) ? z : T(0)) - t * z + std::log1p(std::exp(-std::abs(z)));
    }
}

/// dE/dz of one sample: 2(σ(z) − t)·σ(z)·σ(−z) for the squared error, σ(z) − t for cross-entropy.
template <Loss L, class T> inline T loss_slope(T z, T t) {
    const Sigmoid<T> s = sigmoid(z);
    if constexpr (L == Loss::squared_error) {
        return T(2) * (s.value - t) * s.value * s.complement;
    } else {
        return s.value - t;
    }
}

/// The gradient of the error over all rows in one pass, one row at a time: z_r, then
/// s_r = dE/dz_r, then g += s_r·x_r and g_b += s_r while x_r is in the cache (g and g_b are
/// overwritten).
template <int D, Loss L = Loss::squared_error, class T>
void gradient_loop(const Data<T> &d, const T *w, T b, T *g, T &g_bias) {
    const std::size_t n = D > 0 ? static_cast<std::size_t>(D) : d.cols;
    for (std::size_t j = 0; j < n; ++j) {
        g[j] = T(0);
    }
    g_bias = T(0);
    for (std::size_t r = 0; r < d.rows; ++r) {
        const T *x = &d.x[r * d.cols];
        const T s = loss_slope<L>(z_of<D>(w, b, x, n), d.t[r]);
        for (std::size_t j = 0; j < n; ++j) {
            g[j] += s * x[j];
        }
        g_bias += s;
    }
}

/// The error, one row at a time: Σ loss(w·x_r + b, t_r) (the tutorial's Σ (σ(z_r) − t_r)² by
/// default).
template <int D, Loss L = Loss::squared_error, class T> T error_loop(const Data<T> &d, const T *w, T b) {
    T e = T(0);
    for (std::size_t r = 0; r < d.rows; ++r) {
        e += loss_value<L>(z_of<D>(w, b, &d.x[r * d.cols], d.cols), d.t[r]);
    }
    return e;
}

/// d²E/dz² of one sample, as the library computes it: σ(z)·σ(−z) for cross-entropy; for the
/// squared error 2σ'·[σ' + (σ(z) − t)·(σ(−z) − σ(z))].
template <Loss L, class T> inline T loss_curvature(T z, T t) {
    const Sigmoid<T> s = sigmoid(z);
    const T derivative = s.value * s.complement;
    if constexpr (L == Loss::squared_error) {
        return T(2) * derivative * (derivative + (s.value - t) * (s.complement - s.value));
    } else {
        return derivative;
    }
}

/// What one Newton step of a fit needs, summed over the rows: f = Σ E(z_r, t_r), ∇f = X̃ᵀs and
/// the upper triangle of ∇²f = X̃ᵀ·C·X̃ (x̃_r = (x_r, 1); P = D + 1 parameters, row-major P × P).
template <class T> struct Quadratic {
    T value = T(0);
    std::vector<T> gradient, hessian;
};

/// Quadratic by hand, one row at a time: z_r, its loss, slope s_r and curvature c_r, then
/// g += s_r·x̃_r and, for k ≥ j, H_jk += c_r·x̃_rj·x̃_rk while x_r is in the cache.
template <int D, Loss L = Loss::cross_entropy, class T>
void quadratic_loop(const Data<T> &d, const T *w, T b, Quadratic<T> &q) {
    const std::size_t n = D > 0 ? static_cast<std::size_t>(D) : d.cols;
    const std::size_t p = n + 1;
    q.value = T(0);
    q.gradient.assign(p, T(0));
    q.hessian.assign(p * p, T(0));
    T *g = q.gradient.data();
    T *h = q.hessian.data();
    for (std::size_t r = 0; r < d.rows; ++r) {
        const T *x = &d.x[r * d.cols];
        const T z = z_of<D>(w, b, x, n);
        const T t = d.t[r];
        q.value += loss_value<L>(z, t);
        const T c = loss_curvature<L>(z, t);
        const T s = loss_slope<L>(z, t);
        for (std::size_t j = 0; j < n; ++j) {
            g[j] += s * x[j];
            const T cx = c * x[j];
            T *row = h + j * p;
            for (std::size_t k = j; k < n; ++k) {
                row[k] += cx * x[k];
            }
            row[n] += cx;
        }
        g[n] += s;
        h[n * p + n] += c;
    }
}

// --------------------------------------------------------------------------------------------
// The same passes over samples stored column by column (Eigen's default): column j of the
// samples starts at x + j·rows. The loops take the rows in blocks of 1,024 (8 KiB a column for
// double), so that each block's products z = X·w + b are summed column by column into a buffer
// in L1 cache, the columns read in order, before the per-row work.
// --------------------------------------------------------------------------------------------
constexpr std::size_t column_block = 1024;

/// Calls f(first, n, z) for consecutive blocks of n rows from `first`, z_i = w·x_i + b for each
/// (summed from the first input to the last).
template <int D, class T, class F>
void for_each_column_block(const T *x, std::size_t rows, std::size_t cols, const T *w, T b, F &&f) {
    const std::size_t m = D > 0 ? static_cast<std::size_t>(D) : cols;
    T z[column_block];
    for (std::size_t first = 0; first < rows; first += column_block) {
        const std::size_t n = rows - first < column_block ? rows - first : column_block;
        const T *column = x + first;
        for (std::size_t i = 0; i < n; ++i) {
            z[i] = w[0] * column[i];
        }
        for (std::size_t j = 1; j < m; ++j) {
            column = x + j * rows + first;
            for (std::size_t i = 0; i < n; ++i) {
                z[i] += w[j] * column[i];
            }
        }
        for (std::size_t i = 0; i < n; ++i) {
            z[i] += b;
        }
        f(first, n, z);
    }
}

template <int D, class T>
void predict_columns(const T *x, std::size_t rows, std::size_t cols, const T *w, T b, T *out) {
    for_each_column_block<D>(x, rows, cols, w, b, [&](std::size_t first, std::size_t n, const T *z) {
        for (std::size_t i = 0; i < n; ++i) {
            out[first + i] = sigmoid(z[i]).value;
        }
    });
}

template <int D, Loss L = Loss::squared_error, class T>
T error_columns(const T *x, std::size_t rows, std::size_t cols, const T *w, T b, const T *t) {
    T e = T(0);
    for_each_column_block<D>(x, rows, cols, w, b, [&](std::size_t first, std::size_t n, const T *z) {
        for (std::size_t i = 0; i < n; ++i) {
            e += loss_value<L>(z[i], t[first + i]);
        }
    });
    return e;
}

/// The gradient: per block, the slopes s_i, then g_j += Σ_i s_i·x_ij column by column.
template <int D, Loss L = Loss::squared_error, class T>
void gradient_columns(const T *x, std::size_t rows, std::size_t cols, const T *w, T b, const T *t, T *g, T &g_bias) {
    const std::size_t m = D > 0 ? static_cast<std::size_t>(D) : cols;
    for (std::size_t j = 0; j < m; ++j) {
        g[j] = T(0);
    }
    g_bias = T(0);
    T s[column_block];
    for_each_column_block<D>(x, rows, cols, w, b, [&](std::size_t first, std::size_t n, const T *z) {
        for (std::size_t i = 0; i < n; ++i) {
            s[i] = loss_slope<L>(z[i], t[first + i]);
            g_bias += s[i];
        }
        for (std::size_t j = 0; j < m; ++j) {
            const T *column = x + j * rows + first;
            T sum = T(0);
            for (std::size_t i = 0; i < n; ++i) {
                sum += s[i] * column[i];
            }
            g[j] += sum;
        }
    });
}

/// Quadratic by hand, block by block: c_i and s_i, then for k ≥ j, H_jk += Σ_i (c_i·x_ij)·x_ik,
/// column against column.
template <int D, Loss L = Loss::cross_entropy, class T>
void quadratic_columns(const T *x, std::size_t rows, std::size_t cols, const T *w, T b, const T *t, Quadratic<T> &q) {
    const std::size_t m = D > 0 ? static_cast<std::size_t>(D) : cols;
    const std::size_t p = m + 1;
    q.value = T(0);
    q.gradient.assign(p, T(0));
    q.hessian.assign(p * p, T(0));
    T *g = q.gradient.data();
    T *h = q.hessian.data();
    std::vector<T> weighted(column_block);
    T c[column_block];
    T s[column_block];
    for_each_column_block<D>(x, rows, cols, w, b, [&](std::size_t first, std::size_t n, const T *z) {
        for (std::size_t i = 0; i < n; ++i) {
            q.value += loss_value<L>(z[i], t[first + i]);
            c[i] = loss_curvature<L>(z[i], t[first + i]);
            s[i] = loss_slope<L>(z[i], t[first + i]);
            g[m] += s[i];
            h[m * p + m] += c[i];
        }
        for (std::size_t j = 0; j < m; ++j) {
            const T *xj = x + j * rows + first;
            T gj = T(0);
            T hj = T(0);
            for (std::size_t i = 0; i < n; ++i) {
                weighted[i] = c[i] * xj[i];
                gj += s[i] * xj[i];
                hj += weighted[i];
            }
            g[j] += gj;
            h[j * p + m] += hj;
            for (std::size_t k = j; k < m; ++k) {
                const T *xk = x + k * rows + first;
                T sum = T(0);
                for (std::size_t i = 0; i < n; ++i) {
                    sum += weighted[i] * xk[i];
                }
                h[j * p + k] += sum;
            }
        }
    });
}

/// Whether a hand loop checks, as the library does, that the weights and the bias are still
/// finite after every step and the error at every record (throwing std::runtime_error if not).
enum class Check { none, every_step };

template <class T> bool all_finite(const T *values, std::size_t n) {
    bool finite = true;
    for (std::size_t j = 0; j < n; ++j) {
        finite = finite && std::isfinite(values[j]);
    }
    return finite;
}

/// Stochastic training, by hand: each iteration draws a row, computes slope = dE/dz (for the
/// squared error 2(σ(z) − t)·σ(z)·σ(−z)) and steps w −= rate·slope·x, b −= rate·slope; after
/// iterations 0, k, 2k, ... the error over all rows is recorded. D > 0 fixes the width at
/// compile time (the fixed-size neuron's counterpart); D = 0 reads it from the data. With
/// Check::every_step it does all the work the library does; without, it skips the checks.
template <int D, Loss L = Loss::squared_error, Check C = Check::none, class T, class Rng>
std::vector<T> train_loop(const Data<T> &d, std::vector<T> &w, T &b, T rate, std::size_t iterations,
                          std::size_t record_every, Rng &rng) {
    std::vector<T> history;
    history.reserve(iterations == 0 ? 0 : (iterations - 1) / record_every + 1);
    const std::size_t n = D > 0 ? static_cast<std::size_t>(D) : d.cols;
    T *weights = w.data();
    for (std::size_t iteration = 0; iteration < iterations; ++iteration) {
        const std::size_t i = tinyneuron::uniform_index(rng, d.rows);
        const T *x = &d.x[i * d.cols];
        const T slope = loss_slope<L>(z_of<D>(weights, b, x, n), d.t[i]);
        for (std::size_t j = 0; j < n; ++j) {
            weights[j] -= rate * (slope * x[j]);
        }
        b -= rate * slope;
        if (C == Check::every_step && !(std::isfinite(b) && all_finite(weights, n))) {
            throw std::runtime_error("train_loop: diverged");
        }
        if (iteration % record_every == 0) {
            const T e = error_loop<D, L>(d, weights, b);
            if (C == Check::every_step && !std::isfinite(e)) {
                throw std::runtime_error("train_loop: diverged");
            }
            history.push_back(e);
        }
    }
    return history;
}

/// Full-batch training, by hand, one row at a time: each iteration sums the gradient g = Σ s_r·x_r,
/// g_b = Σ s_r over all rows (s_r = dE/dz_r of the squared error), steps with its mean,
/// w −= rate·g/n, b −= rate·g_b/n, checks that the parameters stayed finite, and records the error
/// after iterations 0, k, 2k, ...
template <int D, class T>
std::vector<T> full_batch_loop(const Data<T> &d, std::vector<T> &w, T &b, T rate, std::size_t iterations,
                               std::size_t record_every) {
    std::vector<T> history;
    const std::size_t n = D > 0 ? static_cast<std::size_t>(D) : d.cols;
    std::vector<T> g(n);
    T *weights = w.data();
    const T scale = T(1) / static_cast<T>(d.rows);
    for (std::size_t iteration = 0; iteration < iterations; ++iteration) {
        T g_bias = T(0);
        gradient_loop<D>(d, weights, b, g.data(), g_bias);
        for (std::size_t j = 0; j < n; ++j) {
            weights[j] -= rate * (scale * g[j]);
        }
        b -= rate * (scale * g_bias);
        if (!(std::isfinite(b) && all_finite(weights, n))) {
            throw std::runtime_error("full_batch_loop: diverged");
        }
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
