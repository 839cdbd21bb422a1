// SPDX-License-Identifier: MIT
// tinyneuron beside hand-written baselines (baseline.hpp), with Google Benchmark, in one binary.
//
// Each benchmark first checks that the library and its baselines compute the same thing (bit for
// bit on the 8 points; to rounding where Eigen sums in another order), then runs them in turn,
// one call each per benchmark iteration, rotating who goes first, and timing each call alone (in
// CPU time of the thread, so that time spent waiting for a core on a shared machine counts for
// no one).
// Reported: the library's time per call as the benchmark's time, and as counters the
// nanoseconds per unit of work (one training iteration, or one sample) of every contender
// (<name>_ns), the library's ratio to each baseline (ratio_<name>) and, where there are two
// baselines, to the faster one (ratio_best). run_targets.py checks the targets of issues 4 and 10
// from the minimum over repeated, interleaved runs.
#include "baseline.hpp"

#include <tinyneuron/neuron.hpp>

#include <Eigen/Eigenvalues> // the rate of the full-batch train beside fit
#include <Eigen/SparseCore>  // fit on sparse data beside LIBLINEAR
#include <benchmark/benchmark.h>

#ifdef TINYNEURON_HAVE_LIBLINEAR
#include <linear.h>
#endif

#include <algorithm>  // std::min, std::max
#include <cmath>      // std::abs
#include <cstdlib>    // std::getenv
#include <cstring>    // std::memcmp
#include <fstream>    // std::ifstream, the fit benchmarks' data
#include <functional> // std::function
#include <limits>     // std::numeric_limits
#include <map>        // std::map
#include <random>     // std::mt19937_64
#include <string>     // std::string
#include <vector>     // std::vector

using tinyneuron_bench::cpu_ns;

namespace {

using tinyneuron_bench::Data;

template <class T, int Cols> using RowMatrix = Eigen::Matrix<T, Eigen::Dynamic, Cols, Eigen::RowMajor>;
template <class T> using Column = Eigen::Matrix<T, Eigen::Dynamic, 1>;

/// The library reads the very memory the baselines read: samples row by row.
template <class T, int Cols> Eigen::Map<const RowMatrix<T, Cols>> samples_of(const Data<T> &d) {
    return {d.x.data(), static_cast<Eigen::Index>(d.rows), static_cast<Eigen::Index>(d.cols)};
}
template <class T> Eigen::Map<const Column<T>> targets_of(const Data<T> &d) {
    return {d.t.data(), static_cast<Eigen::Index>(d.rows)};
}

/// One contender: `run` does one call of the work and returns the nanoseconds it took.
struct Contender {
    std::string name;
    std::function<double()> run;
};

/// Runs the library (first) and its baselines in turn until Google Benchmark is satisfied, then
/// reports ns per unit for each and the library's ratios.
void contest(benchmark::State &state, double units_per_call, const std::vector<Contender> &c) {
    std::vector<double> total(c.size(), 0.0);
    std::size_t turn = 0;
    for (auto _ : state) {
        double library = 0.0;
        for (std::size_t k = 0; k < c.size(); ++k) {
            const std::size_t j = (turn + k) % c.size();
            const double ns = c[j].run();
            total[j] += ns;
            if (j == 0) {
                library = ns;
            }
        }
        ++turn;
        state.SetIterationTime(library * 1e-9);
    }
    const double units = static_cast<double>(state.iterations()) * units_per_call;
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t j = 0; j < c.size(); ++j) {
        state.counters[c[j].name + "_ns"] = total[j] / units;
        if (j > 0) {
            state.counters["ratio_" + c[j].name] = total[0] / total[j];
            best = std::min(best, total[j]);
        }
    }
    if (c.size() > 2) {
        state.counters["ratio_best"] = total[0] / best;
    }
}

template <class T> bool same_bits(const T *a, const T *b, std::size_t n) {
    return std::memcmp(a, b, n * sizeof(T)) == 0;
}

template <class T> double max_relative_difference(const T *a, const T *b, std::size_t n) {
    double worst = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const double scale = std::max({std::abs(double(a[i])), std::abs(double(b[i])), 1e-300});
        worst = std::max(worst, std::abs(double(a[i]) - double(b[i])) / scale);
    }
    return worst;
}

// --------------------------------------------------------------------------------------------
// Training on the 8 points: one call is 10,000 iterations, error every 100, from the same start
// and seed every time; reported per iteration. Two hand loops: "same_work" does all the library
// does (the tail-accurate sigmoid pair, a finiteness check of the parameters every step and of
// each recorded error), "baseline" skips the checks. Both fix the width at 2 at compile time.
// --------------------------------------------------------------------------------------------
template <class T, int Inputs, tinyneuron::Loss L = tinyneuron::Loss::squared_error>
void train8(benchmark::State &state) {
    using Neuron = tinyneuron::Neuron<T, Inputs>;
    using tinyneuron_bench::Check;
    static const Data<T> d = tinyneuron_bench::eight<T>();
    const auto x = samples_of<T, Inputs>(d);
    const auto t = targets_of(d);
    std::mt19937_64 init(42);
    const Neuron start = Neuron::random(2, init);
    tinyneuron::TrainOptions<T> options;
    options.learning_rate = T(0.01);
    options.iterations = 10000;
    options.record_every = 100;
    options.loss = L;

    struct Result {
        std::vector<T> history;
        std::vector<T> parameters;
    };
    Result by_library;
    const Contender library{"library", [&] {
                                Neuron neuron = start;
                                std::mt19937_64 rng(7);
                                const double ns =
                                    cpu_ns([&] { by_library.history = neuron.train(x, t, options, rng); });
                                by_library.parameters = {neuron.weights()(0), neuron.weights()(1), neuron.bias()};
                                return ns;
                            }};
    // A hand loop, run as the library is: from the same start with the same seed.
    const auto hand = [&](const char *name, Result &result, auto loop) {
        return Contender{name, [&result, &start, &options, loop] {
                             std::vector<T> w{start.weights()(0), start.weights()(1)};
                             T b = start.bias();
                             std::mt19937_64 rng(7);
                             const double ns = cpu_ns([&] {
                                 result.history =
                                     loop(w, b, options.learning_rate, options.iterations, options.record_every, rng);
                             });
                             result.parameters = {w[0], w[1], b};
                             return ns;
                         }};
    };
    Result by_same_work;
    Result by_baseline;
    const Contender same_work = hand("same_work", by_same_work, [](auto &&...a) {
        return tinyneuron_bench::train_loop<2, L, Check::every_step>(d, a...);
    });
    const Contender baseline = hand(
        "baseline", by_baseline, [](auto &&...a) { return tinyneuron_bench::train_loop<2, L, Check::none>(d, a...); });
    library.run();
    same_work.run();
    baseline.run();
    for (const Result *r : {&by_same_work, &by_baseline}) {
        if (r->history.size() != by_library.history.size() ||
            !same_bits(r->history.data(), by_library.history.data(), r->history.size()) ||
            !same_bits(r->parameters.data(), by_library.parameters.data(), 3)) {
            state.SkipWithError("the library and a hand loop differ");
            return;
        }
    }
    contest(state, static_cast<double>(options.iterations), {library, same_work, baseline});
}

// --------------------------------------------------------------------------------------------
// Training on 10,000 random samples of `cols` inputs, reported per iteration, from the same start
// with the same seed. BatchSize 1 (the tutorial's steps): one call is 1,000 iterations, error
// every 100 (10 error evaluations over all samples, which dominate), beside "baseline", the hand
// loop computing the error one row at a time. BatchSize 0 (full batch): one call is 100 steps on
// the mean gradient of all rows, error every 10, beside "loop", which sums the gradient one row
// at a time (a dot product, the slope, then g += s·x). The library's products sum in another
// order, so they agree to rounding.
// --------------------------------------------------------------------------------------------
template <std::size_t Cols> const Data<double> &ten_thousand() {
    static const Data<double> d = tinyneuron_bench::random_data<double>(10000, Cols, 1000 + Cols);
    return d;
}

template <std::size_t Cols, std::size_t BatchSize> void train_wide(benchmark::State &state) {
    using Neuron = tinyneuron::Neuron<double>;
    constexpr std::size_t cols = Cols;
    const Data<double> &d = ten_thousand<Cols>();
    const auto x = samples_of<double, Eigen::Dynamic>(d);
    const auto t = targets_of(d);
    std::mt19937_64 init(42);
    const Neuron start = Neuron::random(static_cast<Eigen::Index>(cols), init);
    tinyneuron::TrainOptions<double> options;
    options.batch_size = BatchSize;
    options.learning_rate = BatchSize == 1 ? 0.01 : 0.5;
    options.iterations = BatchSize == 1 ? 1000 : 100;
    options.record_every = BatchSize == 1 ? 100 : 10;

    std::vector<double> library_history;
    std::vector<double> library_parameters;
    const Contender library{"library", [&] {
                                Neuron neuron = start;
                                std::mt19937_64 rng(7);
                                const double ns = cpu_ns([&] { library_history = neuron.train(x, t, options, rng); });
                                library_parameters.assign(neuron.weights().data(), neuron.weights().data() + cols);
                                library_parameters.push_back(neuron.bias());
                                return ns;
                            }};
    std::vector<double> hand_history;
    std::vector<double> hand_parameters;
    const Contender hand{BatchSize == 1 ? "baseline" : "loop", [&] {
                             std::vector<double> w(start.weights().data(), start.weights().data() + cols);
                             double b = start.bias();
                             std::mt19937_64 rng(7);
                             const double ns = cpu_ns([&] {
                                 if constexpr (BatchSize == 1) {
                                     hand_history = tinyneuron_bench::train_loop<0>(
                                         d, w, b, options.learning_rate, options.iterations, options.record_every, rng);
                                 } else {
                                     hand_history = tinyneuron_bench::full_batch_loop<Cols>(
                                         d, w, b, options.learning_rate, options.iterations, options.record_every);
                                 }
                             });
                             hand_parameters = w;
                             hand_parameters.push_back(b);
                             return ns;
                         }};
    library.run();
    hand.run();
    if (library_history.size() != hand_history.size() ||
        max_relative_difference(library_history.data(), hand_history.data(), library_history.size()) > 1e-9 ||
        max_relative_difference(library_parameters.data(), hand_parameters.data(), cols + 1) > 1e-9) {
        state.SkipWithError("the library and the hand loop differ beyond rounding");
        return;
    }
    contest(state, static_cast<double>(options.iterations), {library, hand});
}

// --------------------------------------------------------------------------------------------
// predict_batch and error on 1,000,000 random samples; reported per sample. The baselines: the
// hand-written loop (width fixed at compile time) and one raw Eigen expression.
// --------------------------------------------------------------------------------------------
template <int D> const Data<double> &million() {
    static const Data<double> d = tinyneuron_bench::random_data<double>(1000000, D, 2000 + D);
    return d;
}

double sigmoid_value(double z) { return tinyneuron_bench::sigmoid(z).value; }

/// What every 1,000,000-sample benchmark starts from: the samples and targets, as the baselines
/// and as the library see them, and a random neuron with its weights and bias.
template <int D> struct Million {
    const Data<double> &d = million<D>();
    Eigen::Map<const RowMatrix<double, Eigen::Dynamic>> x = samples_of<double, Eigen::Dynamic>(d);
    Eigen::Map<const Column<double>> t = targets_of(d);
    tinyneuron::Neuron<double> neuron = random_neuron();
    Eigen::VectorXd w = neuron.weights();
    double b = neuron.bias();

    static tinyneuron::Neuron<double> random_neuron() {
        std::mt19937_64 init(42);
        return tinyneuron::Neuron<double>::random(D, init);
    }
};

template <int D> void predict_million(benchmark::State &state) {
    const Million<D> m;

    Eigen::VectorXd by_library;
    Eigen::VectorXd by_loop(m.x.rows());
    Eigen::VectorXd by_eigen(m.x.rows());
    const Contender library{"library", [&] { return cpu_ns([&] { by_library = m.neuron.predict_batch(m.x); }); }};
    const Contender loop{
        "loop",
        [&] { return cpu_ns([&] { tinyneuron_bench::predict_loop<D>(m.d, m.w.data(), m.b, by_loop.data()); }); }};
    const Contender eigen{
        "eigen",
        [&] { return cpu_ns([&] { by_eigen = ((m.x * m.w).array() + m.b).unaryExpr(&sigmoid_value).matrix(); }); }};
    library.run();
    loop.run();
    eigen.run();
    const auto n = static_cast<std::size_t>(m.x.rows());
    if (max_relative_difference(by_library.data(), by_loop.data(), n) > 1e-12 ||
        max_relative_difference(by_library.data(), by_eigen.data(), n) > 1e-12) {
        state.SkipWithError("the library and the baselines differ beyond rounding");
        return;
    }
    contest(state, static_cast<double>(n), {library, loop, eigen});
}

template <int D> void error_million(benchmark::State &state) {
    const Million<D> m;

    double by_library = 0.0;
    double by_loop = 0.0;
    double by_eigen = 0.0;
    const Contender library{"library", [&] { return cpu_ns([&] { by_library = m.neuron.error(m.x, m.t); }); }};
    const Contender loop{
        "loop", [&] { return cpu_ns([&] { by_loop = tinyneuron_bench::error_loop<D>(m.d, m.w.data(), m.b); }); }};
    const Contender eigen{
        "eigen", [&] {
            return cpu_ns([&] {
                by_eigen = (((m.x * m.w).array() + m.b).unaryExpr(&sigmoid_value) - m.t.array()).square().sum();
            });
        }};
    library.run();
    loop.run();
    eigen.run();
    if (max_relative_difference(&by_library, &by_loop, 1) > 1e-9 ||
        max_relative_difference(&by_library, &by_eigen, 1) > 1e-9) {
        state.SkipWithError("the library and the baselines differ beyond rounding");
        return;
    }
    contest(state, static_cast<double>(m.x.rows()), {library, loop, eigen});
}

// --------------------------------------------------------------------------------------------
// batch_gradients on 1,000,000 random samples; reported per sample, with the bytes of samples
// and targets read per sample (`bytes`, from which run_targets.py derives GB/s). The baseline:
// one fused pass, row by row (width fixed at compile time), that sums s·x while x is in cache.
// --------------------------------------------------------------------------------------------
template <int D> void batch_gradients_million(benchmark::State &state) {
    const Million<D> m;

    tinyneuron::Neuron<double>::Gradients by_library;
    std::vector<double> by_loop(D + 1);
    const Contender library{"library",
                            [&] { return cpu_ns([&] { by_library = m.neuron.batch_gradients(m.x, m.t); }); }};
    const Contender loop{"loop", [&] {
                             return cpu_ns([&] {
                                 tinyneuron_bench::gradient_loop<D>(m.d, m.w.data(), m.b, by_loop.data(), by_loop[D]);
                             });
                         }};
    library.run();
    loop.run();
    std::vector<double> library_values(by_library.weights.data(), by_library.weights.data() + D);
    library_values.push_back(by_library.bias);
    // Sums of a million terms of both signs: compared relative to the largest component.
    double scale = 0.0;
    for (const double v : by_loop) {
        scale = std::max(scale, std::abs(v));
    }
    for (std::size_t j = 0; j <= D; ++j) {
        if (std::abs(library_values[j] - by_loop[j]) > 1e-9 * scale) {
            state.SkipWithError("the library and the loop differ beyond rounding");
            return;
        }
    }
    contest(state, static_cast<double>(m.x.rows()), {library, loop});
    state.counters["bytes"] = static_cast<double>((D + 1) * sizeof(double));
}

// --------------------------------------------------------------------------------------------
// The same passes over Eigen's default layout, column by column (an Eigen::MatrixXd copy of the
// same samples), beside the better of two baselines: "columns", hand loops that read the columns
// in order in blocks of rows (baseline.hpp), and "eigen", Eigen's own expression. And the
// Hessian pass of fit (detail::Rows::add_quadratic: the cross-entropy, its gradient and Hessian)
// in both layouts, beside the hand loops that sum the same (upper triangle, one row or one block
// at a time) and, column by column, Eigen's expression X̃ᵀ·C·X̃.
// --------------------------------------------------------------------------------------------
template <int D> const Eigen::MatrixXd &million_columns() {
    static const Eigen::MatrixXd x = samples_of<double, Eigen::Dynamic>(million<D>());
    return x;
}

template <int D> struct MillionColumns : Million<D> {
    const Eigen::MatrixXd &xc = million_columns<D>();
    std::size_t rows() const { return static_cast<std::size_t>(xc.rows()); }
};

template <int D> void predict_million_columns(benchmark::State &state) {
    const MillionColumns<D> m;
    const std::size_t n = m.rows();
    Eigen::VectorXd by_library;
    Eigen::VectorXd by_columns(m.xc.rows());
    Eigen::VectorXd by_eigen(m.xc.rows());
    const Contender library{"library", [&] { return cpu_ns([&] { by_library = m.neuron.predict_batch(m.xc); }); }};
    const Contender columns{"columns", [&] {
                                return cpu_ns([&] {
                                    tinyneuron_bench::predict_columns<D>(m.xc.data(), n, D, m.w.data(), m.b,
                                                                         by_columns.data());
                                });
                            }};
    const Contender eigen{
        "eigen",
        [&] { return cpu_ns([&] { by_eigen = ((m.xc * m.w).array() + m.b).unaryExpr(&sigmoid_value).matrix(); }); }};
    library.run();
    columns.run();
    eigen.run();
    if (max_relative_difference(by_library.data(), by_columns.data(), n) > 1e-12 ||
        max_relative_difference(by_library.data(), by_eigen.data(), n) > 1e-12) {
        state.SkipWithError("the library and the baselines differ beyond rounding");
        return;
    }
    contest(state, static_cast<double>(n), {library, columns, eigen});
}

template <int D> void error_million_columns(benchmark::State &state) {
    const MillionColumns<D> m;
    double by_library = 0.0;
    double by_columns = 0.0;
    double by_eigen = 0.0;
    const Contender library{"library", [&] { return cpu_ns([&] { by_library = m.neuron.error(m.xc, m.t); }); }};
    const Contender columns{"columns", [&] {
                                return cpu_ns([&] {
                                    by_columns = tinyneuron_bench::error_columns<D>(m.xc.data(), m.rows(), D,
                                                                                    m.w.data(), m.b, m.t.data());
                                });
                            }};
    const Contender eigen{
        "eigen", [&] {
            return cpu_ns([&] {
                by_eigen = (((m.xc * m.w).array() + m.b).unaryExpr(&sigmoid_value) - m.t.array()).square().sum();
            });
        }};
    library.run();
    columns.run();
    eigen.run();
    if (max_relative_difference(&by_library, &by_columns, 1) > 1e-9 ||
        max_relative_difference(&by_library, &by_eigen, 1) > 1e-9) {
        state.SkipWithError("the library and the baselines differ beyond rounding");
        return;
    }
    contest(state, static_cast<double>(m.rows()), {library, columns, eigen});
}

/// Whether `a` and `b` (p values each) agree to rounding, relative to the largest of `b`.
bool agree(const double *a, const double *b, std::size_t p, double tolerance) {
    double scale = 0.0;
    for (std::size_t j = 0; j < p; ++j) {
        scale = std::max(scale, std::abs(b[j]));
    }
    for (std::size_t j = 0; j < p; ++j) {
        if (std::abs(a[j] - b[j]) > tolerance * scale) {
            return false;
        }
    }
    return true;
}

template <int D> void batch_gradients_million_columns(benchmark::State &state) {
    const MillionColumns<D> m;
    tinyneuron::Neuron<double>::Gradients by_library;
    std::vector<double> by_columns(D + 1);
    Eigen::VectorXd by_eigen(D + 1);
    const Contender library{"library",
                            [&] { return cpu_ns([&] { by_library = m.neuron.batch_gradients(m.xc, m.t); }); }};
    const Contender columns{"columns", [&] {
                                return cpu_ns([&] {
                                    tinyneuron_bench::gradient_columns<D>(m.xc.data(), m.rows(), D, m.w.data(), m.b,
                                                                          m.t.data(), by_columns.data(), by_columns[D]);
                                });
                            }};
    const Contender eigen{
        "eigen", [&] {
            return cpu_ns([&] {
                const Eigen::VectorXd s =
                    ((m.xc * m.w).array() + m.b)
                        .binaryExpr(m.t.array(),
                                    [](double z, double t) {
                                        return tinyneuron_bench::loss_slope<tinyneuron::Loss::squared_error>(z, t);
                                    })
                        .matrix();
                by_eigen.head(D).noalias() = m.xc.transpose() * s;
                by_eigen(D) = s.sum();
            });
        }};
    library.run();
    columns.run();
    eigen.run();
    std::vector<double> library_values(by_library.weights.data(), by_library.weights.data() + D);
    library_values.push_back(by_library.bias);
    if (!agree(library_values.data(), by_columns.data(), D + 1, 1e-9) ||
        !agree(library_values.data(), by_eigen.data(), D + 1, 1e-9)) {
        state.SkipWithError("the library and the baselines differ beyond rounding");
        return;
    }
    contest(state, static_cast<double>(m.rows()), {library, columns, eigen});
    state.counters["bytes"] = static_cast<double>((D + 1) * sizeof(double));
}

/// The library's Hessian pass, as fit calls it (f, ∇f and ∇²f of the cross-entropy at one θ).
template <class DS> struct HessianPass {
    using Rows = tinyneuron::detail::Rows<double, Eigen::Dynamic>;
    typename Rows::Quadratic f;
    typename Rows::Scratch scratch;
    Eigen::VectorXd scale; // fit's S; 1 here, so that the Hessian is the hand loops' X̃ᵀ·C·X̃
    explicit HessianPass(Eigen::Index inputs) : f(inputs, true), scale(Eigen::VectorXd::Ones(inputs + 1)) {}
    void operator()(const DS &x, const Eigen::Map<const Column<double>> &t, const Eigen::VectorXd &w, double b) {
        Rows::add_quadratic<tinyneuron::Loss::cross_entropy>(x, tinyneuron::detail::target_ref(t), w, b, scale, scratch,
                                                             f);
    }
    /// Value, gradient and upper triangle, as the hand loops give them.
    std::vector<double> flat() const {
        std::vector<double> v{f.value};
        v.insert(v.end(), f.gradient.data(), f.gradient.data() + f.gradient.size());
        for (Eigen::Index j = 0; j < f.hessian.rows(); ++j) {
            for (Eigen::Index k = j; k < f.hessian.cols(); ++k) {
                v.push_back(f.hessian(j, k));
            }
        }
        return v;
    }
};

std::vector<double> flat(const tinyneuron_bench::Quadratic<double> &q) {
    std::vector<double> v{q.value};
    v.insert(v.end(), q.gradient.begin(), q.gradient.end());
    const std::size_t p = q.gradient.size();
    for (std::size_t j = 0; j < p; ++j) {
        for (std::size_t k = j; k < p; ++k) {
            v.push_back(q.hessian[j * p + k]);
        }
    }
    return v;
}

/// Whether two flat quadratics agree to rounding, each part relative to its largest value.
bool same_quadratic(const std::vector<double> &a, const std::vector<double> &b, std::size_t p) {
    return a.size() == b.size() && agree(a.data(), b.data(), 1, 1e-9) && agree(&a[1], &b[1], p, 1e-9) &&
           agree(&a[1 + p], &b[1 + p], a.size() - 1 - p, 1e-9);
}

template <int D> void hessian_million(benchmark::State &state) {
    const Million<D> m;
    HessianPass<Eigen::Map<const RowMatrix<double, Eigen::Dynamic>>> library_pass(D);
    tinyneuron_bench::Quadratic<double> by_loop;
    const Contender library{"library", [&] { return cpu_ns([&] { library_pass(m.x, m.t, m.w, m.b); }); }};
    const Contender loop{
        "loop", [&] { return cpu_ns([&] { tinyneuron_bench::quadratic_loop<D>(m.d, m.w.data(), m.b, by_loop); }); }};
    library.run();
    loop.run();
    if (!same_quadratic(library_pass.flat(), flat(by_loop), D + 1)) {
        state.SkipWithError("the library and the loop differ beyond rounding");
        return;
    }
    contest(state, static_cast<double>(m.x.rows()), {library, loop});
}

template <int D> void hessian_million_columns(benchmark::State &state) {
    const MillionColumns<D> m;
    HessianPass<Eigen::MatrixXd> library_pass(D);
    tinyneuron_bench::Quadratic<double> by_columns;
    Eigen::VectorXd z, c, s;
    Eigen::MatrixXd h(D + 1, D + 1);
    Eigen::VectorXd g(D + 1);
    double value = 0.0;
    const Contender library{"library", [&] { return cpu_ns([&] { library_pass(m.xc, m.t, m.w, m.b); }); }};
    const Contender columns{"columns", [&] {
                                return cpu_ns([&] {
                                    tinyneuron_bench::quadratic_columns<D>(m.xc.data(), m.rows(), D, m.w.data(), m.b,
                                                                           m.t.data(), by_columns);
                                });
                            }};
    using tinyneuron::Loss;
    const Contender eigen{"eigen", [&] {
                              return cpu_ns([&] {
                                  z = (m.xc * m.w).array() + m.b;
                                  value = z.binaryExpr(m.t, [](double zi, double ti) {
                                               return tinyneuron_bench::loss_value<Loss::cross_entropy>(zi, ti);
                                           }).sum();
                                  c = z.binaryExpr(m.t, [](double zi, double ti) {
                                      return tinyneuron_bench::loss_curvature<Loss::cross_entropy>(zi, ti);
                                  });
                                  s = z.binaryExpr(m.t, [](double zi, double ti) {
                                      return tinyneuron_bench::loss_slope<Loss::cross_entropy>(zi, ti);
                                  });
                                  h.topLeftCorner(D, D).noalias() = m.xc.transpose() * (c.asDiagonal() * m.xc);
                                  h.topRightCorner(D, 1).noalias() = m.xc.transpose() * c;
                                  h(D, D) = c.sum();
                                  g.head(D).noalias() = m.xc.transpose() * s;
                                  g(D) = s.sum();
                              });
                          }};
    library.run();
    columns.run();
    eigen.run();
    tinyneuron_bench::Quadratic<double> by_eigen;
    by_eigen.value = value;
    by_eigen.gradient.assign(g.data(), g.data() + D + 1);
    by_eigen.hessian.assign((D + 1) * (D + 1), 0.0);
    for (int j = 0; j <= D; ++j) {
        for (int k = j; k <= D; ++k) {
            by_eigen.hessian[static_cast<std::size_t>(j * (D + 1) + k)] = h(j, k);
        }
    }
    const std::vector<double> by_library = library_pass.flat();
    if (!same_quadratic(by_library, flat(by_columns), D + 1) || !same_quadratic(by_library, flat(by_eigen), D + 1)) {
        state.SkipWithError("the library and the baselines differ beyond rounding");
        return;
    }
    contest(state, static_cast<double>(m.rows()), {library, columns, eigen});
}

// --------------------------------------------------------------------------------------------
// fit (issue 18): Newton's method from the zero neuron to within 1e-9 of the optimum of the
// cross-entropy with l2 = 1/(2·C·n), C = 1, beside LIBLINEAR's L2R_LR (bias column B = 1,
// eps 1e-4, C = 1) on the same samples; one call is one fit. LIBLINEAR regularizes its bias as a
// weight, so its optimum differs slightly: each is timed to its own criterion, and the
// objectives are reported as counters. Beside them, timed once per benchmark run (it takes
// thousands of steps), the library's full-batch train at the rate 1/L (L bounds the curvature
// of the mean objective) for the iterations it needs to come within 1e-6 of the optimum.
// The data sets are files written by fit_data.py, read from TINYNEURON_FIT_DATA (a directory;
// by default fit_data in the build directory of the benchmarks).
// --------------------------------------------------------------------------------------------
struct FitData {
    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> x;
    Eigen::VectorXd t;
    std::string error;
};

const FitData &fit_data(const std::string &name) {
    static std::map<std::string, FitData> sets;
    auto found = sets.find(name);
    if (found != sets.end()) {
        return found->second;
    }
    FitData &d = sets[name];
    const char *dir = std::getenv("TINYNEURON_FIT_DATA");
    const std::string path = std::string(dir != nullptr ? dir : TINYNEURON_FIT_DATA_DIR) + "/" + name + ".txt";
    std::ifstream in(path);
    Eigen::Index rows = 0;
    Eigen::Index cols = 0;
    if (!(in >> rows >> cols) || rows < 1 || cols < 1) {
        d.error = "cannot read " + path + " (write it with tests/benchmarks/fit_data.py)";
        return d;
    }
    d.x.resize(rows, cols);
    d.t.resize(rows);
    for (Eigen::Index i = 0; i < rows && in; ++i) {
        for (Eigen::Index j = 0; j < cols; ++j) {
            in >> d.x(i, j);
        }
        in >> d.t(i);
    }
    if (!in) {
        d.error = path + " ends early";
    }
    return d;
}

using SparseRows = Eigen::SparseMatrix<double, Eigen::RowMajor>;

#ifdef TINYNEURON_HAVE_LIBLINEAR
/// LIBLINEAR's problem over the same samples: each row's stored features (1-based), then the bias
/// feature D + 1 with value B = 1, then the terminator; labels +1 (target 1) and −1. Dense samples
/// give every value, zeros included.
struct LinearProblem {
    std::vector<feature_node> nodes;
    std::vector<feature_node *> rows;
    std::vector<double> y;
    problem prob{};

    LinearProblem(const SparseRows &x, const Eigen::VectorXd &t) {
        const int cols = static_cast<int>(x.cols());
        nodes.reserve(static_cast<std::size_t>(x.nonZeros() + 2 * x.rows()));
        std::vector<std::size_t> starts;
        for (Eigen::Index i = 0; i < x.rows(); ++i) {
            starts.push_back(nodes.size());
            for (SparseRows::InnerIterator it(x, i); it; ++it) {
                nodes.push_back({static_cast<int>(it.col()) + 1, it.value()});
            }
            nodes.push_back({cols + 1, 1.0});
            nodes.push_back({-1, 0.0});
            y.push_back(t(i) > 0.5 ? 1.0 : -1.0);
        }
        for (std::size_t start : starts) {
            rows.push_back(&nodes[start]);
        }
        prob.l = static_cast<int>(x.rows());
        prob.n = cols + 1;
        prob.y = y.data();
        prob.x = rows.data();
        prob.bias = 1.0;
    }
    template <class D> static SparseRows every_value(const Eigen::MatrixBase<D> &x) {
        std::vector<Eigen::Triplet<double>> values;
        for (Eigen::Index i = 0; i < x.rows(); ++i) {
            for (Eigen::Index j = 0; j < x.cols(); ++j) {
                values.emplace_back(static_cast<int>(i), static_cast<int>(j), x(i, j));
            }
        }
        SparseRows out(x.rows(), x.cols());
        out.setFromTriplets(values.begin(), values.end());
        return out;
    }
    /// LIBLINEAR's `train` with L2R_LR, eps 1e-4, C = 1 (the criterion it defaults to); the
    /// weights and bias it reaches, for label 1, go to `w` and `b`. Returns the CPU time.
    double train(Eigen::VectorXd &w, double &b) const {
        parameter param{};
        param.solver_type = L2R_LR;
        param.eps = 1e-4;
        param.C = 1.0;
        set_print_string_function([](const char *) {});
        model *m = nullptr;
        const double ns = cpu_ns([&] { m = ::train(&prob, &param); });
        const double sign = m->label[0] == 1 ? 1.0 : -1.0; // w is for label[0]
        const auto cols = static_cast<Eigen::Index>(prob.n - 1);
        w.resize(cols);
        for (Eigen::Index j = 0; j < cols; ++j) {
            w(j) = sign * m->w[j];
        }
        b = sign * m->w[cols];
        free_and_destroy_model(&m);
        return ns;
    }
};
#endif

template <const char *Name> void fit_set(benchmark::State &state) {
    using Neuron = tinyneuron::Neuron<double>;
    const FitData &d = fit_data(Name);
    if (!d.error.empty()) {
        state.SkipWithError(d.error.c_str());
        return;
    }
    const auto n = static_cast<double>(d.x.rows());
    const Eigen::Index cols = d.x.cols();
    const double c = 1.0;
    tinyneuron::FitOptions<double> options;
    options.l2 = 1.0 / (2.0 * c * n);
    const Neuron zero(Eigen::VectorXd::Zero(cols), 0.0);
    // The optimum, as closely as double tells: a fit with a tolerance near the rounding of f.
    Neuron best = zero;
    tinyneuron::FitOptions<double> polish = options;
    polish.tolerance = 4 * std::numeric_limits<double>::epsilon();
    best.fit(d.x, d.t, polish);
    const double optimum = best.objective(d.x, d.t, tinyneuron::Loss::cross_entropy, options.l2);
    const auto gap = [&](const Neuron &neuron) {
        return (neuron.objective(d.x, d.t, tinyneuron::Loss::cross_entropy, options.l2) - optimum) / optimum;
    };

    // Timed: fit with the tolerance 1e-9 (it stops once the Newton decrement, its estimate of
    // f − min f, is below 1e-9·f, after one more full step), and with its default, 64·ε.
    Neuron fitted = zero;
    tinyneuron::FitOptions<double> to_criterion = options;
    to_criterion.tolerance = 1e-9;
    tinyneuron::FitResult<double> result{};
    const Contender library{"library", [&] {
                                fitted = zero;
                                return cpu_ns([&] { result = fitted.fit(d.x, d.t, to_criterion); });
                            }};
    Neuron fitted_default = zero;
    const Contender by_default{"default_tolerance", [&] {
                                   fitted_default = zero;
                                   return cpu_ns([&] { fitted_default.fit(d.x, d.t, options); });
                               }};
    std::vector<Contender> contenders{library, by_default};
    library.run();
    by_default.run();
    if (gap(fitted) > 1e-9 || gap(fitted_default) > 1e-9) {
        state.SkipWithError("fit ends further than 1e-9 from the optimum");
        return;
    }
    state.counters["fit_gap"] = gap(fitted);
#ifdef TINYNEURON_HAVE_LIBLINEAR
    const LinearProblem linear(LinearProblem::every_value(d.x), d.t);
    Eigen::VectorXd liblinear_w(cols);
    double liblinear_b = 0.0;
    const Contender liblinear{"liblinear", [&] { return linear.train(liblinear_w, liblinear_b); }};
    liblinear.run();
    contenders.push_back(liblinear);
    const Neuron by_liblinear(liblinear_w, liblinear_b);
    // LIBLINEAR's own objective: ½‖(w, b)‖² + C·Σ log(1 + e^(−y·z)), its bias regularized too.
    state.counters["objective_liblinear_own"] = 0.5 * (liblinear_w.squaredNorm() + liblinear_b * liblinear_b) +
                                                c * by_liblinear.error(d.x, d.t, tinyneuron::Loss::cross_entropy);
    state.counters["objective_liblinear_ours"] =
        by_liblinear.objective(d.x, d.t, tinyneuron::Loss::cross_entropy, options.l2);
#endif
    state.counters["objective_fit"] = fitted.objective(d.x, d.t, tinyneuron::Loss::cross_entropy, options.l2);
    state.counters["objective_optimum"] = optimum;
    state.counters["fit_steps"] = static_cast<double>(result.iterations);

    // Full-batch train: the rate 1/L, L = λ_max(X̃ᵀX̃)/(4n) + 2·l2 (σ' ≤ 1/4), then the steps it needs.
    Eigen::MatrixXd xb(d.x.rows(), cols + 1);
    xb << d.x, Eigen::VectorXd::Ones(d.x.rows());
    const Eigen::MatrixXd gram = xb.transpose() * xb / n;
    const double lipschitz =
        Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(gram).eigenvalues().maxCoeff() / 4 + 2 * options.l2;
    tinyneuron::TrainOptions<double> train_options;
    train_options.loss = tinyneuron::Loss::cross_entropy;
    train_options.l2 = options.l2;
    train_options.batch_size = 0;
    train_options.learning_rate = 1 / lipschitz;
    train_options.iterations = 1000000;
    train_options.record_every = 1;
    std::size_t steps = 0;
    Neuron trained = zero;
    std::mt19937_64 rng(7);
    trained.train(d.x, d.t, train_options, rng, [&](std::size_t iteration, double value) {
        steps = iteration + 1;
        return (value - optimum) / optimum > 1e-6;
    });
    train_options.iterations = steps; // the same steps again, timed, recording only the first
    train_options.record_every = steps;
    trained = zero;
    state.counters["train_steps"] = static_cast<double>(steps);
    state.counters["train_ns"] = cpu_ns([&] { trained.train(d.x, d.t, train_options, rng); });
    if (gap(trained) > 1e-6) {
        state.SkipWithError("train did not reach 1e-6 of the optimum");
        return;
    }
    contest(state, 1.0, contenders);
}

// --------------------------------------------------------------------------------------------
// fit at any width (issue 27): from the zero neuron, cross-entropy, l2 = 1/(2·C·n), C = 1,
// tolerance 1e-9, by FitMethod::automatic (Hessian-free on all of these), beside LIBLINEAR's
// L2R_LR (B = 1, eps 1e-4, C = 1) on the same samples. Dense: standard normal inputs, targets
// drawn from σ(x·w + 0.5) with w standard normal / √D. Sparse (NonZeros > 0): that many values a
// row, each 1/√NonZeros, in columns drawn log-uniformly (column j about as often as 1/(j + 1),
// as words in text), targets from σ(3·x·w), w standard normal; fit reads the row-major matrix.
// Counters: each side's objective, in tinyneuron's terms, and fit's steps.
// --------------------------------------------------------------------------------------------
template <int Rows, int Cols, int NonZeros> void fit_wide(benchmark::State &state) {
    std::mt19937_64 rng(27);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    Eigen::VectorXd w(Cols);
    for (double &v : w) {
        v = tinyneuron::standard_normal(rng) / (NonZeros > 0 ? 1.0 : std::sqrt(double(Cols)));
    }
    Eigen::VectorXd t(Rows);
    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> dense;
    SparseRows sparse(Rows, Cols);
    if constexpr (NonZeros == 0) {
        dense.resize(Rows, Cols);
        for (Eigen::Index i = 0; i < Rows; ++i) {
            for (Eigen::Index j = 0; j < Cols; ++j) {
                dense(i, j) = tinyneuron::standard_normal(rng);
            }
            t(i) = uniform(rng) < tinyneuron::sigmoid(dense.row(i).dot(w) + 0.5) ? 1.0 : 0.0;
        }
    } else {
        std::vector<Eigen::Triplet<double>> values;
        const double value = 1.0 / std::sqrt(double(NonZeros));
        for (int i = 0; i < Rows; ++i) {
            std::vector<int> columns;
            while (columns.size() < std::size_t{NonZeros}) {
                const int j = std::min(Cols - 1, static_cast<int>(std::pow(double(Cols), uniform(rng))) - 1);
                if (std::find(columns.begin(), columns.end(), j) == columns.end()) {
                    columns.push_back(j);
                }
            }
            double z = 0.0;
            for (int j : columns) {
                values.emplace_back(i, j, value);
                z += value * w(j);
            }
            t(i) = uniform(rng) < tinyneuron::sigmoid(3.0 * z) ? 1.0 : 0.0;
        }
        sparse.setFromTriplets(values.begin(), values.end());
    }
    tinyneuron::FitOptions<double> options;
    options.l2 = 1.0 / (2.0 * Rows);
    options.tolerance = 1e-9;
    const tinyneuron::Neuron<double> zero(Eigen::VectorXd::Zero(Cols), 0.0);
    tinyneuron::Neuron<double> fitted = zero;
    tinyneuron::FitResult<double> result{};
    const auto objective = [&](const tinyneuron::Neuron<double> &n) {
        return NonZeros == 0 ? n.objective(dense, t, tinyneuron::Loss::cross_entropy, options.l2)
                             : n.objective(sparse, t, tinyneuron::Loss::cross_entropy, options.l2);
    };
    const Contender library{"library", [&] {
                                fitted = zero;
                                return cpu_ns([&] {
                                    result =
                                        NonZeros == 0 ? fitted.fit(dense, t, options) : fitted.fit(sparse, t, options);
                                });
                            }};
    std::vector<Contender> contenders{library};
    library.run();
    if (result.status != tinyneuron::FitStatus::converged) {
        state.SkipWithError("fit did not converge");
        return;
    }
#ifdef TINYNEURON_HAVE_LIBLINEAR
    const LinearProblem linear(NonZeros == 0 ? LinearProblem::every_value(dense) : sparse, t);
    Eigen::VectorXd liblinear_w;
    double liblinear_b = 0.0;
    contenders.push_back({"liblinear", [&] { return linear.train(liblinear_w, liblinear_b); }});
    contenders.back().run();
    const double liblinear_objective = objective(tinyneuron::Neuron<double>(liblinear_w, liblinear_b));
    state.counters["objective_liblinear_ours"] = liblinear_objective;
    if (objective(fitted) > liblinear_objective) {
        state.SkipWithError("fit ends above LIBLINEAR's objective");
        return;
    }
#endif
    state.counters["objective_fit"] = objective(fitted);
    state.counters["fit_steps"] = static_cast<double>(result.iterations);
    contest(state, 1.0, contenders);
}

constexpr char breast_cancer[] = "breast_cancer";
constexpr char digits_3v8[] = "digits_3v8";
constexpr char synthetic[] = "synthetic";

} // namespace

int main(int argc, char **argv) {
    const auto manual = [](benchmark::internal::Benchmark *b) { b->UseManualTime()->Unit(benchmark::kMicrosecond); };
    manual(benchmark::RegisterBenchmark("train8/double/fixed", train8<double, 2>));
    manual(benchmark::RegisterBenchmark("train8/double/dynamic", train8<double, Eigen::Dynamic>));
    manual(benchmark::RegisterBenchmark("train8/double/fixed/cross_entropy",
                                        train8<double, 2, tinyneuron::Loss::cross_entropy>));
    manual(benchmark::RegisterBenchmark("train8/double/dynamic/cross_entropy",
                                        train8<double, Eigen::Dynamic, tinyneuron::Loss::cross_entropy>));
    manual(benchmark::RegisterBenchmark("train8/float/fixed", train8<float, 2>));
    manual(benchmark::RegisterBenchmark("train8/float/dynamic", train8<float, Eigen::Dynamic>));
    manual(benchmark::RegisterBenchmark("train10k/D=32", train_wide<32, 1>));
    manual(benchmark::RegisterBenchmark("train10k/D=256", train_wide<256, 1>));
    manual(benchmark::RegisterBenchmark("full_batch10k/D=32", train_wide<32, 0>));
    manual(benchmark::RegisterBenchmark("predict_batch/1M/D=2", predict_million<2>));
    manual(benchmark::RegisterBenchmark("predict_batch/1M/D=32", predict_million<32>));
    manual(benchmark::RegisterBenchmark("error/1M/D=2", error_million<2>));
    manual(benchmark::RegisterBenchmark("error/1M/D=32", error_million<32>));
    manual(benchmark::RegisterBenchmark("batch_gradients/1M/D=32", batch_gradients_million<32>));
    manual(benchmark::RegisterBenchmark("hessian/1M/D=32", hessian_million<32>));
    manual(benchmark::RegisterBenchmark("predict_batch/1M/D=2/colmajor", predict_million_columns<2>));
    manual(benchmark::RegisterBenchmark("predict_batch/1M/D=32/colmajor", predict_million_columns<32>));
    manual(benchmark::RegisterBenchmark("error/1M/D=2/colmajor", error_million_columns<2>));
    manual(benchmark::RegisterBenchmark("error/1M/D=32/colmajor", error_million_columns<32>));
    manual(benchmark::RegisterBenchmark("batch_gradients/1M/D=32/colmajor", batch_gradients_million_columns<32>));
    manual(benchmark::RegisterBenchmark("hessian/1M/D=32/colmajor", hessian_million_columns<32>));
    manual(benchmark::RegisterBenchmark("fit/breast_cancer", fit_set<breast_cancer>));
    manual(benchmark::RegisterBenchmark("fit/digits_3v8", fit_set<digits_3v8>));
    manual(benchmark::RegisterBenchmark("fit/synthetic_20000x16", fit_set<synthetic>));
    manual(benchmark::RegisterBenchmark("fit_wide/100000x32", fit_wide<100000, 32, 0>));
    manual(benchmark::RegisterBenchmark("fit_wide/20000x256", fit_wide<20000, 256, 0>));
    manual(benchmark::RegisterBenchmark("fit_wide/5000x1024", fit_wide<5000, 1024, 0>));
    manual(benchmark::RegisterBenchmark("fit_wide/4000x2048", fit_wide<4000, 2048, 0>));
    manual(benchmark::RegisterBenchmark("fit_wide/sparse_50000x100000_40", fit_wide<50000, 100000, 40>));
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        return 1;
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
