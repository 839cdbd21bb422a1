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

#include <benchmark/benchmark.h>

#include <algorithm>  // std::min, std::max
#include <cmath>      // std::abs
#include <cstring>    // std::memcmp
#include <functional> // std::function
#include <limits>     // std::numeric_limits
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
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        return 1;
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
