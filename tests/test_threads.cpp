// SPDX-License-Identifier: MIT
// The const members (predict, predict_batch, gradients, error) change nothing, so several
// threads may call them on one neuron at once: every thread gets exactly the single-threaded
// results. Run under ThreadSanitizer by .ci/hardening, which then also reports any data race.
#include "catch_compat.hpp"
#include "test_support.hpp"

#include <tinyneuron/neuron.hpp>

#include <atomic>
#include <cstddef>
#include <random>
#include <thread>
#include <vector>

using tinyneuron::Neuron;
using tinyneuron_test::same_bits;

namespace {

constexpr int thread_count = 4;
constexpr int rounds = 100;

/// Everything the const members say about the data: one value per call.
template <class T, int N> struct Results {
    std::vector<T> predictions;
    Eigen::Matrix<T, Eigen::Dynamic, 1> batch;
    std::vector<typename Neuron<T, N>::Vector> weight_gradients;
    std::vector<T> bias_gradients;
    T error = T(0);
};

template <class T, int N, class DS, class DT>
Results<T, N> compute(const Neuron<T, N> &neuron, const DS &x, const DT &t) {
    Results<T, N> r;
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        r.predictions.push_back(neuron.predict(x.row(i).transpose()));
        const auto g = neuron.gradients(x.row(i).transpose(), t(i));
        r.weight_gradients.push_back(g.weights);
        r.bias_gradients.push_back(g.bias);
    }
    r.batch = neuron.predict_batch(x);
    r.error = neuron.error(x, t);
    return r;
}

template <class T, int N> bool same_results(const Results<T, N> &a, const Results<T, N> &b) {
    if (!same_bits(a.predictions, b.predictions) || !same_bits(a.batch, b.batch) ||
        !same_bits(a.bias_gradients, b.bias_gradients) || !same_bits(a.error, b.error) ||
        a.weight_gradients.size() != b.weight_gradients.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.weight_gradients.size(); ++i) {
        if (!same_bits(a.weight_gradients[i], b.weight_gradients[i])) {
            return false;
        }
    }
    return true;
}

/// Runs `compute` in `thread_count` threads at once, `rounds` times each, on one const neuron;
/// returns how many results differed from the single-threaded ones. Catch2's assertions are not
/// thread-safe, so the threads only count and the test checks afterwards.
template <class T, int N, class DS, class DT>
int mismatches_under_threads(const Neuron<T, N> &neuron, const DS &x, const DT &t) {
    const Results<T, N> expected = compute(neuron, x, t);
    std::vector<int> mismatches(thread_count, 0);
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    threads.reserve(thread_count);
    for (int k = 0; k < thread_count; ++k) {
        threads.emplace_back([&, k] {
            // Start together, so that the calls really overlap.
            ready.fetch_add(1);
            while (ready.load() < thread_count) {
                std::this_thread::yield();
            }
            for (int round = 0; round < rounds; ++round) {
                if (!same_results(compute(neuron, x, t), expected)) {
                    ++mismatches[static_cast<std::size_t>(k)];
                }
            }
        });
    }
    for (std::thread &thread : threads) {
        thread.join();
    }
    int total = 0;
    for (const int m : mismatches) {
        total += m;
    }
    return total;
}

} // namespace

TEMPLATE_TEST_CASE("const members called from several threads give the single-threaded results", "[threads]",
                   TINYNEURON_TEST_SCALARS) {
    using T = TestType;
    std::mt19937_64 rng(20261128);
    const Eigen::Index inputs = 16;
    const Eigen::Index rows = 200;
    Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> x(rows, inputs);
    Eigen::Matrix<T, Eigen::Dynamic, 1> t(rows);
    for (Eigen::Index r = 0; r < rows; ++r) {
        x.row(r) = tinyneuron_test::uniform_vector<T, Eigen::Dynamic>(rng, inputs, -3, 3);
        t(r) = static_cast<T>(tinyneuron_test::uniform(rng, 0, 1));
    }
    const Neuron<T> neuron = Neuron<T>::random(inputs, rng);
    CHECK(mismatches_under_threads(neuron, x, t) == 0);
}

TEST_CASE("a fixed-size neuron is shared between threads just as safely", "[threads]") {
    const Neuron<double, 2> neuron(Eigen::Vector2d(1.45, -0.66), 0.25);
    const Eigen::Matrix<double, 8, 2> x = tinyneuron_test::tutorial_samples<double>();
    const Eigen::Matrix<double, 8, 1> t = tinyneuron_test::tutorial_targets<double>();
    CHECK(mismatches_under_threads(neuron, x, t) == 0);
}
