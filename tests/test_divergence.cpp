// SPDX-License-Identifier: MIT
// Divergence is an error, not a silent NaN: for finite data, finite parameters and a finite
// learning rate, train either returns a finite neuron and a finite history, or throws
// DivergenceError naming the iteration and the learning rate and leaves the neuron as it was.
// Swept over extreme magnitudes (up to the largest powers of ten, down to denormals), mixed
// signs and huge and tiny learning rates, with seeded engines; and two cases worked by hand, where
// the weights (for train and train_without_history) and then the error stop being finite at a
// known iteration.
#include "catch_compat.hpp"
#include "test_support.hpp"

#include <tinyneuron/neuron.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <locale>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

using tinyneuron::DivergenceError;
using tinyneuron::Neuron;
using tinyneuron::TrainOptions;
using tinyneuron_test::contains;
using tinyneuron_test::same_neuron;
using tinyneuron_test::train_options;

namespace {

static_assert(std::is_base_of<std::runtime_error, DivergenceError>::value,
              "DivergenceError is a std::runtime_error, not an argument error");

/// Magnitudes for data and parameters, and learning rates, from the smallest denormals to the
/// largest powers of ten of each type.
template <class T> struct Extremes;

template <> struct Extremes<double> {
    static std::vector<double> magnitudes() { return {1e-310, 1e-300, 1e-10, 1.0, 1e10, 1e100, 1e300}; }
    static std::vector<double> rates() { return {1e-300, 1e-3, 1.0, 1e3, 1e100, 1e300}; }
};

template <> struct Extremes<float> {
    static std::vector<float> magnitudes() { return {1e-40f, 1e-30f, 1e-5f, 1.0f, 1e5f, 1e30f, 1e38f}; }
    static std::vector<float> rates() { return {1e-38f, 1e-3f, 1.0f, 1e3f, 1e30f, 1e38f}; }
};

enum class Signs { positive, negative, mixed };

/// A value of about `magnitude`: magnitude·u with u in [0.5, 1), its sign set by `signs`.
template <class T> T draw(std::mt19937_64 &rng, T magnitude, Signs signs) {
    const T value = magnitude * static_cast<T>(tinyneuron_test::uniform(rng, 0.5, 1.0));
    const bool negative =
        signs == Signs::negative || (signs == Signs::mixed && tinyneuron_test::uniform(rng, 0.0, 1.0) < 0.5);
    return negative ? -value : value;
}

/// The learning rate a DivergenceError message names, read back in the classic locale. Read as
/// long double and then rounded to T, because libc++'s streams refuse to read a value that is
/// subnormal in the type read (a float rate of 1e-38 is), and a T's shortest or max_digits10
/// spelling rounds back to that T through long double's wider significand.
template <class T> bool names_rate(const std::string &message, T rate) {
    const std::string key = " with learning rate ";
    const std::size_t at = message.find(key);
    if (at == std::string::npos) {
        return false;
    }
    const std::size_t end = message.find(':', at + key.size());
    std::istringstream in(message.substr(at + key.size(), end - at - key.size()));
    in.imbue(std::locale::classic());
    long double parsed = 0;
    return static_cast<bool>(in >> parsed) && in.peek() == std::char_traits<char>::eof() &&
           static_cast<T>(parsed) == rate;
}

struct Outcomes {
    std::size_t finite = 0;
    std::size_t diverged = 0;
};

/// One training run from a finite start: either everything stays finite, or DivergenceError
/// names the iteration and the rate and the neuron keeps its bits.
template <class T, class DS, class DT>
void check_train(Neuron<T> &neuron, const DS &x, const DT &t, const TrainOptions<T> &o, std::uint64_t seed,
                 Outcomes &outcomes) {
    const Neuron<T> before = neuron;
    std::mt19937_64 rng(seed);
    try {
        const std::vector<T> history = neuron.train(x, t, o, rng);
        ++outcomes.finite;
        CHECK(neuron.weights().allFinite());
        CHECK(std::isfinite(neuron.bias()));
        CHECK(history.size() == (o.iterations - 1) / o.record_every + 1);
        bool history_finite = true;
        for (const T e : history) {
            history_finite = history_finite && std::isfinite(e) && e >= T(0);
        }
        CHECK(history_finite);
    } catch (const DivergenceError &e) {
        ++outcomes.diverged;
        const std::string message = e.what();
        CHECK(e.iteration() < o.iterations);
        CHECK_THAT(message, contains("tinyneuron::Neuron::train: diverged at iteration " +
                                     std::to_string(e.iteration()) + " with learning rate "));
        CHECK(names_rate(message, o.learning_rate));
        CHECK(same_neuron(neuron, before));
    }
}

} // namespace

TEMPLATE_TEST_CASE("train on finite data either stays finite or throws DivergenceError",
                   "[train][divergence][property]", float, double) {
    using T = TestType;
    const std::vector<T> magnitudes = Extremes<T>::magnitudes();
    const std::vector<T> rates = Extremes<T>::rates();
    std::mt19937_64 rng(20261128);
    Outcomes outcomes;
    for (const T data_magnitude : magnitudes) {
        for (const T rate : rates) {
            for (const Signs signs : {Signs::positive, Signs::negative, Signs::mixed}) {
                for (int repeat = 0; repeat < 2; ++repeat) {
                    const auto rows = static_cast<Eigen::Index>(1 + rng() % 6);
                    const auto inputs = static_cast<Eigen::Index>(1 + rng() % 4);
                    // The second repeat mixes magnitudes inside one data set.
                    Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> x(rows, inputs);
                    Eigen::Matrix<T, Eigen::Dynamic, 1> t(rows);
                    for (Eigen::Index r = 0; r < rows; ++r) {
                        for (Eigen::Index c = 0; c < inputs; ++c) {
                            const T m = repeat == 0 ? data_magnitude : magnitudes[rng() % magnitudes.size()];
                            x(r, c) = draw(rng, m, signs);
                        }
                        const auto kind = rng() % 3;
                        t(r) = kind == 0   ? T(0)
                               : kind == 1 ? T(1)
                                           : static_cast<T>(tinyneuron_test::uniform(rng, 0, 1));
                    }
                    // Parameters from ordinary to extreme, always finite.
                    const T parameter_magnitude = magnitudes[rng() % magnitudes.size()];
                    Eigen::Matrix<T, Eigen::Dynamic, 1> w(inputs);
                    for (Eigen::Index c = 0; c < inputs; ++c) {
                        w(c) = draw(rng, parameter_magnitude, Signs::mixed);
                    }
                    Neuron<T> neuron(w, draw(rng, parameter_magnitude, Signs::mixed));
                    const TrainOptions<T> o =
                        train_options<T>().learning_rate(rate).iterations(20).record_every(repeat == 0 ? 1 : 7);
                    const std::uint64_t seed = rng();
                    INFO(tinyneuron_test::type_name<T>()
                         << ": data about " << data_magnitude << ", parameters about " << parameter_magnitude
                         << ", learning rate " << rate << ", signs " << static_cast<int>(signs) << ", repeat " << repeat
                         << ", seed " << seed);
                    check_train(neuron, x, t, o, seed, outcomes);
                }
            }
        }
    }
    // The sweep covers both outcomes, so neither branch above was checked vacuously.
    CHECK(outcomes.diverged > 0);
    CHECK(outcomes.finite > 0);
}

TEMPLATE_TEST_CASE("a step that overflows the weights throws DivergenceError at iteration 0", "[train][divergence]",
                   float, double) {
    // One sample x = M (the largest power of ten of T), target 1, at w = b = 0: z = 0, σ = 1/2,
    // so ∂E/∂w = 2(1/2 − 1)·(1/4)·M = −M/4 and the first step with rate M is w = M²/4 = +inf.
    using T = TestType;
    const T big = Extremes<T>::magnitudes().back();
    const Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> x =
        Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>::Constant(1, 1, big);
    const Eigen::Matrix<T, Eigen::Dynamic, 1> t = Eigen::Matrix<T, Eigen::Dynamic, 1>::Ones(1);
    Neuron<T> neuron(Eigen::Matrix<T, Eigen::Dynamic, 1>::Zero(1), T(0));
    const Neuron<T> before = neuron;
    const TrainOptions<T> o =
        train_options<T>().learning_rate(Extremes<T>::rates().back()).iterations(10).record_every(1);
    std::mt19937_64 rng(1);
    const std::string spelled = std::is_same<T, float>::value ? "1e+38" : "1e+300";
    try {
        neuron.train(x, t, o, rng);
        FAIL("train did not throw");
    } catch (const DivergenceError &e) {
        CHECK(e.iteration() == 0);
        CHECK_THAT(std::string(e.what()), contains("diverged at iteration 0 with learning rate " + spelled +
                                                   ": the weights or the bias stopped being finite"));
    }
    CHECK(tinyneuron_test::same_neuron(neuron, before));
}

TEMPLATE_TEST_CASE("denormal inputs with the largest learning rate stay finite", "[train][divergence]", float, double) {
    // x ≈ 1e-310 (1e-40 for float) and rate 1e300 (1e38): each step moves w by at most
    // rate·|x|/2 ≈ 1e-10 (1e-2). The bias, whose gradient has no factor x, takes one huge step
    // (|∂E/∂b| ≤ 1/2, so |b| stays below 1e300), after which σ saturates to exactly 0 or 1, σ' is
    // exactly 0 and the bias stays put: everything finite, and the neuron moved.
    using T = TestType;
    const T tiny = Extremes<T>::magnitudes().front();
    REQUIRE(std::fpclassify(tiny) == FP_SUBNORMAL);
    Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> x(4, 2);
    x << tiny, -tiny, -tiny, tiny, tiny, tiny, -tiny, -tiny;
    Eigen::Matrix<T, Eigen::Dynamic, 1> t(4);
    t << T(0), T(1), T(1), T(0);
    Neuron<T> neuron((typename Neuron<T>::Vector(2) << T(0.5), T(-0.25)).finished(), T(0.125));
    const Neuron<T> before = neuron;
    const TrainOptions<T> o =
        train_options<T>().learning_rate(Extremes<T>::rates().back()).iterations(100).record_every(10);
    std::mt19937_64 rng(2);
    std::vector<T> history;
    REQUIRE_NOTHROW(history = neuron.train(x, t, o, rng));
    CHECK(history.size() == 10);
    CHECK(neuron.weights().allFinite());
    CHECK(std::isfinite(neuron.bias()));
    CHECK_FALSE(tinyneuron_test::same_neuron(neuron, before));
    for (const T e : history) {
        CHECK(std::isfinite(e));
    }
}

TEMPLATE_TEST_CASE("finite inputs whose w·x is inf - inf throw overflow_error, not a NaN",
                   "[predict][gradients][error][divergence]", float, double) {
    // w = (big, big) and x = (big, -big): w1·x1 = +inf and w2·x2 = -inf in T, so z is NaN
    // although every value is finite. No prediction exists; each const member must say so.
    using T = TestType;
    const T big = std::numeric_limits<T>::max() / T(4);
    const Neuron<T, 2> neuron(Eigen::Matrix<T, 2, 1>(big, big), T(0));
    const Eigen::Matrix<T, 2, 1> x(big, -big);
    Eigen::Matrix<T, 3, 2> samples;
    samples << T(1), T(1), big, -big, T(0), T(0);
    const Eigen::Matrix<T, 3, 1> targets(T(0), T(1), T(0));
    // The message of the std::overflow_error `call` throws, or "" if it throws none.
    const auto overflow_message = [](auto &&call) -> std::string {
        try {
            call();
        } catch (const std::overflow_error &e) {
            return e.what();
        }
        return "";
    };
    using Catch::Matchers::EndsWith;
    using Catch::Matchers::StartsWith;
    CHECK_THAT(overflow_message([&] { (void)neuron.predict(x); }),
               StartsWith("tinyneuron::Neuron::predict: w·x + b of the input overflowed to "
                          "inf - inf (NaN)"));
    CHECK_THAT(overflow_message([&] { (void)neuron.gradients(x, T(1)); }),
               StartsWith("tinyneuron::Neuron::gradients: w·x + b of the input overflowed"));
    CHECK_THAT(overflow_message([&] { (void)neuron.predict_batch(samples); }),
               StartsWith("tinyneuron::Neuron::predict_batch: w·x of samples row 1 overflowed"));
    CHECK_THAT(overflow_message([&] { (void)neuron.error(samples, targets); }),
               StartsWith("tinyneuron::Neuron::error: w·x of samples row 1 overflowed") &&
                   EndsWith("scale the inputs or the weights down"));
    // One sign of overflow alone is a valid, saturated prediction.
    CHECK(neuron.predict(Eigen::Matrix<T, 2, 1>(big, big)) == T(1));
    CHECK(neuron.predict(Eigen::Matrix<T, 2, 1>(-big, -big)) == T(0));
}

TEST_CASE("a learning rate that overflows the weights throws DivergenceError", "[train][divergence][no_history]") {
    // Row 0: w·x = 1e300 − 1e300 = 0, so σ = 0.5 and the step is 1e300·0.25·x = ±2.5e599: the
    // weights overflow on the first update that draws row 0. Row 1 = (1e300, 1e300) with target 1
    // is saturated (σ(2e300) = 1 exactly), so its updates are exact no-ops. The error of both rows
    // stays finite until then. train and train_without_history throw alike, each under its name.
    Eigen::MatrixXd x(2, 2);
    x << 1e300, -1e300, 1e300, 1e300;
    const Eigen::VectorXd t = Eigen::Vector2d(0.0, 1.0);
    Neuron<double> neuron(Eigen::Vector2d(1.0, 1.0), 0.0);
    const auto before = neuron;
    const TrainOptions<double> o = train_options<double>().learning_rate(1e300).iterations(100).record_every(1);
    for (const bool history : {true, false}) {
        const std::string name =
            history ? "tinyneuron::Neuron::train: " : "tinyneuron::Neuron::train_without_history: ";
        for (std::uint64_t seed : {1u, 2u, 3u, 4u, 5u}) {
            std::mt19937_64 rng(seed);
            // The first iteration that draws row 0, found with the same engine.
            std::mt19937_64 probe = rng;
            std::size_t first = 0;
            while (tinyneuron::uniform_index(probe, 2) != 0) {
                ++first;
            }
            INFO(name << "seed " << seed << ", row 0 first drawn at iteration " << first);
            try {
                if (history) {
                    neuron.train(x, t, o, rng);
                } else {
                    neuron.train_without_history(x, t, o, rng);
                }
                FAIL("no DivergenceError");
            } catch (const DivergenceError &e) {
                CHECK(e.iteration() == first);
                CHECK_THAT(std::string(e.what()), contains(name + "diverged at iteration " + std::to_string(first) +
                                                           " with learning rate 1e+300"));
            }
            CHECK(same_neuron(neuron, before));
        }
    }
    // It is a std::runtime_error, not an argument error.
    std::mt19937_64 rng(1);
    CHECK_THROWS_AS(neuron.train(x, t, o, rng), std::runtime_error);
    CHECK(same_neuron(neuron, before));
}

TEST_CASE("an error that stops being finite throws DivergenceError", "[train][divergence]") {
    // Row 0 = (1e300, −1e300), target 0, at w = (1, 1): z = 0 and the step with rate 4 is
    // 4·0.25·x, giving w = (1 − 1e300, 1 + 1e300) = (−1e300, 1e300) and b = −1, still finite.
    // But row 1 = (1e300, 1e300) then has w·x = −inf + inf = NaN, so the error is NaN: a
    // divergence at the first iteration that draws row 0, recorded since record_every is 1.
    // Before that, row 1 is drawn with z = 2e300, σ = 1 = its target, and changes nothing.
    Eigen::MatrixXd x(2, 2);
    x << 1e300, -1e300, 1e300, 1e300;
    const Eigen::VectorXd t = Eigen::Vector2d(0.0, 1.0);
    // −inf + inf needs the two products rounded separately. A build that fuses them
    // (-ffp-contract=fast with FMA, e.g. -march=native) computes fma(x0, w0, x1·w1) = +inf
    // instead, the error stays finite, and there is no divergence to report: the precondition
    // is checked with the library's own error() at the parameters after that step, which
    // refuses a NaN with std::overflow_error.
    const Neuron<double> after_step(Eigen::Vector2d(1.0 - 1e300, 1.0 + 1e300), -1.0);
    bool error_is_nan = false;
    try {
        (void)after_step.error(x, t);
    } catch (const std::overflow_error &) {
        error_is_nan = true;
    }
    Neuron<double> neuron(Eigen::Vector2d(1.0, 1.0), 0.0);
    const auto before = neuron;
    const TrainOptions<double> o = train_options<double>().learning_rate(4.0).iterations(50).record_every(1);
    std::mt19937_64 rng(6);
    std::mt19937_64 probe = rng;
    std::size_t first = 0;
    while (tinyneuron::uniform_index(probe, 2) != 0) {
        ++first;
    }
    if (!error_is_nan) {
        WARN("this build fuses multiply-adds, so w·x is +inf, not NaN: nothing diverges");
        CHECK_NOTHROW(neuron.train(x, t, o, rng));
        return;
    }
    try {
        neuron.train(x, t, o, rng);
        FAIL("train did not throw");
    } catch (const DivergenceError &e) {
        CHECK(e.iteration() == first);
        CHECK_THAT(std::string(e.what()),
                   contains("diverged at iteration " + std::to_string(first) + " with learning rate 4: the error"));
    }
    CHECK(same_neuron(neuron, before));
}
