// SPDX-License-Identifier: MIT
// Every throw site of the header: std::invalid_argument, a message naming the function and the
// sizes or values involved, and a neuron left exactly as it was.
#include "catch_compat.hpp"
#include "test_support.hpp"

#include <tinyneuron/neuron.hpp>

#include <cstddef>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>

using tinyneuron::Neuron;
using tinyneuron::TrainOptions;
using tinyneuron_test::contains;
using tinyneuron_test::same_neuron;

/// `expr` throws std::invalid_argument, and its message matches `matcher`. An expression with a
/// comma outside parentheses (Neuron<double, 2>(...)) must be parenthesised.
#define TINYNEURON_CHECK_REFUSED(expr, matcher)                                                                        \
    do {                                                                                                               \
        CHECK_THROWS_AS(expr, std::invalid_argument);                                                                  \
        CHECK_THROWS_WITH(expr, matcher);                                                                              \
    } while (false)

namespace {

const double not_a_number = std::numeric_limits<double>::quiet_NaN();
const double inf = std::numeric_limits<double>::infinity();

Neuron<double> tutorial_neuron() { return Neuron<double>(Eigen::Vector2d(1.45, -0.66), 0.25); }

/// Training options of a few steps, for calls that must be refused before the first.
TrainOptions<double> few_iterations() {
    return tinyneuron_test::train_options<double>().iterations(20).record_every(5);
}

/// A neuron, the 8 points and an engine for refused training calls, and the check that the
/// neuron and the engine are as they were.
struct Refusals {
    Neuron<double> neuron = tutorial_neuron();
    const Neuron<double> before = neuron;
    const Eigen::MatrixXd x = tinyneuron_test::tutorial_samples<double>();
    const Eigen::VectorXd t = tinyneuron_test::tutorial_targets<double>();
    std::mt19937_64 rng{9};
    const std::mt19937_64 rng_before = rng;

    void check_unchanged() const {
        CHECK(same_neuron(neuron, before));
        CHECK(rng == rng_before);
    }
};

} // namespace

TEST_CASE("the constructor refuses empty weights and non-finite values", "[bad]") {
    TINYNEURON_CHECK_REFUSED(Neuron<double>(Eigen::VectorXd(0), 0.0),
                             contains("tinyneuron::Neuron::Neuron: weights have 0 values, "
                                      "expected at least 1"));
    TINYNEURON_CHECK_REFUSED(Neuron<double>(Eigen::Vector3d(1.0, not_a_number, 2.0), 0.0),
                             contains("tinyneuron::Neuron::Neuron: weights[1] is nan, expected "
                                      "a finite value"));
    TINYNEURON_CHECK_REFUSED((Neuron<double, 2>(Eigen::Vector2d(1.0, -inf), 0.0)), contains("weights[1] is -inf"));
    TINYNEURON_CHECK_REFUSED((Neuron<double, 2>(Eigen::Vector2d(1.0, 2.0), inf)),
                             contains("tinyneuron::Neuron::Neuron: bias is inf, expected a "
                                      "finite value"));
    TINYNEURON_CHECK_REFUSED(Neuron<double>(Eigen::Vector2d(1.0, 2.0), not_a_number), contains("bias is nan"));
    TINYNEURON_CHECK_REFUSED(Neuron<float>(Eigen::VectorXf::Constant(4, std::numeric_limits<float>::infinity()), 0.0f),
                             contains("weights[0] is inf"));
    TINYNEURON_CHECK_REFUSED(
        (Neuron<long double, 1>(Eigen::Matrix<long double, 1, 1>(1.0L), std::numeric_limits<long double>::quiet_NaN())),
        contains("bias is nan"));
}

TEST_CASE("random refuses fewer than one input and a size other than the fixed one", "[bad]") {
    std::mt19937_64 rng(1);
    const std::mt19937_64 before = rng;
    TINYNEURON_CHECK_REFUSED(Neuron<double>::random(0, rng),
                             contains("tinyneuron::Neuron::random: inputs is 0, expected at "
                                      "least 1"));
    TINYNEURON_CHECK_REFUSED(Neuron<double>::random(-3, rng), contains("inputs is -3"));
    TINYNEURON_CHECK_REFUSED((Neuron<double, 2>::random(3, rng)),
                             contains("tinyneuron::Neuron::random: inputs is 3, expected 2 for "
                                      "this fixed-size Neuron"));
    TINYNEURON_CHECK_REFUSED((Neuron<double, 2>::random(0, rng)), contains("inputs is 0"));
    CHECK(rng == before);
}

TEST_CASE("predict refuses a wrong size and non-finite inputs", "[bad][predict]") {
    // A const neuron: the refused calls cannot change it, so no before/after comparison.
    const auto neuron = tutorial_neuron();
    // A fixed-size sample of the wrong size does not compile; run-time-sized data is checked at
    // run time.
    TINYNEURON_CHECK_REFUSED(neuron.predict(Eigen::VectorXd(Eigen::Vector3d(1.0, 2.0, 3.0))),
                             contains("tinyneuron::Neuron::predict: input has 3 values, expected 2"));
    TINYNEURON_CHECK_REFUSED(neuron.predict(Eigen::VectorXd(1)), contains("input has 1 values, expected 2"));
    TINYNEURON_CHECK_REFUSED(neuron.predict(Eigen::VectorXd(0)), contains("input has 0 values, expected 2"));
    TINYNEURON_CHECK_REFUSED(neuron.predict(Eigen::Vector2d(1.0, not_a_number)),
                             contains("tinyneuron::Neuron::predict: input[1] is nan, expected a "
                                      "finite value"));
    TINYNEURON_CHECK_REFUSED(neuron.predict(Eigen::RowVector2d(-inf, 1.0).transpose()), contains("input[0] is -inf"));
    const Neuron<double> dynamic(Eigen::VectorXd::Ones(4), 0.0);
    TINYNEURON_CHECK_REFUSED(dynamic.predict(Eigen::Vector2d(1.0, 2.0)), contains("input has 2 values, expected 4"));
}

TEST_CASE("predict_batch refuses wrong columns, no rows and non-finite samples", "[bad][predict]") {
    // A const neuron: the refused calls cannot change it, so no before/after comparison.
    const auto neuron = tutorial_neuron();
    TINYNEURON_CHECK_REFUSED(neuron.predict_batch(Eigen::MatrixXd::Ones(4, 3)),
                             contains("tinyneuron::Neuron::predict_batch: samples have 3 columns, "
                                      "expected 2"));
    TINYNEURON_CHECK_REFUSED(neuron.predict_batch(Eigen::MatrixXd(0, 2)),
                             contains("tinyneuron::Neuron::predict_batch: samples have 0 rows, "
                                      "expected at least 1"));
    Eigen::MatrixXd x = Eigen::MatrixXd::Ones(4, 2);
    x(2, 1) = not_a_number;
    TINYNEURON_CHECK_REFUSED(neuron.predict_batch(x), contains("tinyneuron::Neuron::predict_batch: samples at row 2, "
                                                               "column 1 is nan, expected a finite value"));
    x(2, 1) = 1.0;
    x(3, 0) = inf;
    TINYNEURON_CHECK_REFUSED(neuron.predict_batch(x), contains("samples at row 3, column 0 is inf"));
    // inf · 0 is NaN, not inf: the sample is still found when its weight is 0.
    const Neuron<double, 2> zero_weight(Eigen::Vector2d(0.0, 1.0), 0.0);
    TINYNEURON_CHECK_REFUSED(zero_weight.predict_batch(x), contains("row 3, column 0 is inf"));
}

TEST_CASE("gradients refuse a wrong size, non-finite inputs and targets outside [0, 1]", "[bad][gradients]") {
    // A const neuron: the refused calls cannot change it, so no before/after comparison.
    const auto neuron = tutorial_neuron();
    const Eigen::Vector2d x(2.0, 1.5);
    TINYNEURON_CHECK_REFUSED(neuron.gradients(Eigen::VectorXd::Ones(5), 0.0),
                             contains("tinyneuron::Neuron::gradients: input has 5 values, "
                                      "expected 2"));
    TINYNEURON_CHECK_REFUSED(neuron.gradients(Eigen::Vector2d(not_a_number, 1.0), 0.0),
                             contains("tinyneuron::Neuron::gradients: input[0] is nan"));
    TINYNEURON_CHECK_REFUSED(neuron.gradients(x, 1.5),
                             contains("tinyneuron::Neuron::gradients: target is 1.5, expected a "
                                      "value in [0, 1]"));
    TINYNEURON_CHECK_REFUSED(neuron.gradients(x, -0.25), contains("target is -0.25"));
    TINYNEURON_CHECK_REFUSED(neuron.gradients(x, not_a_number), contains("target is nan"));
    TINYNEURON_CHECK_REFUSED(neuron.gradients(x, inf), contains("target is inf"));
    // The ends of [0, 1] are valid.
    CHECK_NOTHROW(neuron.gradients(x, 0.0));
    CHECK_NOTHROW(neuron.gradients(x, 1.0));
}

TEST_CASE("update refuses bad gradients and learning rates and changes nothing", "[bad][update]") {
    Neuron<double> neuron(Eigen::Vector2d(1.45, -0.66), 0.25);
    const auto before = neuron;
    using G = Neuron<double>::Gradients;
    const G good{Eigen::Vector2d(0.5, -0.5), 0.125};
    TINYNEURON_CHECK_REFUSED(neuron.update(G{Eigen::Vector3d(1.0, 2.0, 3.0), 0.0}, 0.1),
                             contains("tinyneuron::Neuron::update: gradients have 3 weights, "
                                      "expected 2"));
    TINYNEURON_CHECK_REFUSED(neuron.update(G{Eigen::VectorXd(0), 0.0}, 0.1),
                             contains("gradients have 0 weights, expected 2"));
    TINYNEURON_CHECK_REFUSED(neuron.update(G{Eigen::Vector2d(0.0, not_a_number), 0.0}, 0.1),
                             contains("tinyneuron::Neuron::update: gradient weights[1] is nan"));
    TINYNEURON_CHECK_REFUSED(neuron.update(G{Eigen::Vector2d(0.0, 0.0), -inf}, 0.1),
                             contains("tinyneuron::Neuron::update: gradient bias is -inf, "
                                      "expected a finite value"));
    TINYNEURON_CHECK_REFUSED(neuron.update(good, 0.0),
                             contains("tinyneuron::Neuron::update: learning rate is 0, expected a "
                                      "finite value > 0"));
    TINYNEURON_CHECK_REFUSED(neuron.update(good, -0.01), contains("learning rate is -0.01,"));
    TINYNEURON_CHECK_REFUSED(neuron.update(good, not_a_number), contains("learning rate is nan,"));
    TINYNEURON_CHECK_REFUSED(neuron.update(good, inf), contains("learning rate is inf,"));
    // A value that needs all 17 digits is written with them, so the message is exact.
    TINYNEURON_CHECK_REFUSED(neuron.update(good, -1.0 / 3.0), contains("learning rate is -0.33333333333333331,"));
    CHECK(same_neuron(neuron, before));

    // A finite step that overflows: 1e308 − 10·(−1e308) = inf.
    Neuron<double, 2> big(Eigen::Vector2d(1e308, 1.0), 0.0);
    const auto big_before = big;
    TINYNEURON_CHECK_REFUSED(big.update(Neuron<double, 2>::Gradients{Eigen::Vector2d(-1e308, 0.0), 0.0}, 10.0),
                             contains("tinyneuron::Neuron::update: the step with learning rate 10 makes the "
                                      "parameters non-finite"));
    // The bias alone can overflow too.
    TINYNEURON_CHECK_REFUSED(big.update(Neuron<double, 2>::Gradients{Eigen::Vector2d(0.0, 0.0), -1e300}, 1e300),
                             contains("learning rate 1e+300 makes the parameters non-finite"));
    CHECK(same_neuron(big, big_before));
}

TEST_CASE("error refuses mismatched, empty and non-finite data and targets outside [0, 1]", "[bad][error]") {
    // A const neuron: the refused calls cannot change it, so no before/after comparison.
    const auto neuron = tutorial_neuron();
    const auto x = tinyneuron_test::tutorial_samples<double>();
    const auto t = tinyneuron_test::tutorial_targets<double>();
    TINYNEURON_CHECK_REFUSED(neuron.error(x, Eigen::VectorXd::Zero(7)),
                             contains("tinyneuron::Neuron::error: targets have 7 values, expected "
                                      "8 (one per row of samples)"));
    TINYNEURON_CHECK_REFUSED(neuron.error(x.topRows(5), t), contains("targets have 8 values, expected 5"));
    TINYNEURON_CHECK_REFUSED(neuron.error(Eigen::MatrixXd(0, 2), Eigen::VectorXd(0)),
                             contains("tinyneuron::Neuron::error: samples have 0 rows, expected "
                                      "at least 1"));
    TINYNEURON_CHECK_REFUSED(neuron.error(Eigen::MatrixXd::Ones(8, 3), t),
                             contains("tinyneuron::Neuron::error: samples have 3 columns, "
                                      "expected 2"));
    Eigen::MatrixXd bad_x = x;
    bad_x(4, 1) = -inf;
    TINYNEURON_CHECK_REFUSED(neuron.error(bad_x, t),
                             contains("tinyneuron::Neuron::error: samples at row 4, column 1 is "
                                      "-inf"));
    Eigen::VectorXd bad_t = t;
    bad_t(2) = inf;
    TINYNEURON_CHECK_REFUSED(neuron.error(x, bad_t),
                             contains("tinyneuron::Neuron::error: targets[2] is inf, expected a "
                                      "value in [0, 1]"));
    bad_t(2) = 1.0000001;
    TINYNEURON_CHECK_REFUSED(neuron.error(x, bad_t), contains("targets[2] is 1.0000001,"));
    bad_t(2) = not_a_number;
    TINYNEURON_CHECK_REFUSED(neuron.error(x, bad_t), contains("targets[2] is nan"));
    bad_t(2) = -0.5;
    TINYNEURON_CHECK_REFUSED(neuron.error(x, bad_t), contains("targets[2] is -0.5"));
}

TEST_CASE("train refuses bad data and options, leaving the neuron and the engine as they were", "[bad][train]") {
    auto neuron = tutorial_neuron();
    const auto before = neuron;
    const auto x = tinyneuron_test::tutorial_samples<double>();
    const auto t = tinyneuron_test::tutorial_targets<double>();
    std::mt19937_64 rng(9);
    const std::mt19937_64 rng_before = rng;
    const auto o = few_iterations();

    TINYNEURON_CHECK_REFUSED(neuron.train(x, Eigen::VectorXd::Zero(9), o, rng),
                             contains("tinyneuron::Neuron::train: targets have 9 values, expected "
                                      "8 (one per row of samples)"));
    TINYNEURON_CHECK_REFUSED(neuron.train(Eigen::MatrixXd(0, 2), Eigen::VectorXd(0), o, rng),
                             contains("tinyneuron::Neuron::train: samples have 0 rows, expected "
                                      "at least 1"));
    // Fixed-size neuron, run-time-sized data of the wrong width.
    TINYNEURON_CHECK_REFUSED(neuron.train(Eigen::MatrixXd::Ones(8, 3), t, o, rng),
                             contains("tinyneuron::Neuron::train: samples have 3 columns, "
                                      "expected 2 (one per input, one sample per row)"));
    TINYNEURON_CHECK_REFUSED(neuron.train(Eigen::MatrixXd::Ones(8, 1), t, o, rng),
                             contains("samples have 1 columns, expected 2"));
    Eigen::MatrixXd bad_x = x;
    bad_x(3, 0) = not_a_number;
    TINYNEURON_CHECK_REFUSED(neuron.train(bad_x, t, o, rng),
                             contains("tinyneuron::Neuron::train: samples at row 3, column 0 is "
                                      "nan, expected a finite value"));
    Eigen::VectorXd bad_t = t;
    bad_t(7) = -inf;
    TINYNEURON_CHECK_REFUSED(neuron.train(x, bad_t, o, rng),
                             contains("tinyneuron::Neuron::train: targets[7] is -inf, expected a "
                                      "value in [0, 1]"));
    bad_t(7) = 2.0;
    TINYNEURON_CHECK_REFUSED(neuron.train(x, bad_t, o, rng), contains("targets[7] is 2,"));

    for (double rate : {0.0, -0.01, not_a_number, inf, -inf}) {
        auto bad = o;
        bad.learning_rate = rate;
        INFO("learning rate " << rate);
        TINYNEURON_CHECK_REFUSED(neuron.train(x, t, bad, rng),
                                 contains("tinyneuron::Neuron::train: learning rate is ") &&
                                     contains(", expected a finite value > 0"));
    }
    auto every0 = o;
    every0.record_every = 0;
    TINYNEURON_CHECK_REFUSED(neuron.train(x, t, every0, rng),
                             contains("tinyneuron::Neuron::train: record_every is 0, expected at "
                                      "least 1"));
    CHECK(same_neuron(neuron, before));
    CHECK(rng == rng_before);

    // A dynamic neuron and float data: the same checks, the same messages.
    Neuron<float> f(Eigen::VectorXf::Ones(3), 0.0f);
    const auto f_before = f;
    TrainOptions<float> fo;
    TINYNEURON_CHECK_REFUSED(f.train(Eigen::MatrixXf::Ones(4, 2), Eigen::VectorXf::Zero(4), fo, rng),
                             contains("samples have 2 columns, expected 3"));
    fo.learning_rate = -0.5f;
    TINYNEURON_CHECK_REFUSED(f.train(Eigen::MatrixXf::Ones(4, 3), Eigen::VectorXf::Zero(4), fo, rng),
                             contains("learning rate is -0.5,"));
    CHECK(same_neuron(f, f_before));
}

TEST_CASE("uniform_index refuses n = 0", "[bad][random]") {
    std::mt19937_64 rng(1);
    const std::mt19937_64 before = rng;
    TINYNEURON_CHECK_REFUSED(tinyneuron::uniform_index(rng, 0),
                             contains("tinyneuron::uniform_index: n is 0, expected at least 1"));
    CHECK(rng == before);
}

TEST_CASE("a loss outside the enum is refused by every call that takes one", "[bad][losses]") {
    Refusals f;
    auto &neuron = f.neuron;
    const auto &x = f.x;
    const auto &t = f.t;
    auto &rng = f.rng;
    const auto seven = static_cast<tinyneuron::Loss>(7);
    const std::string expected = ": loss is 7, expected Loss::squared_error or Loss::cross_entropy";
    TINYNEURON_CHECK_REFUSED(neuron.gradients(x.row(0).transpose(), 0.0, seven),
                             contains("tinyneuron::Neuron::gradients" + expected));
    TINYNEURON_CHECK_REFUSED(neuron.batch_gradients(x, t, seven),
                             contains("tinyneuron::Neuron::batch_gradients" + expected));
    TINYNEURON_CHECK_REFUSED(neuron.error(x, t, seven), contains("tinyneuron::Neuron::error" + expected));
    TINYNEURON_CHECK_REFUSED(neuron.error(x, t, static_cast<tinyneuron::Loss>(-1)),
                             contains("tinyneuron::Neuron::error: loss is -1, expected"));
    auto o = few_iterations();
    o.loss = seven;
    TINYNEURON_CHECK_REFUSED(neuron.train(x, t, o, rng), contains("tinyneuron::Neuron::train" + expected));
    o.batch_size = 0;
    TINYNEURON_CHECK_REFUSED(neuron.train(x, t, o, rng), contains("loss is 7"));
    f.check_unchanged();
}

TEST_CASE("train refuses an l2 that is negative or not finite", "[bad][train][l2]") {
    Refusals f;
    auto &neuron = f.neuron;
    const auto &x = f.x;
    const auto &t = f.t;
    auto &rng = f.rng;
    const struct {
        double l2;
        const char *text;
    } bad[] = {{-1.0, "-1"}, {-1e-300, "-1e-300"}, {not_a_number, "nan"}, {inf, "inf"}, {-inf, "-inf"}};
    for (const auto &b : bad) {
        for (std::size_t batch : {std::size_t{1}, std::size_t{0}, std::size_t{4}}) {
            auto o = few_iterations();
            o.l2 = b.l2;
            o.batch_size = batch;
            INFO("l2 " << b.text << ", batch_size " << batch);
            TINYNEURON_CHECK_REFUSED(
                neuron.train(x, t, o, rng),
                contains(std::string("tinyneuron::Neuron::train: l2 is ") + b.text + ", expected a finite value >= 0"));
        }
    }
    f.check_unchanged();
    // The same message in float, for a dynamic neuron.
    Neuron<float> g(Eigen::VectorXf::Ones(2), 0.0f);
    const auto g_before = g;
    TrainOptions<float> fo;
    fo.l2 = -0.25f;
    TINYNEURON_CHECK_REFUSED(g.train(x.cast<float>(), t.cast<float>(), fo, rng),
                             contains("tinyneuron::Neuron::train: l2 is -0.25, expected a finite "
                                      "value >= 0"));
    CHECK(same_neuron(g, g_before));
    // 0 (either sign) is the default and valid.
    auto o = few_iterations();
    o.l2 = -0.0;
    CHECK_NOTHROW(neuron.train(x, t, o, rng));
}

TEST_CASE("batch_gradients and accuracy refuse bad data, naming themselves", "[bad][batch_gradients][accuracy]") {
    // A const neuron: the refused calls cannot change it, so no before/after comparison.
    const auto neuron = tutorial_neuron();
    const auto x = tinyneuron_test::tutorial_samples<double>();
    const auto t = tinyneuron_test::tutorial_targets<double>();
    Eigen::MatrixXd bad_x = x;
    bad_x(5, 0) = not_a_number;
    Eigen::VectorXd bad_t = t;
    bad_t(6) = 1.5;
    const auto check = [&](const std::string &where, const auto &call) {
        INFO(where);
        TINYNEURON_CHECK_REFUSED(call(x, Eigen::VectorXd::Zero(7)),
                                 contains("tinyneuron::Neuron::" + where +
                                          ": targets have 7 values, expected 8 (one per row of "
                                          "samples)"));
        TINYNEURON_CHECK_REFUSED(
            call(Eigen::MatrixXd(0, 2), Eigen::VectorXd(0)),
            contains("tinyneuron::Neuron::" + where + ": samples have 0 rows, expected at least 1"));
        TINYNEURON_CHECK_REFUSED(call(Eigen::MatrixXd::Ones(8, 3), t),
                                 contains("tinyneuron::Neuron::" + where + ": samples have 3 columns, expected 2"));
        TINYNEURON_CHECK_REFUSED(call(bad_x, t), contains("tinyneuron::Neuron::" + where +
                                                          ": samples at row 5, column 0 is nan, "
                                                          "expected a finite value"));
        TINYNEURON_CHECK_REFUSED(call(x, bad_t), contains("tinyneuron::Neuron::" + where +
                                                          ": targets[6] is 1.5, expected a value "
                                                          "in [0, 1]"));
    };
    check("batch_gradients", [&](const auto &xs, const auto &ts) {
        return neuron.batch_gradients(xs, ts, tinyneuron::Loss::cross_entropy);
    });
    check("accuracy", [&](const auto &xs, const auto &ts) { return neuron.accuracy(xs, ts); });
}

TEST_CASE("an exception from on_record reaches the caller and the neuron keeps its parameters",
          "[bad][train][callback]") {
    struct Stop {
        std::size_t iteration;
    };
    auto neuron = tutorial_neuron();
    const auto before = neuron;
    const auto x = tinyneuron_test::tutorial_samples<double>();
    const auto t = tinyneuron_test::tutorial_targets<double>();
    for (std::size_t batch : {std::size_t{1}, std::size_t{0}}) {
        INFO("batch_size " << batch);
        auto o = few_iterations();
        o.batch_size = batch;
        std::mt19937_64 rng(9);
        std::size_t calls = 0;
        try {
            neuron.train(x, t, o, rng, [&](std::size_t iteration, double) {
                if (++calls == 2) {
                    throw Stop{iteration};
                }
            });
            FAIL("train did not pass the callback's exception on");
        } catch (const Stop &stop) {
            CHECK(stop.iteration == 5);
        }
        CHECK(calls == 2);
        CHECK(same_neuron(neuron, before));
        // A callback's std::invalid_argument arrives as it was thrown, with its own message.
        CHECK_THROWS_WITH(
            neuron.train(x, t, o, rng, [](std::size_t, double) -> bool { throw std::invalid_argument("stop here"); }),
            "stop here");
        CHECK(same_neuron(neuron, before));
    }
}
