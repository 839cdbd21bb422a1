// SPDX-License-Identifier: MIT
// tinyneuron beside hand-written baselines (baseline.hpp), with Google Benchmark, in one binary.
//
// Each benchmark first checks that the library and its baselines compute the same thing (bit for
// bit on the 8 points; to rounding where Eigen sums in another order), then runs them in turn,
// one call each per benchmark iteration, rotating who goes first, and timing each call alone.
// Reported: the library's time per call as the benchmark's time, and as counters the
// nanoseconds per unit of work (one training iteration, or one sample) of every contender
// (<name>_ns), the library's ratio to each baseline (ratio_<name>) and, where there are two
// baselines, to the faster one (ratio_best). run_targets.py checks the targets of issue 4 from
// the minimum over repeated, interleaved runs.
#include "baseline.hpp"

#include <tinyneuron/neuron.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>  // std::min, std::max
#include <chrono>     // std::chrono::steady_clock
#include <cmath>      // std::abs
#include <cstring>    // std::memcmp
#include <functional> // std::function
#include <limits>     // std::numeric_limits
#include <random>     // std::mt19937_64
#include <string>     // std::string
#include <vector>     // std::vector

using tinyneuron_bench::timed_ns;

namespace {

using tinyneuron_bench::Data;

template <class T, int Cols>
using RowMatrix = Eigen::Matrix<T, Eigen::Dynamic, Cols, Eigen::RowMajor>;
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
// and seed every time; reported per iteration.
// --------------------------------------------------------------------------------------------
template <class T, int Inputs> void train8(benchmark::State &state) {
    using Neuron = tinyneuron::Neuron<T, Inputs>;
    static const Data<T> d = tinyneuron_bench::eight<T>();
    const auto x = samples_of<T, Inputs>(d);
    const auto t = targets_of(d);
    std::mt19937_64 init(42);
    const Neuron start = Neuron::random(2, init);
    tinyneuron::TrainOptions<T> options;
    options.learning_rate = T(0.01);
    options.iterations = 10000;
    options.record_every = 100;

    std::vector<T> library_history;
    std::vector<T> library_parameters;
    const Contender library{
        "library", [&] {
            Neuron neuron = start;
            std::mt19937_64 rng(7);
            const double ns = timed_ns([&] { library_history = neuron.train(x, t, options, rng); });
            library_parameters = {neuron.weights()(0), neuron.weights()(1), neuron.bias()};
            return ns;
        }};
    std::vector<T> baseline_history;
    std::vector<T> baseline_parameters;
    const Contender baseline{"baseline", [&] {
                                 std::vector<T> w{start.weights()(0), start.weights()(1)};
                                 T b = start.bias();
                                 std::mt19937_64 rng(7);
                                 const double ns = timed_ns([&] {
                                     baseline_history = tinyneuron_bench::train_loop<2>(
                                         d, w, b, options.learning_rate, options.iterations,
                                         options.record_every, rng);
                                 });
                                 baseline_parameters = {w[0], w[1], b};
                                 return ns;
                             }};
    library.run();
    baseline.run();
    if (library_history.size() != baseline_history.size() ||
        !same_bits(library_history.data(), baseline_history.data(), library_history.size()) ||
        !same_bits(library_parameters.data(), baseline_parameters.data(), 3)) {
        state.SkipWithError("the library and the baseline differ");
        return;
    }
    contest(state, static_cast<double>(options.iterations), {library, baseline});
}

// --------------------------------------------------------------------------------------------
// Training on 10,000 random samples of `cols` inputs: one call is 1,000 iterations, error every
// 100 (10 error evaluations over all samples, which dominate); reported per iteration.
// --------------------------------------------------------------------------------------------
template <std::size_t Cols> const Data<double> &ten_thousand() {
    static const Data<double> d = tinyneuron_bench::random_data<double>(10000, Cols, 1000 + Cols);
    return d;
}

template <std::size_t Cols> void train_wide(benchmark::State &state) {
    using Neuron = tinyneuron::Neuron<double>;
    constexpr std::size_t cols = Cols;
    const Data<double> &d = ten_thousand<Cols>();
    const auto x = samples_of<double, Eigen::Dynamic>(d);
    const auto t = targets_of(d);
    std::mt19937_64 init(42);
    const Neuron start = Neuron::random(static_cast<Eigen::Index>(cols), init);
    tinyneuron::TrainOptions<double> options;
    options.learning_rate = 0.01;
    options.iterations = 1000;
    options.record_every = 100;

    std::vector<double> library_history;
    const Contender library{"library", [&] {
                                Neuron neuron = start;
                                std::mt19937_64 rng(7);
                                return timed_ns(
                                    [&] { library_history = neuron.train(x, t, options, rng); });
                            }};
    std::vector<double> baseline_history;
    const Contender baseline{
        "baseline", [&] {
            std::vector<double> w(start.weights().data(), start.weights().data() + cols);
            double b = start.bias();
            std::mt19937_64 rng(7);
            return timed_ns([&] {
                baseline_history = tinyneuron_bench::train_loop<0>(
                    d, w, b, options.learning_rate, options.iterations, options.record_every, rng);
            });
        }};
    library.run();
    baseline.run();
    if (library_history.size() != baseline_history.size() ||
        max_relative_difference(library_history.data(), baseline_history.data(),
                                library_history.size()) > 1e-9) {
        state.SkipWithError("the library and the baseline differ beyond rounding");
        return;
    }
    contest(state, static_cast<double>(options.iterations), {library, baseline});
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

template <int D> void predict_million(benchmark::State &state) {
    using Neuron = tinyneuron::Neuron<double>;
    const Data<double> &d = million<D>();
    const auto x = samples_of<double, Eigen::Dynamic>(d);
    std::mt19937_64 init(42);
    const Neuron neuron = Neuron::random(D, init);
    const Eigen::VectorXd w = neuron.weights();
    const double b = neuron.bias();

    Eigen::VectorXd by_library;
    Eigen::VectorXd by_loop(x.rows());
    Eigen::VectorXd by_eigen(x.rows());
    const Contender library{
        "library", [&] { return timed_ns([&] { by_library = neuron.predict_batch(x); }); }};
    const Contender loop{"loop", [&] {
                             return timed_ns([&] {
                                 tinyneuron_bench::predict_loop<D>(d, w.data(), b, by_loop.data());
                             });
                         }};
    const Contender eigen{"eigen", [&] {
                              return timed_ns([&] {
                                  by_eigen =
                                      ((x * w).array() + b).unaryExpr(&sigmoid_value).matrix();
                              });
                          }};
    library.run();
    loop.run();
    eigen.run();
    const auto n = static_cast<std::size_t>(x.rows());
    if (max_relative_difference(by_library.data(), by_loop.data(), n) > 1e-12 ||
        max_relative_difference(by_library.data(), by_eigen.data(), n) > 1e-12) {
        state.SkipWithError("the library and the baselines differ beyond rounding");
        return;
    }
    contest(state, static_cast<double>(n), {library, loop, eigen});
}

template <int D> void error_million(benchmark::State &state) {
    using Neuron = tinyneuron::Neuron<double>;
    const Data<double> &d = million<D>();
    const auto x = samples_of<double, Eigen::Dynamic>(d);
    const auto t = targets_of(d);
    std::mt19937_64 init(42);
    const Neuron neuron = Neuron::random(D, init);
    const Eigen::VectorXd w = neuron.weights();
    const double b = neuron.bias();

    double by_library = 0.0;
    double by_loop = 0.0;
    double by_eigen = 0.0;
    const Contender library{"library",
                            [&] { return timed_ns([&] { by_library = neuron.error(x, t); }); }};
    const Contender loop{
        "loop", [&] {
            return timed_ns([&] { by_loop = tinyneuron_bench::error_loop<D>(d, w.data(), b); });
        }};
    const Contender eigen{
        "eigen", [&] {
            return timed_ns([&] {
                by_eigen =
                    (((x * w).array() + b).unaryExpr(&sigmoid_value) - t.array()).square().sum();
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
    contest(state, static_cast<double>(x.rows()), {library, loop, eigen});
}

} // namespace

int main(int argc, char **argv) {
    const auto manual = [](benchmark::internal::Benchmark *b) {
        b->UseManualTime()->Unit(benchmark::kMicrosecond);
    };
    manual(benchmark::RegisterBenchmark("train8/double/fixed", train8<double, 2>));
    manual(benchmark::RegisterBenchmark("train8/double/dynamic", train8<double, Eigen::Dynamic>));
    manual(benchmark::RegisterBenchmark("train8/float/fixed", train8<float, 2>));
    manual(benchmark::RegisterBenchmark("train8/float/dynamic", train8<float, Eigen::Dynamic>));
    manual(benchmark::RegisterBenchmark("train10k/D=32", train_wide<32>));
    manual(benchmark::RegisterBenchmark("train10k/D=256", train_wide<256>));
    manual(benchmark::RegisterBenchmark("predict_batch/1M/D=2", predict_million<2>));
    manual(benchmark::RegisterBenchmark("predict_batch/1M/D=32", predict_million<32>));
    manual(benchmark::RegisterBenchmark("error/1M/D=2", error_million<2>));
    manual(benchmark::RegisterBenchmark("error/1M/D=32", error_million<32>));
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        return 1;
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
