// SPDX-License-Identifier: MIT
// TrainOptions' batch_size, loss, l2 and record_every against hand-written loops of the public
// pieces, bit for bit; accuracy; the on_record callback; full-batch training reaching the pinned
// optima of the tutorial's 8 points (test_support.hpp; cross-checked against NumPy and
// scikit-learn in test_fit_reference.cpp); and the best accuracy of any line on those points,
// derived here (every line through two points, turned and shifted a little). Dynamic sizes
// only: train's layouts and fixed sizes are test_train.cpp's.
#include "catch_compat.hpp"
#include "test_support.hpp"

#include <tinyneuron/neuron.hpp>

#include <cmath>
#include <cstddef>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

using tinyneuron::Loss;
template <class T> using Neuron = tinyneuron::Neuron<T>;
template <class T> using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
template <class T> using Column = Eigen::Matrix<T, Eigen::Dynamic, 1>;
using tinyneuron::TrainOptions;
using tinyneuron_test::close;
using tinyneuron_test::eight_point_optima;
using tinyneuron_test::same_bits;
using tinyneuron_test::same_neuron;
using tinyneuron_test::train_options;
using tinyneuron_test::tutorial_samples;
using tinyneuron_test::tutorial_targets;

namespace {

/// What TrainOptions documents, written out with the public pieces: each step takes one drawn
/// row's gradients (batch_size 1), the mean of k drawn rows' gradients (k > 1) or the mean of
/// batch_gradients (0, no draws), adds 2·l2·w, and updates; the objective is recorded after steps
/// 0, k, 2k, ... The operations are the library's, in its order, so the results agree bit for bit.
template <class T, class Rng>
std::vector<T> hand_train(Neuron<T> &neuron, const Matrix<T> &x, const Column<T> &t, const TrainOptions<T> &o,
                          Rng &rng) {
    using Vector = typename Neuron<T>::Vector;
    const auto rows = static_cast<std::size_t>(x.rows());
    const auto draw = [&] {
        const auto i = static_cast<Eigen::Index>(tinyneuron::uniform_index(rng, rows));
        return neuron.gradients(x.row(i).transpose(), t(i), o.loss);
    };
    const T decay = T(2) * o.l2;
    std::vector<T> history;
    for (std::size_t iteration = 0; iteration < o.iterations; ++iteration) {
        typename Neuron<T>::Gradients g{Vector::Zero(neuron.inputs()), T(0)};
        if (o.batch_size == 1) {
            g = draw();
            if (decay != T(0)) {
                g.weights = Vector(g.weights + decay * neuron.weights());
            }
        } else {
            if (o.batch_size == 0) {
                g = neuron.batch_gradients(x, t, o.loss);
            } else {
                for (std::size_t k = 0; k < o.batch_size; ++k) {
                    const auto gk = draw();
                    g.weights += gk.weights;
                    g.bias += gk.bias;
                }
            }
            const T scale = T(1) / static_cast<T>(o.batch_size == 0 ? rows : o.batch_size);
            g.weights = Vector(scale * g.weights + decay * neuron.weights());
            g.bias = scale * g.bias;
        }
        neuron.update(g, o.learning_rate);
        if (iteration % o.record_every == 0) {
            history.push_back(neuron.objective(x, t, o.loss, o.l2));
        }
    }
    return history;
}

/// Trains a copy of `start` with train and with hand_train from the same engine state, and
/// checks histories, parameters and engines agree bit for bit.
template <class T>
void check_against_hand(const Neuron<T> &start, const Matrix<T> &x, const Column<T> &t, const TrainOptions<T> &o,
                        std::uint64_t seed) {
    auto trained = start;
    auto by_hand = start;
    std::mt19937_64 rng(seed);
    std::mt19937_64 rng_hand(seed);
    const auto history = trained.train(x, t, o, rng);
    const auto expected = hand_train(by_hand, x, t, o, rng_hand);
    REQUIRE(history.size() == expected.size());
    CHECK(same_bits(history, expected));
    CHECK(same_neuron(trained, by_hand));
    CHECK(rng == rng_hand);
    CHECK_FALSE(same_neuron(trained, start)); // it trained
}

/// Tolerances for training that has converged as far as T allows: the error's relative
/// distance to the minimum, and the gradient norm of the mean loss.
template <class T> struct Converged {
    // (One template, not a specialisation per type: a build that tests double alone leaves the
    // others' constants unused, which clang reports.)
    static constexpr bool single = std::is_same<T, float>::value;
    static constexpr bool extended = std::is_same<T, long double>::value;
    static constexpr double value = single ? 5e-6 : extended ? 1e-15 : 1e-13;
    static constexpr double gradient = single ? 2e-5 : extended ? 1e-12 : 1e-10;
};

} // namespace

#if TINYNEURON_TEST_UNTYPED
TEST_CASE("TrainOptions' new fields default to the tutorial", "[train][batches]") {
    const TrainOptions<double> o;
    CHECK(o.learning_rate == 0.01);
    CHECK(o.iterations == 1000);
    CHECK(o.record_every == 100);
    CHECK(o.loss == Loss::squared_error);
    CHECK(o.batch_size == 1);
    CHECK(o.l2 == 0.0);
}
#endif

TEMPLATE_TEST_CASE("every batch mode and record interval equals its hand-written loop bit for bit",
                   "[train][batches][determinism]", TINYNEURON_TEST_SCALARS) {
    using T = TestType;
    const Matrix<T> x = tutorial_samples<T>();
    const Column<T> t = tutorial_targets<T>();
    std::mt19937_64 start_rng(17);
    const auto start = Neuron<T>::random(2, start_rng);
    for (Loss loss : {Loss::squared_error, Loss::cross_entropy}) {
        for (std::size_t batch : {std::size_t{1}, std::size_t{0}, std::size_t{3}, std::size_t{8}, std::size_t{20}}) {
            for (T l2 : {T(0), T(0.05)}) {
                for (std::size_t every : {std::size_t{1}, std::size_t{7}, std::size_t{100}}) {
                    INFO("loss " << static_cast<int>(loss) << ", batch_size " << batch << ", l2 "
                                 << static_cast<double>(l2) << ", record_every " << every);
                    const TrainOptions<T> o = train_options<T>()
                                                  .iterations(60)
                                                  .record_every(every)
                                                  .loss(loss)
                                                  .batch_size(batch)
                                                  .l2(l2)
                                                  .learning_rate(T(0.1));
                    check_against_hand(start, x, t, o, 3);
                }
            }
        }
    }
}

#if TINYNEURON_TEST_UNTYPED
TEST_CASE("batch_size 1 with the default loss and l2 is the tutorial's run, bit for bit", "[train][batches][golden]") {
    // The options spelled out equal the defaults, so the seed-42 golden run (test_tutorial.cpp)
    // holds for them; and the engine advances by exactly one uniform_index per iteration.
    const Matrix<double> x = tutorial_samples<double>();
    const Column<double> t = tutorial_targets<double>();
    std::mt19937_64 rng(42);
    auto spelled = Neuron<double>::random(2, rng);
    auto defaults = spelled;
    std::mt19937_64 rng_defaults = rng;
    std::mt19937_64 rng_draws = rng;
    const TrainOptions<double> o = train_options<double>()
                                       .iterations(1000)
                                       .record_every(100)
                                       .loss(Loss::squared_error)
                                       .batch_size(1)
                                       .l2(0.0)
                                       .learning_rate(0.01);
    const auto h1 = spelled.train(x, t, o, rng);
    const auto h2 = defaults.train(x, t, TrainOptions<double>{}, rng_defaults);
    CHECK(same_bits(h1, h2));
    CHECK(same_neuron(spelled, defaults));
    for (int i = 0; i < 1000; ++i) {
        tinyneuron::uniform_index(rng_draws, 8);
    }
    CHECK(rng == rng_draws);
}
#endif

TEMPLATE_TEST_CASE("full-batch training draws nothing and follows the mean of batch_gradients", "[train][batches]",
                   TINYNEURON_TEST_SCALARS) {
    using T = TestType;
    const Matrix<T> x = tutorial_samples<T>();
    const Column<T> t = tutorial_targets<T>();
    for (Loss loss : {Loss::squared_error, Loss::cross_entropy}) {
        Neuron<T> neuron(Eigen::Matrix<T, 2, 1>(T(0.5), T(-0.25)), T(0.125));
        auto by_hand = neuron;
        std::mt19937_64 rng(8);
        const std::mt19937_64 before = rng;
        const auto history = neuron.train(
            x, t, train_options<T>().iterations(5).record_every(1).loss(loss).batch_size(0).learning_rate(T(0.5)), rng);
        CHECK(rng == before);
        REQUIRE(history.size() == 5);
        for (std::size_t k = 0; k < 5; ++k) {
            const auto g = by_hand.batch_gradients(x, t, loss);
            const T mean = T(1) / T(8);
            by_hand.update({Column<T>(mean * g.weights), mean * g.bias}, T(0.5));
            CHECK(same_bits(history[k], by_hand.error(x, t, loss)));
        }
        CHECK(same_neuron(neuron, by_hand));
    }
}

TEMPLATE_TEST_CASE("l2 shrinks the weights by 1 - 2 rate l2 per step and leaves the bias free", "[train][batches][l2]",
                   TINYNEURON_TEST_SCALARS) {
    using T = TestType;
    // All-zero samples: every loss gradient of the weights is s·0 = 0, so a step is
    // w ← w − r·2·l2·w = (1 − 2·r·l2)·w, exactly ½·w with r = ¼ and l2 = 1 (all exact in binary),
    // while the bias follows its own gradient, unpenalised: bit for bit the run without L2.
    const Matrix<T> x = Matrix<T>::Zero(4, 2);
    const Column<T> t = Eigen::Matrix<T, 4, 1>(T(1), T(1), T(0), T(1));
    const Neuron<T> start(Eigen::Matrix<T, 2, 1>(T(1.5), T(-3)), T(0.25));
    for (Loss loss : {Loss::squared_error, Loss::cross_entropy}) {
        for (std::size_t batch : {std::size_t{1}, std::size_t{0}, std::size_t{3}}) {
            INFO("loss " << static_cast<int>(loss) << ", batch_size " << batch);
            auto penalised = start;
            auto free = start;
            std::mt19937_64 rng(2);
            std::mt19937_64 rng_free(2);
            const auto steps = [&](T l2) {
                return train_options<T>()
                    .iterations(10)
                    .record_every(1)
                    .loss(loss)
                    .batch_size(batch)
                    .l2(l2)
                    .learning_rate(T(0.25));
            };
            penalised.train(x, t, steps(T(1)), rng);
            free.train(x, t, steps(T(0)), rng_free);
            CHECK(penalised.weights()(0) == T(1.5) / T(1024));
            CHECK(penalised.weights()(1) == T(-3) / T(1024));
            CHECK(same_bits(free.weights(), start.weights()));
            CHECK(same_bits(penalised.bias(), free.bias()));
            CHECK_FALSE(same_bits(penalised.bias(), start.bias())); // the bias learned
        }
    }
}

#if TINYNEURON_TEST_UNTYPED
TEST_CASE("a large l2 drives the weights to the penalised optimum near 0", "[train][batches][l2]") {
    // Full-batch cross-entropy on the 8 points with l2 = 100 and rate 0.009: the weights' own
    // factor per step is 1 − 2·rate·l2 = −0.8, the bias (unpenalised) moves at rate·σ' ≈ 0.002,
    // so 10,000 steps converge to the stationary point of mean loss + l2·‖w‖², where
    // Xᵀ(ŷ − t)/8 + 2·l2·w = 0 and Σ(ŷ − t) = 0; there ‖w‖ ≤ max|x|/(2·l2) = 5.5/200 (it is
    // 7.0e-4 in a Python run of the same steps). Without L2 the weights reach (0.12, 0.49).
    const Matrix<double> x = tutorial_samples<double>();
    const Column<double> t = tutorial_targets<double>();
    Neuron<double> neuron(Eigen::Vector2d(1.0, -1.0), 0.5);
    std::mt19937_64 rng(1);
    neuron.train(x, t,
                 train_options<double>()
                     .iterations(10000)
                     .record_every(1000)
                     .loss(Loss::cross_entropy)
                     .batch_size(0)
                     .l2(100.0)
                     .learning_rate(0.009),
                 rng);
    const auto g = neuron.batch_gradients(x, t, Loss::cross_entropy);
    CHECK((g.weights / 8.0 + 200.0 * neuron.weights()).norm() < 1e-10);
    CHECK(std::abs(g.bias / 8.0) < 1e-10);
    CHECK_THAT(neuron.weights().norm(), Catch::Matchers::WithinRel(6.976377e-4, 1e-6));
}
#endif

TEMPLATE_TEST_CASE("full-batch training reaches the pinned optima of both losses from several starts",
                   "[train][batches][optimum]", TINYNEURON_TEST_SCALARS) {
    // The optima are fit's, pinned in test_support.hpp and cross-checked against NumPy and
    // scikit-learn: the cross-entropy's one minimum (it is convex in (w, b), and no line separates
    // the points) and the squared error's floor. Plain gradient descent on the mean, full batch,
    // from starts in their basins, must reach them as far as T allows. Neither optimum is the best
    // classifier: it puts 4 of the 8 points right, and a line can do 6 (the next test).
    using T = TestType;
    const Matrix<T> x = tutorial_samples<T>();
    const Column<T> t = tutorial_targets<T>();
    for (const tinyneuron_test::Optimum &o : eight_point_optima) {
        const Neuron<double> optimum(Eigen::Vector2d(o.w1, o.w2), o.b);
        CHECK(optimum.accuracy(tutorial_samples<double>(), tutorial_targets<double>()) == 0.5);
    }
    const auto check = [&](Neuron<T> start, Loss loss, T rate, const std::string &from) {
        const tinyneuron_test::Optimum &o = eight_point_optima[loss == Loss::cross_entropy ? 0 : 1];
        INFO(tinyneuron_test::type_name<T>() << ", " << tinyneuron_test::loss_name(loss) << ", from " << from);
        std::mt19937_64 rng(0);
        // 3000 steps: the cross-entropy's gradient falls below 1e-12 at rate 0.5 (below 2 / the
        // largest Hessian eigenvalue of the mean loss on the whole path, found by trying), the
        // squared error's below 1e-10 in about 1600 steps at rate 1.
        start.train(x, t,
                    train_options<T>().iterations(3000).record_every(1000).loss(loss).batch_size(0).learning_rate(rate),
                    rng);
        const auto g = start.batch_gradients(x, t, loss);
        CHECK(static_cast<double>(std::sqrt(g.weights.squaredNorm() + g.bias * g.bias)) / 8 < Converged<T>::gradient);
        CHECK(close(static_cast<double>(start.error(x, t, loss)), o.objective, Converged<T>::value, 0.0));
        // The parameters are within ~gradient / (smallest Hessian eigenvalue of the mean, ~0.01).
        CHECK(close(static_cast<double>(start.bias()), o.b, 1000 * Converged<T>::gradient, 0.0));
        CHECK(start.accuracy(x, t) <= T(0.75));
    };
    for (std::uint64_t seed : {1u, 2u}) {
        std::mt19937_64 rng(seed);
        check(Neuron<T>::random(2, rng), Loss::cross_entropy, T(0.5), "seed " + std::to_string(seed));
    }
    check(Neuron<T>(Eigen::Matrix<T, 2, 1>::Zero(), T(0)), Loss::cross_entropy, T(0.5), "0");
    std::mt19937_64 rng(42);
    check(Neuron<T>::random(2, rng), Loss::squared_error, T(1), "seed 42"); // the quickstart's start
    check(Neuron<T>(Eigen::Matrix<T, 2, 1>::Zero(), T(0)), Loss::squared_error, T(1), "0");
    check(Neuron<T>(Eigen::Matrix<T, 2, 1>(T(1), T(-1)), T(0.5)), Loss::squared_error, T(1), "(1, -1), 0.5");
    check(Neuron<T>(Eigen::Matrix<T, 2, 1>(T(-1), T(1)), T(-2)), Loss::squared_error, T(1), "(-1, 1), -2");
    check(Neuron<T>(Eigen::Matrix<T, 2, 1>(T(0.5), T(0.5)), T(0.5)), Loss::squared_error, T(1), "(0.5, 0.5), 0.5");
    check(Neuron<T>(Eigen::Matrix<T, 2, 1>(T(-0.5), T(0.2)), T(1)), Loss::squared_error, T(1), "(-0.5, 0.2), 1");
}

#if TINYNEURON_TEST_UNTYPED
TEST_CASE("no line classifies more than 6 of the 8 points", "[accuracy][optimum]") {
    // Every split of the points by a line is also made by a line through two of them, turned a
    // little about their midpoint or about either point and shifted a little: move a separating
    // line until it meets a point, then turn it about that point until it meets another. So
    // the best accuracy is the best over these lines, counted here with ŷ ≥ 0.5 ⇔ z ≥ 0, both
    // orientations; accuracy() must agree on each (every z is at least 1e-6 away from 0).
    const Matrix<double> x = tutorial_samples<double>();
    const Column<double> t = tutorial_targets<double>();
    int best = 0;
    int lines = 0;
    // Turns of 1e-3 rad move a point on the line by ≥ 1e-3·0.5·0.5 (|n| = |b − a| ≥ 0.5), far
    // more than shifts of 1e-6; both move a point off the line by < 0.03, while the coordinates,
    // multiples of ½, put it at |z| = |n·(x − a)| ≥ ¼. So each line makes one intended split.
    for (int p = 0; p < 8; ++p) {
        for (int q = p + 1; q < 8; ++q) {
            const Eigen::Vector2d a = x.row(p).transpose();
            const Eigen::Vector2d b = x.row(q).transpose();
            const Eigen::Vector2d normal((b - a)(1), -(b - a)(0));
            for (const Eigen::Vector2d &pivot : {a, b, Eigen::Vector2d((a + b) / 2)}) {
                for (double turn : {-1e-3, 0.0, 1e-3}) {
                    for (double shift : {-1e-6, 1e-6}) {
                        const double c = std::cos(turn);
                        const double s = std::sin(turn);
                        const Eigen::Vector2d n(c * normal(0) - s * normal(1), s * normal(0) + c * normal(1));
                        for (double sign : {1.0, -1.0}) {
                            const Eigen::Vector2d w = sign * n;
                            const double bias = -w.dot(pivot) + shift;
                            int right = 0;
                            for (int i = 0; i < 8; ++i) {
                                const bool one = w.dot(x.row(i).transpose()) + bias >= 0.0;
                                right += one == (t(i) >= 0.5) ? 1 : 0;
                            }
                            best = right > best ? right : best;
                            ++lines;
                            const Neuron<double> neuron(w, bias);
                            CHECK(neuron.accuracy(x, t) == right / 8.0);
                        }
                    }
                }
            }
        }
    }
    CHECK(lines == 28 * 3 * 3 * 2 * 2);
    CHECK(best == 6);
    // The constant predictors (w = 0) get 4 of 8 either way.
    CHECK(Neuron<double>(Eigen::Vector2d::Zero(), 1.0).accuracy(x, t) == 0.5);
    CHECK(Neuron<double>(Eigen::Vector2d::Zero(), -1.0).accuracy(x, t) == 0.5);
}
#endif

TEMPLATE_TEST_CASE("accuracy counts the rows on their target's side of 0.5, ties as class 1", "[accuracy]",
                   TINYNEURON_TEST_SCALARS) {
    using T = TestType;
    // w = 1, b = 0: ŷ ≥ 0.5 exactly when x ≥ 0, and x = 0 gives ŷ = 0.5, class 1.
    const Neuron<T> neuron(Eigen::Matrix<T, 1, 1>(T(1)), T(0));
    Column<T> x(6);
    x << T(-2), T(-0.5), T(0), T(0), T(0.5), T(3);
    //   class 0, 0,      1,    1,    1,      1
    Column<T> t(6);
    t << T(0), T(1), T(1), T(0), T(0.5), T(0.49);
    //   class 0, 1,   1,    0,    1,      0: right, wrong, right, wrong, right, wrong
    CHECK(neuron.accuracy(x, t) == T(0.5));
    CHECK(neuron.accuracy(x.head(3), t.head(3)) == T(2) / T(3));
    CHECK(neuron.accuracy(x.segment(2, 1), t.segment(2, 1)) == T(1));
    CHECK(neuron.accuracy(x.segment(3, 1), t.segment(3, 1)) == T(0));
    // t = 0.5 is class 1 too: a target exactly at the threshold.
    const Eigen::Matrix<T, 2, 1> halves(T(0.5), T(0.5));
    CHECK(neuron.accuracy(Eigen::Matrix<T, 2, 1>(T(-1), T(1)), halves) == T(0.5));
    // The tutorial's neuron w = (1.45, −0.66), b = 0.25 on the 8 points: z > 0 for every row
    // (the smallest, 1.45 − 0.66 + 0.25 = 1.04 at (1, 1)), so all are class 1: the 4 ones.
    const Neuron<T> tutorial(Eigen::Matrix<T, 2, 1>(T(1.45), T(-0.66)), T(0.25));
    const Matrix<T> x8 = tutorial_samples<T>();
    const Column<T> t8 = tutorial_targets<T>();
    CHECK(tutorial.accuracy(x8, t8) == T(0.5));
}

#if TINYNEURON_TEST_UNTYPED
TEST_CASE("on_record sees each recorded iteration and value, and false stops training", "[train][callback]") {
    const Matrix<double> x = tutorial_samples<double>();
    const Column<double> t = tutorial_targets<double>();
    std::mt19937_64 start_rng(5);
    const auto start = Neuron<double>::random(2, start_rng);

    for (std::size_t batch : {std::size_t{1}, std::size_t{0}, std::size_t{4}}) {
        INFO("batch_size " << batch);
        const TrainOptions<double> o = train_options<double>()
                                           .iterations(50)
                                           .record_every(7)
                                           .loss(Loss::cross_entropy)
                                           .batch_size(batch)
                                           .l2(0.01)
                                           .learning_rate(0.1);
        auto plain = start;
        std::mt19937_64 rng_plain(6);
        const auto history = plain.train(x, t, o, rng_plain);

        { // a bool callback that keeps going sees every record
            std::vector<std::size_t> iterations;
            std::vector<double> errors;
            auto watched = start;
            std::mt19937_64 rng(6);
            const auto seen = watched.train(x, t, o, rng, [&](std::size_t i, double e) {
                iterations.push_back(i);
                errors.push_back(e);
                return true;
            });
            CHECK(iterations == std::vector<std::size_t>{0, 7, 14, 21, 28, 35, 42, 49});
            CHECK(same_bits(errors, history));
            CHECK(same_bits(seen, history));
            CHECK(same_neuron(watched, plain));
            CHECK(rng == rng_plain);
        }
        { // a void callback only observes
            std::size_t calls = 0;
            auto watched = start;
            std::mt19937_64 rng(6);
            const auto observer = [&calls](std::size_t, double) { ++calls; };
            const auto seen = watched.train(x, t, o, rng, observer); // an lvalue callable
            CHECK(calls == 8);
            CHECK(same_bits(seen, history));
            CHECK(same_neuron(watched, plain));
        }
        { // returning false stops right after that record
            std::vector<std::size_t> iterations;
            auto stopped = start;
            std::mt19937_64 rng(6);
            const auto seen = stopped.train(x, t, o, rng, [&](std::size_t i, double) {
                iterations.push_back(i);
                return i < 14; // stops at the record of iteration 14
            });
            CHECK(iterations == std::vector<std::size_t>{0, 7, 14});
            REQUIRE(seen.size() == 3);
            CHECK(same_bits(seen, std::vector<double>(history.begin(), history.begin() + 3)));
            // The parameters and the engine are those of a run of exactly 15 iterations.
            auto short_run = start;
            std::mt19937_64 rng_short(6);
            auto o15 = o;
            o15.iterations = 15;
            const auto short_history = short_run.train(x, t, o15, rng_short);
            CHECK(same_bits(short_history, seen));
            CHECK(same_neuron(stopped, short_run));
            CHECK(rng == rng_short);
            CHECK_FALSE(same_neuron(stopped, start));
        }
        { // false at the first record stops after one step
            auto stopped = start;
            std::mt19937_64 rng(6);
            const auto seen = stopped.train(x, t, o, rng, [](std::size_t, double) { return false; });
            REQUIRE(seen.size() == 1);
            CHECK(same_bits(seen[0], history[0]));
        }
    }
}
#endif
