// SPDX-License-Identifier: MIT
// Neuron::train: history cadence, learning on the tutorial's 8 points, determinism, equality
// with the hand-written loop and every data layout. Divergence: test_divergence.cpp.
#include "catch_compat.hpp"
#include "test_support.hpp"

#include <tinyneuron/neuron.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

using Catch::Matchers::WithinRel;
using tinyneuron::Neuron;
using tinyneuron::TrainOptions;
using tinyneuron_test::contains;
using tinyneuron_test::same_bits;
using tinyneuron_test::same_neuron;
using tinyneuron_test::tutorial_samples;
using tinyneuron_test::tutorial_targets;

namespace {

template <class T> TrainOptions<T> options(std::size_t iterations, std::size_t record_every) {
    TrainOptions<T> o;
    o.iterations = iterations;
    o.record_every = record_every;
    return o;
}

/// The tutorial's loop written out with the public pieces: draw a row, take its gradients,
/// update, and record the error after updates 0, k, 2k, ...
template <class T, int N, class DS, class DT, class Rng>
std::vector<T> manual_train(Neuron<T, N> &neuron, const DS &x, const DT &t, const TrainOptions<T> &o, Rng &rng) {
    std::vector<T> history;
    for (std::size_t iteration = 0; iteration < o.iterations; ++iteration) {
        const auto i = static_cast<Eigen::Index>(tinyneuron::uniform_index(rng, static_cast<std::size_t>(x.rows())));
        neuron.update(neuron.gradients(x.row(i).transpose(), t(i)), o.learning_rate);
        if (iteration % o.record_every == 0) {
            history.push_back(neuron.error(x, t));
        }
    }
    return history;
}

} // namespace

TEST_CASE("train records the error after updates 0, k, 2k, ...", "[train][history]") {
    const auto x = tutorial_samples<double>();
    const auto t = tutorial_targets<double>();
    struct Cadence {
        std::size_t iterations;
        std::size_t record_every;
        std::size_t length;
    };
    // ceil(iterations / record_every) values: iterations 0, k, 2k, ... below `iterations`.
    const Cadence cadences[] = {{1000, 100, 10}, {1, 100, 1},     {1, 1, 1},       {250, 100, 3},  {200, 100, 2},
                                {201, 100, 3},   {1000, 1, 1000}, {1000, 1000, 1}, {1000, 999, 2}, {7, 3, 3}};
    for (const Cadence &c : cadences) {
        INFO(c.iterations << " iterations, every " << c.record_every);
        std::mt19937_64 rng(1);
        auto neuron = Neuron<double, 2>::random(2, rng);
        const auto history = neuron.train(x, t, options<double>(c.iterations, c.record_every), rng);
        CHECK(history.size() == c.length);
        for (double e : history) {
            CHECK(e >= 0.0);
        }
    }
}

TEST_CASE("train with 1 iteration records the error after that one update", "[train][history]") {
    const auto x = tutorial_samples<double>();
    const auto t = tutorial_targets<double>();
    std::mt19937_64 rng(3);
    auto neuron = Neuron<double, 2>::random(2, rng);
    auto by_hand = neuron;
    std::mt19937_64 rng_by_hand = rng;
    const auto history = neuron.train(x, t, options<double>(1, 100), rng);
    REQUIRE(history.size() == 1);
    const auto i = static_cast<Eigen::Index>(tinyneuron::uniform_index(rng_by_hand, 8));
    by_hand.update(by_hand.gradients(x.row(i).transpose(), t(i)), 0.01);
    CHECK(same_neuron(neuron, by_hand));
    CHECK(same_bits(history[0], by_hand.error(x, t)));
    CHECK(rng == rng_by_hand);
}

TEST_CASE("train with 0 iterations changes nothing and draws nothing", "[train][history]") {
    const auto x = tutorial_samples<double>();
    const auto t = tutorial_targets<double>();
    std::mt19937_64 rng(4);
    auto neuron = Neuron<double, 2>::random(2, rng);
    const auto before = neuron;
    const std::mt19937_64 rng_before = rng;
    const auto history = neuron.train(x, t, options<double>(0, 100), rng);
    CHECK(history.empty());
    CHECK(same_neuron(neuron, before));
    CHECK(rng == rng_before);
}

TEST_CASE("training lowers the error on the tutorial's 8 points", "[train]") {
    const auto x = tutorial_samples<double>();
    const auto t = tutorial_targets<double>();
    std::mt19937_64 rng(42);
    auto neuron = Neuron<double, 2>::random(2, rng);
    const double start = neuron.error(x, t);
    const auto history = neuron.train(x, t, TrainOptions<double>{}, rng);
    REQUIRE(history.size() == 10);
    CHECK(history.back() < history.front());
    CHECK(history.back() < start);
    // The last record is after update 900 of 0..999, so it is not the final error; that one is
    // lower still on this run.
    CHECK(neuron.error(x, t) < start);
    // Longer, the error settles near 1.9, below the constant σ = 0.5 predictor's exactly 2.0
    // (the points are not linearly separable, so it cannot reach 0).
    const auto long_run = neuron.train(x, t, options<double>(200000, 20000), rng);
    REQUIRE(long_run.size() == 10);
    CHECK(long_run.back() < 2.0);
    CHECK(long_run.back() > 1.5);
}

TEST_CASE("the same seed gives the same history and weights, another seed does not", "[train][determinism]") {
    const auto x = tutorial_samples<double>();
    const auto t = tutorial_targets<double>();
    const auto run = [&](std::uint64_t seed, Neuron<double, 2> &out) {
        std::mt19937_64 rng(seed);
        out = Neuron<double, 2>::random(2, rng);
        return out.train(x, t, TrainOptions<double>{}, rng);
    };
    Neuron<double, 2> a(Eigen::Vector2d::Ones(), 0.0);
    Neuron<double, 2> b = a;
    Neuron<double, 2> c = a;
    const auto ha = run(2026, a);
    const auto hb = run(2026, b);
    const auto hc = run(2027, c);
    CHECK(same_bits(ha, hb));
    CHECK(same_neuron(a, b));
    CHECK_FALSE(same_bits(ha, hc));
    CHECK_FALSE(same_bits(a.weights(), c.weights()));
    CHECK_FALSE(same_bits(a.bias(), c.bias()));
    // And with the neuron's start held fixed, only the order of the samples differs.
    Neuron<double, 2> d(Eigen::Vector2d(0.5, -0.5), 0.1);
    Neuron<double, 2> e = d;
    std::mt19937_64 rd(1);
    std::mt19937_64 re(2);
    CHECK_FALSE(same_bits(d.train(x, t, TrainOptions<double>{}, rd), e.train(x, t, TrainOptions<double>{}, re)));
}

TEMPLATE_TEST_CASE("train equals the loop of uniform_index, gradients and update bit for bit", "[train][determinism]",
                   float, double, long double) {
    using T = TestType;
    const auto x = tutorial_samples<T>();
    const auto t = tutorial_targets<T>();
    for (std::size_t every : {std::size_t{1}, std::size_t{7}, std::size_t{100}}) {
        INFO("record_every " << every);
        std::mt19937_64 rng(11);
        auto trained = Neuron<T, 2>::random(2, rng);
        auto looped = trained;
        std::mt19937_64 rng_loop = rng;
        auto o = options<T>(500, every);
        o.learning_rate = T(0.05);
        const auto history = trained.train(x, t, o, rng);
        const auto expected = manual_train(looped, x, t, o, rng_loop);
        CHECK(same_bits(history, expected));
        CHECK(same_neuron(trained, looped));
        CHECK(rng == rng_loop);

        // The same for a dynamic-size neuron on dynamic data.
        const Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> xd = x;
        const Eigen::Matrix<T, Eigen::Dynamic, 1> td = t;
        std::mt19937_64 rng_d(12);
        auto trained_d = Neuron<T>::random(2, rng_d);
        auto looped_d = trained_d;
        std::mt19937_64 rng_d_loop = rng_d;
        CHECK(same_bits(trained_d.train(xd, td, o, rng_d), manual_train(looped_d, xd, td, o, rng_d_loop)));
        CHECK(same_neuron(trained_d, looped_d));
    }
}

TEST_CASE("train gives one history for every layout of the same data", "[train][layout]") {
    using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    using ColMajor = Eigen::MatrixXd;
    const auto fixed_x = tutorial_samples<double>();
    const auto fixed_t = tutorial_targets<double>();
    const RowMajor row_major = fixed_x;
    const ColMajor col_major = fixed_x;
    // The points inside a larger matrix, read through a block.
    ColMajor big = ColMajor::Constant(11, 5, 7.0);
    big.block(2, 1, 8, 2) = fixed_x;
    // A raw row-major array, read in place.
    const double raw[16] = {3, 1.5, 2, 1, 4, 1.5, 3, 4, 3.5, 0.5, 2, 0.5, 5.5, 1, 1, 1};
    const Eigen::Map<const RowMajor> mapped(raw, 8, 2);
    const double raw_t[8] = {0, 1, 0, 1, 0, 1, 1, 0};
    const Eigen::Map<const Eigen::VectorXd> mapped_t(raw_t, 8);
    const Eigen::RowVectorXd row_t = fixed_t.transpose();

    const auto run = [](const auto &x, const auto &t) {
        std::mt19937_64 rng(8);
        auto neuron = Neuron<double, 2>::random(2, rng);
        auto o = options<double>(300, 10);
        o.learning_rate = 0.1;
        auto history = neuron.train(x, t, o, rng);
        history.push_back(neuron.weights()(0));
        history.push_back(neuron.weights()(1));
        history.push_back(neuron.bias());
        return history;
    };
    const auto reference = run(fixed_x, fixed_t);
    REQUIRE(reference.size() == 33);
    CHECK(same_bits(run(row_major, fixed_t), reference));
    CHECK(same_bits(run(col_major, fixed_t), reference));
    CHECK(same_bits(run(big.block(2, 1, 8, 2), fixed_t), reference));
    CHECK(same_bits(run(mapped, mapped_t), reference));
    CHECK(same_bits(run(fixed_x * 1.0, fixed_t), reference));
    CHECK(same_bits(run(row_major * 1.0, row_t), reference));
    CHECK(same_bits(run(col_major, row_t), reference));
    CHECK(same_bits(run(fixed_x, row_t), reference));
    CHECK(same_bits(run(col_major, fixed_t.array().matrix()), reference));
    // A dynamic-size neuron takes the same steps.
    std::mt19937_64 rng(8);
    auto dynamic = Neuron<double>::random(2, rng);
    auto o = options<double>(300, 10);
    o.learning_rate = 0.1;
    auto history = dynamic.train(col_major, fixed_t, o, rng);
    history.push_back(dynamic.weights()(0));
    history.push_back(dynamic.weights()(1));
    history.push_back(dynamic.bias());
    CHECK(same_bits(history, reference));
}

TEMPLATE_TEST_CASE("train_without_history gives its callback train's records, bit for bit", "[train][no_history]",
                   float, double, long double) {
    using T = TestType;
    const auto x = tutorial_samples<T>();
    const auto t = tutorial_targets<T>();
    for (const auto loss : {tinyneuron::Loss::squared_error, tinyneuron::Loss::cross_entropy}) {
        for (const std::size_t batch : {std::size_t{1}, std::size_t{3}, std::size_t{0}}) {
            INFO("loss " << static_cast<int>(loss) << ", batch_size " << batch);
            auto o = options<T>(450, 50);
            o.loss = loss;
            o.batch_size = batch;
            o.l2 = T(0.01);
            std::mt19937_64 rng(21);
            auto with = Neuron<T, 2>::random(rng);
            auto without = with;
            std::mt19937_64 rng_without = rng;
            std::vector<std::size_t> iterations;
            const std::vector<T> history = with.train(x, t, o, rng);
            std::vector<T> records;
            without.train_without_history(x, t, o, rng_without, [&](std::size_t iteration, T value) {
                iterations.push_back(iteration);
                records.push_back(value);
            });
            CHECK(same_bits(records, history));
            CHECK(iterations == std::vector<std::size_t>{0, 50, 100, 150, 200, 250, 300, 350, 400});
            CHECK(same_neuron(with, without));
            CHECK(rng == rng_without);
        }
    }
    // A callback returning false stops it after that record, as it stops train.
    std::mt19937_64 rng(5);
    auto with = Neuron<T, 2>::random(rng);
    auto without = with;
    std::mt19937_64 rng_without = rng;
    const auto third = [](std::size_t iteration, T) { return iteration < 200; };
    const auto o = options<T>(1000, 100);
    const std::vector<T> history = with.train(x, t, o, rng, third);
    std::size_t records = 0;
    without.train_without_history(x, t, o, rng_without, [&](std::size_t iteration, T value) {
        CHECK(same_bits(value, history[records]));
        ++records;
        return third(iteration, value);
    });
    CHECK(history.size() == 3);
    CHECK(records == 3);
    CHECK(same_neuron(with, without));
}

TEST_CASE("train_without_history refuses what train refuses, under its own name, changing nothing",
          "[train][no_history][bad_input]") {
    const auto x = tutorial_samples<double>();
    const auto t = tutorial_targets<double>();
    std::mt19937_64 rng(3);
    auto neuron = Neuron<double, 2>::random(rng);
    const auto before = neuron;
    auto o = options<double>(10, 1);
    o.learning_rate = -0.5;
    CHECK_THROWS_WITH(neuron.train_without_history(x, t, o, rng),
                      "tinyneuron::Neuron::train_without_history: learning rate is -0.5, expected a finite value > 0");
    Eigen::Matrix<double, 8, 1> bad_t = t;
    bad_t(6) = 1.5;
    CHECK_THROWS_WITH(neuron.train_without_history(x, bad_t, options<double>(10, 1), rng),
                      "tinyneuron::Neuron::train_without_history: targets[6] is 1.5, expected a value in [0, 1]");
    CHECK(same_neuron(neuron, before));

    // Divergence: as in test_divergence.cpp, a rate of 1e300 overflows the weights on the first draw of row 0.
    Eigen::Matrix2d big;
    big << 1e300, -1e300, 1e300, 1e300;
    Neuron<double, 2> unit(Eigen::Vector2d(1.0, 1.0), 0.0);
    auto huge = options<double>(100, 1);
    huge.learning_rate = 1e300;
    try {
        unit.train_without_history(big, Eigen::Vector2d(0.0, 1.0), huge, rng);
        FAIL("train_without_history did not throw");
    } catch (const tinyneuron::DivergenceError &e) {
        CHECK_THAT(std::string(e.what()), contains("tinyneuron::Neuron::train_without_history: diverged at iteration " +
                                                   std::to_string(e.iteration()) + " with learning rate 1e+300"));
    }
    CHECK(same_neuron(unit, Neuron<double, 2>(Eigen::Vector2d(1.0, 1.0), 0.0)));
}
