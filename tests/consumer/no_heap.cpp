// SPDX-License-Identifier: MIT
// Built with -DEIGEN_NO_MALLOC and asserts on: Eigen then aborts at any allocation of its own. A
// fixed-size neuron's predict, gradients and update, and train_without_history on fixed-size data
// (one row, 4 rows and all rows a step; both losses; two columns and three) must never allocate, so
// this program runs to the end and exits 0.
#ifdef NDEBUG
#error "no_heap.cpp checks with Eigen's asserts on: compile it without NDEBUG"
#endif
#ifndef EIGEN_NO_MALLOC
#error "no_heap.cpp checks with EIGEN_NO_MALLOC: compile it with -DEIGEN_NO_MALLOC"
#endif
#include "../test_support.hpp" // the tutorial's 8 points

#include <tinyneuron/neuron.hpp>

#include <cstdint>
#include <cstdio>

namespace {
/// A small engine of our own, as a firmware would have (xorshift32).
struct Xorshift32 {
    using result_type = std::uint32_t;
    static constexpr result_type min() { return 1; }
    static constexpr result_type max() { return 0xFFFFFFFFu; }
    result_type state = 2463534242u;
    result_type operator()() {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        return state;
    }
};

template <int Inputs, class Samples, class Targets> float train_all_ways(const Samples &x, const Targets &t) {
    Xorshift32 rng;
    tinyneuron::Neuron<float, Inputs> neuron(Eigen::Matrix<float, Inputs, 1>::Constant(0.25f), -0.5f);
    float last = 0.0f;
    for (const auto loss : {tinyneuron::Loss::squared_error, tinyneuron::Loss::cross_entropy}) {
        for (const std::size_t batch : {std::size_t{1}, std::size_t{4}, std::size_t{0}}) {
            tinyneuron::TrainOptions<float> options;
            options.loss = loss;
            options.batch_size = batch;
            options.l2 = 0.001f;
            neuron.train_without_history(x, t, options, rng, [&](std::size_t, float value) { last = value; });
        }
    }
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        const auto g = neuron.gradients(x.row(i).transpose(), t(i), tinyneuron::Loss::cross_entropy);
        neuron.update(g, 0.01f);
        last += neuron.predict(x.row(i).transpose());
    }
    return last;
}
} // namespace

int main() {
    const Eigen::Matrix<float, 8, 2> x = tinyneuron_test::tutorial_samples<float>();
    const Eigen::Matrix<float, 8, 1> t = tinyneuron_test::tutorial_targets<float>();
    Eigen::Matrix<float, 8, 3> x3;
    x3 << x, x.col(0) - x.col(1);
    const float a = train_all_ways<2>(x, t);
    const float b = train_all_ways<3>(x3, t);
    std::printf("trained and predicted without the heap (%.3f, %.3f)\n", static_cast<double>(a),
                static_cast<double>(b));
    return 0;
}
