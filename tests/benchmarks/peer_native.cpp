// SPDX-License-Identifier: MIT
// The 8-point problem for peers.sh: tinyneuron (Neuron<double, 2>) and the hand-written baseline
// train from the same start with the same seed, `iterations` iterations with the error every
// 100, in turn, `repetitions` times; prints the minimum ns per iteration of each as
//     RESULT <name> <ns per iteration>
// after checking that both end with the same weights, bias and history, bit for bit.
// Usage: peer_native [iterations = 1000000] [repetitions = 5]
#include "baseline.hpp"

#include <tinyneuron/neuron.hpp>

#include <algorithm> // std::min
#include <chrono>    // std::chrono::steady_clock
#include <cstdio>    // std::printf
#include <cstdlib>   // std::strtoull
#include <cstring>   // std::memcmp
#include <limits>    // std::numeric_limits
#include <random>    // std::mt19937_64
#include <vector>    // std::vector

using tinyneuron_bench::timed_ns;

int main(int argc, char **argv) {
    using Neuron = tinyneuron::Neuron<double, 2>;
    using Samples = Eigen::Matrix<double, Eigen::Dynamic, 2, Eigen::RowMajor>;
    const std::size_t iterations = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
    const std::size_t repetitions = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 5;
    if (iterations == 0 || repetitions == 0) {
        std::fprintf(stderr, "usage: peer_native [iterations >= 1] [repetitions >= 1]\n");
        return 2;
    }

    const tinyneuron_bench::Data<double> d = tinyneuron_bench::eight<double>();
    const Eigen::Map<const Samples> x(d.x.data(), 8, 2);
    const Eigen::Map<const Eigen::VectorXd> t(d.t.data(), 8);
    std::mt19937_64 init(42);
    const Neuron start = Neuron::random(2, init);
    tinyneuron::TrainOptions<double> options;
    options.learning_rate = 0.01;
    options.iterations = iterations;
    options.record_every = 100;

    double best_library = std::numeric_limits<double>::infinity();
    double best_baseline = best_library;
    std::vector<double> library_history;
    std::vector<double> baseline_history;
    std::vector<double> library_parameters;
    std::vector<double> baseline_parameters;
    const auto run_library = [&] {
        Neuron neuron = start;
        std::mt19937_64 rng(7);
        best_library = std::min(best_library, timed_ns([&] { library_history = neuron.train(x, t, options, rng); }));
        library_parameters = {neuron.weights()(0), neuron.weights()(1), neuron.bias()};
    };
    const auto run_baseline = [&] {
        std::vector<double> w{start.weights()(0), start.weights()(1)};
        double b = start.bias();
        std::mt19937_64 rng(7);
        best_baseline = std::min(best_baseline, timed_ns([&] {
                                     baseline_history = tinyneuron_bench::train_loop<2>(
                                         d, w, b, options.learning_rate, iterations, options.record_every, rng);
                                 }));
        baseline_parameters = {w[0], w[1], b};
    };
    for (std::size_t r = 0; r < repetitions; ++r) { // in turn, who goes first alternating
        if (r % 2 == 0) {
            run_library();
            run_baseline();
        } else {
            run_baseline();
            run_library();
        }
    }
    if (library_history != baseline_history || library_parameters != baseline_parameters) {
        std::fprintf(stderr, "peer_native: the library and the baseline differ\n");
        return 1;
    }
    std::printf("NOTE library and baseline: same weights, bias and %zu errors, bit for bit "
                "(w = %a %a, b = %a)\n",
                library_history.size(), library_parameters[0], library_parameters[1], library_parameters[2]);
    const auto per_iteration = [&](double ns) { return ns / static_cast<double>(iterations); };
    std::printf("RESULT baseline %.3f\n", per_iteration(best_baseline));
    std::printf("RESULT tinyneuron %.3f\n", per_iteration(best_library));
    return 0;
}
