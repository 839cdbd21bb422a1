// SPDX-License-Identifier: MIT
// TrainOptions' batch_size, loss and l2 against hand-written loops of the public pieces, bit for
// bit; accuracy; the on_record callback; Neuron<T, N>::random(rng); and the optima of the
// tutorial's 8 points, derived here independently: the cross-entropy minimum (Newton), the
// lowest squared error one neuron can reach (grid, then Newton) and the best accuracy of any
// line (every line through two points, turned and shifted a little).
#include "catch_compat.hpp"
#include "test_support.hpp"

#include <tinyneuron/neuron.hpp>

#include <Eigen/Cholesky> // LDLT and LLT, for Newton's method

#include <cmath>
#include <cstddef>
#include <limits>
#include <random>
#include <stdexcept>
#include <utility>
#include <vector>

using tinyneuron::Loss;
using tinyneuron::Neuron;
using tinyneuron::TrainOptions;
using tinyneuron_test::close;
using tinyneuron_test::same_bits;
using tinyneuron_test::same_neuron;
using tinyneuron_test::tutorial_samples;
using tinyneuron_test::tutorial_targets;

namespace {

template <class T>
TrainOptions<T> options(std::size_t iterations, std::size_t record_every, Loss loss, std::size_t batch_size, T l2,
                        T learning_rate) {
    TrainOptions<T> o;
    o.iterations = iterations;
    o.record_every = record_every;
    o.loss = loss;
    o.batch_size = batch_size;
    o.l2 = l2;
    o.learning_rate = learning_rate;
    return o;
}

/// What TrainOptions documents, written out with the public pieces: each step takes one drawn
/// row's gradients (batch_size 1), the mean of k drawn rows' gradients (k > 1) or the mean of
/// batch_gradients (0, no draws), adds 2·l2·w, and updates; the objective is recorded after steps
/// 0, k, 2k, ... The operations are the library's, in its order, so the results agree bit for bit.
template <class T, int N, class DS, class DT, class Rng>
std::vector<T> hand_train(Neuron<T, N> &neuron, const DS &x, const DT &t, const TrainOptions<T> &o, Rng &rng) {
    using Vector = typename Neuron<T, N>::Vector;
    const auto rows = static_cast<std::size_t>(x.rows());
    const auto draw = [&] {
        const auto i = static_cast<Eigen::Index>(tinyneuron::uniform_index(rng, rows));
        return neuron.gradients(x.row(i).transpose(), t(i), o.loss);
    };
    const T decay = T(2) * o.l2;
    std::vector<T> history;
    for (std::size_t iteration = 0; iteration < o.iterations; ++iteration) {
        typename Neuron<T, N>::Gradients g{Vector::Zero(neuron.inputs()), T(0)};
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
template <class T, int N, class DS, class DT>
void check_against_hand(const Neuron<T, N> &start, const DS &x, const DT &t, const TrainOptions<T> &o,
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

#if TINYNEURON_TEST_UNTYPED // in one of the per-type builds of this file (test_support.hpp)
/// The 8 points with a bias column: rows (x₁, x₂, 1), so z = θ·row with θ = (w₁, w₂, b).
Eigen::Matrix<long double, 8, 3> augmented_points() {
    Eigen::Matrix<long double, 8, 3> a;
    a << tutorial_samples<long double>(), Eigen::Matrix<long double, 8, 1>::Ones();
    return a;
}

/// The cumulative squared error, its gradient and Hessian in θ, in long double, from the
/// chain rule written here: with s = σ(z), E_i = (s − t)², dE/dz = 2(s − t)·s(1 − s) and
/// d²E/dz² = 2·s²(1 − s)² + 2(s − t)·s(1 − s)(1 − 2s).
struct SquaredErrorModel {
    Eigen::Matrix<long double, 8, 3> a = augmented_points();
    Eigen::Matrix<long double, 8, 1> t = tutorial_targets<long double>();

    long double value(const Eigen::Matrix<long double, 3, 1> &theta) const {
        long double sum = 0;
        for (int i = 0; i < 8; ++i) {
            const long double s = 1 / (1 + std::exp(-a.row(i).dot(theta)));
            sum += (s - t(i)) * (s - t(i));
        }
        return sum;
    }
    void derivatives(const Eigen::Matrix<long double, 3, 1> &theta, Eigen::Matrix<long double, 3, 1> &gradient,
                     Eigen::Matrix<long double, 3, 3> &hessian) const {
        gradient.setZero();
        hessian.setZero();
        for (int i = 0; i < 8; ++i) {
            const long double s = 1 / (1 + std::exp(-a.row(i).dot(theta)));
            const long double d = s * (1 - s);
            gradient += 2 * (s - t(i)) * d * a.row(i).transpose();
            hessian += (2 * d * d + 2 * (s - t(i)) * d * (1 - 2 * s)) * a.row(i).transpose() * a.row(i);
        }
    }
};

/// The cross-entropy's gradient Σ(s − t)·row and Hessian Σ s(1 − s)·rowᵀrow, in long double.
void cross_entropy_derivatives(const Eigen::Matrix<long double, 3, 1> &theta,
                               Eigen::Matrix<long double, 3, 1> &gradient, Eigen::Matrix<long double, 3, 3> &hessian) {
    const auto a = augmented_points();
    const auto t = tutorial_targets<long double>();
    gradient.setZero();
    hessian.setZero();
    for (int i = 0; i < 8; ++i) {
        const long double s = 1 / (1 + std::exp(-a.row(i).dot(theta)));
        gradient += (s - t(i)) * a.row(i).transpose();
        hessian += s * (1 - s) * a.row(i).transpose() * a.row(i);
    }
}

/// Newton's method θ −= H⁻¹∇E from `theta`, 30 steps (it converges in under 10 here).
template <class Derivatives>
Eigen::Matrix<long double, 3, 1> newton(Eigen::Matrix<long double, 3, 1> theta, const Derivatives &derivatives) {
    Eigen::Matrix<long double, 3, 1> gradient;
    Eigen::Matrix<long double, 3, 3> hessian;
    for (int k = 0; k < 30; ++k) {
        derivatives(theta, gradient, hessian);
        theta -= hessian.ldlt().solve(gradient);
    }
    return theta;
}

/// The lowest cumulative squared error of one neuron on the 8 points, found without the
/// library: a grid over w₁, w₂ ∈ [−10, 10] (step ½) and b ∈ [−20, 20] (step 1), then Newton
/// from its best point. The grid's best is 1.93737 at (0, 0.5, −1); Newton reaches a point with
/// zero gradient and a positive definite Hessian, a local minimum, whose value is below every
/// grid value. Nothing lower waits at infinity: as ‖θ‖ → ∞ along a direction, the rows off one
/// line saturate to 0 or 1 and those on it (at most 3 here) keep finite z, so the error tends
/// to at least the number of rows misclassified off that line, and a line misclassifying at
/// most one of the rows off it could be turned to classify 7 of 8, which no line does (see the
/// accuracy test): the limits are ≥ 2. Returns θ and fills `lowest_grid`.
Eigen::Matrix<long double, 3, 1> squared_error_minimum(long double &lowest_grid) {
    const SquaredErrorModel model;
    Eigen::Matrix<long double, 3, 1> best(0, 0, 0);
    lowest_grid = model.value(best);
    for (int i = -20; i <= 20; ++i) {
        for (int j = -20; j <= 20; ++j) {
            for (int k = -20; k <= 20; ++k) {
                const Eigen::Matrix<long double, 3, 1> theta(0.5L * i, 0.5L * j, 1.0L * k);
                const long double e = model.value(theta);
                if (e < lowest_grid) {
                    lowest_grid = e;
                    best = theta;
                }
            }
        }
    }
    return newton(
        best, [&](const auto &theta, auto &gradient, auto &hessian) { model.derivatives(theta, gradient, hessian); });
}

#endif

/// Tolerances for training that has converged as far as T allows: the error's relative
/// distance to the minimum, and the gradient norm of the mean loss.
template <class T> struct Converged;
template <> struct Converged<float> {
    static constexpr double value = 5e-6;
    static constexpr double gradient = 2e-5;
};
template <> struct Converged<double> {
    static constexpr double value = 1e-13;
    static constexpr double gradient = 1e-10;
};
template <> struct Converged<long double> {
    static constexpr double value = 1e-15;
    static constexpr double gradient = 1e-12;
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

TEMPLATE_TEST_CASE("every batch mode equals its hand-written loop bit for bit", "[train][batches][determinism]",
                   TINYNEURON_TEST_SCALARS) {
    using T = TestType;
    const auto x = tutorial_samples<T>();
    const auto t = tutorial_targets<T>();
    const Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> xd = x;
    const Eigen::Matrix<T, Eigen::Dynamic, 1> td = t;
    std::mt19937_64 start_rng(17);
    const auto fixed = Neuron<T, 2>::random(start_rng);
    const auto dynamic = Neuron<T>::random(2, start_rng);
    for (Loss loss : {Loss::squared_error, Loss::cross_entropy}) {
        for (std::size_t batch : {std::size_t{1}, std::size_t{0}, std::size_t{3}, std::size_t{8}, std::size_t{20}}) {
            for (T l2 : {T(0), T(0.05)}) {
                INFO("loss " << static_cast<int>(loss) << ", batch_size " << batch << ", l2 "
                             << static_cast<double>(l2));
                const auto o = options<T>(60, 7, loss, batch, l2, T(0.1));
                check_against_hand(fixed, x, t, o, 3);
                check_against_hand(dynamic, xd, td, o, 4);
            }
        }
    }
}

#if TINYNEURON_TEST_UNTYPED
TEST_CASE("batch_size 1 with the default loss and l2 is the tutorial's run, bit for bit", "[train][batches][golden]") {
    // The options spelled out equal the defaults, so the seed-42 golden run (test_tutorial.cpp)
    // holds for them; and the engine advances by exactly one uniform_index per iteration.
    const auto x = tutorial_samples<double>();
    const auto t = tutorial_targets<double>();
    std::mt19937_64 rng(42);
    auto spelled = Neuron<double, 2>::random(rng);
    auto defaults = spelled;
    std::mt19937_64 rng_defaults = rng;
    std::mt19937_64 rng_draws = rng;
    const auto h1 = spelled.train(x, t, options(1000, 100, Loss::squared_error, 1, 0.0, 0.01), rng);
    const auto h2 = defaults.train(x, t, TrainOptions<double>{}, rng_defaults);
    CHECK(same_bits(h1, h2));
    CHECK(same_neuron(spelled, defaults));
    for (int i = 0; i < 1000; ++i) {
        tinyneuron::uniform_index(rng_draws, 8);
    }
    CHECK(rng == rng_draws);
    CHECK_THAT(h1.back(), Catch::Matchers::WithinRel(3.789902935200713, 1e-12));
}
#endif

TEMPLATE_TEST_CASE("full-batch training draws nothing and follows the mean of batch_gradients", "[train][batches]",
                   TINYNEURON_TEST_SCALARS) {
    using T = TestType;
    const auto x = tutorial_samples<T>();
    const auto t = tutorial_targets<T>();
    for (Loss loss : {Loss::squared_error, Loss::cross_entropy}) {
        Neuron<T, 2> neuron(Eigen::Matrix<T, 2, 1>(T(0.5), T(-0.25)), T(0.125));
        auto by_hand = neuron;
        std::mt19937_64 rng(8);
        const std::mt19937_64 before = rng;
        const auto history = neuron.train(x, t, options<T>(5, 1, loss, 0, T(0), T(0.5)), rng);
        CHECK(rng == before);
        REQUIRE(history.size() == 5);
        for (std::size_t k = 0; k < 5; ++k) {
            const auto g = by_hand.batch_gradients(x, t, loss);
            const T mean = T(1) / T(8);
            by_hand.update({Eigen::Matrix<T, 2, 1>(mean * g.weights), mean * g.bias}, T(0.5));
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
    const Eigen::Matrix<T, 4, 2> x = Eigen::Matrix<T, 4, 2>::Zero();
    const Eigen::Matrix<T, 4, 1> t(T(1), T(1), T(0), T(1));
    const Neuron<T, 2> start(Eigen::Matrix<T, 2, 1>(T(1.5), T(-3)), T(0.25));
    for (Loss loss : {Loss::squared_error, Loss::cross_entropy}) {
        for (std::size_t batch : {std::size_t{1}, std::size_t{0}, std::size_t{3}}) {
            INFO("loss " << static_cast<int>(loss) << ", batch_size " << batch);
            auto penalised = start;
            auto free = start;
            std::mt19937_64 rng(2);
            std::mt19937_64 rng_free(2);
            penalised.train(x, t, options<T>(10, 1, loss, batch, T(1), T(0.25)), rng);
            free.train(x, t, options<T>(10, 1, loss, batch, T(0), T(0.25)), rng_free);
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
    const auto x = tutorial_samples<double>();
    const auto t = tutorial_targets<double>();
    Neuron<double, 2> neuron(Eigen::Vector2d(1.0, -1.0), 0.5);
    std::mt19937_64 rng(1);
    neuron.train(x, t, options(10000, 1000, Loss::cross_entropy, 0, 100.0, 0.009), rng);
    const auto g = neuron.batch_gradients(x, t, Loss::cross_entropy);
    CHECK((g.weights / 8.0 + 200.0 * neuron.weights()).norm() < 1e-10);
    CHECK(std::abs(g.bias / 8.0) < 1e-10);
    CHECK_THAT(neuron.weights().norm(), Catch::Matchers::WithinRel(6.976377e-4, 1e-6));
}

TEST_CASE("full-batch cross-entropy training reaches the minimum found by Newton's method",
          "[train][batches][optimum]") {
    // The cross-entropy of a logistic neuron is convex in (w, b), and on points that no line
    // separates it has one minimum, where its gradient vanishes. Newton's method in long double
    // finds it from 0 (pinned: 5.28294726174831 at w = (0.122886, 0.488430), b = −1.023541,
    // the same in an independent Python Newton iteration).
    Eigen::Matrix<long double, 3, 1> theta =
        newton(Eigen::Matrix<long double, 3, 1>::Zero().eval(), cross_entropy_derivatives);
    Eigen::Matrix<long double, 3, 1> gradient;
    Eigen::Matrix<long double, 3, 3> hessian;
    cross_entropy_derivatives(theta, gradient, hessian);
    REQUIRE(gradient.norm() < 1e4L * std::numeric_limits<long double>::epsilon());
    const Neuron<long double, 2> optimum(theta.head<2>(), theta(2));
    const auto x = tutorial_samples<long double>();
    const auto t = tutorial_targets<long double>();
    const long double minimum = optimum.error(x, t, Loss::cross_entropy);
    CHECK_THAT(static_cast<double>(minimum), Catch::Matchers::WithinRel(5.28294726174831, 1e-14));
    CHECK(optimum.accuracy(x, t) == 0.5L); // the best cross-entropy is no best classifier

    const auto check = [&](auto start, std::uint64_t seed) {
        using T = typename decltype(start)::Scalar;
        const auto xt = tutorial_samples<T>();
        const auto tt = tutorial_targets<T>();
        std::mt19937_64 rng(seed);
        // Rate 0.5 on the mean: below 2 / (largest Hessian eigenvalue of the mean loss) on the
        // whole path, found by trying; 3000 steps shrink the gradient below 1e-12.
        start.train(xt, tt, options<T>(3000, 1000, Loss::cross_entropy, 0, T(0), T(0.5)), rng);
        INFO(tinyneuron_test::type_name<T>() << ", start seed " << seed);
        const auto g = start.batch_gradients(xt, tt, Loss::cross_entropy);
        CHECK(static_cast<double>(std::sqrt(g.weights.squaredNorm() + g.bias * g.bias)) / 8 < Converged<T>::gradient);
        CHECK(close(static_cast<long double>(start.error(xt, tt, Loss::cross_entropy)), minimum, Converged<T>::value,
                    0.0));
        // The parameters are within ~gradient / (smallest Hessian eigenvalue of the mean, ~0.01).
        CHECK(close(static_cast<long double>(start.bias()), theta(2), 1000 * Converged<T>::gradient, 0.0));
        CHECK(start.accuracy(xt, tt) <= T(0.75));
    };
    for (std::uint64_t seed : {1u, 2u}) {
        std::mt19937_64 rng(seed);
        check(Neuron<float, 2>::random(rng), seed);
        rng.seed(seed);
        check(Neuron<double, 2>::random(rng), seed);
        rng.seed(seed);
        check(Neuron<long double>::random(2, rng), seed);
    }
    check(Neuron<double, 2>(Eigen::Vector2d::Zero(), 0.0), 0);
}

TEST_CASE("full-batch squared-error training reaches the lowest squared error one neuron has",
          "[train][batches][optimum]") {
    long double lowest_grid = 0;
    const Eigen::Matrix<long double, 3, 1> theta = squared_error_minimum(lowest_grid);
    const SquaredErrorModel model;
    Eigen::Matrix<long double, 3, 1> gradient;
    Eigen::Matrix<long double, 3, 3> hessian;
    model.derivatives(theta, gradient, hessian);
    REQUIRE(gradient.norm() < 1e4L * std::numeric_limits<long double>::epsilon());
    REQUIRE(hessian.llt().info() == Eigen::Success); // positive definite: a minimum
    // Pinned: 1.8838062484862983 at w = (0.1334767, 0.4076116), b = −0.9958102, derived as
    // squared_error_minimum describes; an independent Python search (200 starts from the best
    // grid points, gradient descent then Newton) finds the same and otherwise only plateaus
    // tending to 2.
    const long double minimum = model.value(theta);
    CHECK_THAT(static_cast<double>(minimum), Catch::Matchers::WithinRel(1.8838062484862983, 1e-14));
    CHECK(minimum < lowest_grid);
    CHECK(lowest_grid > 1.93L);
    const auto x = tutorial_samples<long double>();
    const auto t = tutorial_targets<long double>();
    const Neuron<long double, 2> optimum(theta.head<2>(), theta(2));
    CHECK(close(optimum.error(x, t), minimum, 64 * std::numeric_limits<long double>::epsilon(), 0.0));
    CHECK(optimum.accuracy(x, t) == 0.5L);

    // Several starts, all in the minimum's basin: rate 1 on the mean error, 3000 full-batch
    // steps (about 1600 bring the gradient below 1e-10 in double).
    const auto check = [&](auto start) {
        using T = typename decltype(start)::Scalar;
        const auto xt = tutorial_samples<T>();
        const auto tt = tutorial_targets<T>();
        std::mt19937_64 rng(0);
        const auto history = start.train(xt, tt, options<T>(3000, 1000, Loss::squared_error, 0, T(0), T(1)), rng);
        INFO(tinyneuron_test::type_name<T>() << ", reached " << static_cast<double>(history.back()));
        const auto g = start.batch_gradients(xt, tt);
        CHECK(static_cast<double>(std::sqrt(g.weights.squaredNorm() + g.bias * g.bias)) / 8 < Converged<T>::gradient);
        CHECK(close(static_cast<long double>(start.error(xt, tt)), minimum, Converged<T>::value, 0.0));
        CHECK(start.accuracy(xt, tt) <= T(0.75));
    };
    std::mt19937_64 rng(42);
    check(Neuron<double, 2>::random(rng)); // the quickstart's start, (1.29, 0.40), 1.12
    check(Neuron<double, 2>(Eigen::Vector2d::Zero(), 0.0));
    check(Neuron<double, 2>(Eigen::Vector2d(1.0, -1.0), 0.5));
    check(Neuron<double>(Eigen::Vector2d(-1.0, 1.0), -2.0));
    check(Neuron<float, 2>(Eigen::Vector2f(0.5f, 0.5f), 0.5f));
    check(Neuron<long double, 2>(Eigen::Matrix<long double, 2, 1>(-0.5L, 0.2L), 1.0L));
}

TEST_CASE("no line classifies more than 6 of the 8 points", "[accuracy][optimum]") {
    // Every split of the points by a line is also made by a line through two of them, turned a
    // little about their midpoint or about either point and shifted a little: move a separating
    // line until it meets a point, then turn it about that point until it meets another. So
    // the best accuracy is the best over these lines, counted here with ŷ ≥ 0.5 ⇔ z ≥ 0, both
    // orientations; accuracy() must agree on each (every z is at least 1e-6 away from 0).
    const auto x = tutorial_samples<double>();
    const auto t = tutorial_targets<double>();
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
                            const Neuron<double, 2> neuron(w, bias);
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
    CHECK(Neuron<double, 2>(Eigen::Vector2d::Zero(), 1.0).accuracy(x, t) == 0.5);
    CHECK(Neuron<double, 2>(Eigen::Vector2d::Zero(), -1.0).accuracy(x, t) == 0.5);
}
#endif

TEMPLATE_TEST_CASE("accuracy counts the rows on their target's side of 0.5, ties as class 1", "[accuracy]",
                   TINYNEURON_TEST_SCALARS) {
    using T = TestType;
    // w = 1, b = 0: ŷ ≥ 0.5 exactly when x ≥ 0, and x = 0 gives ŷ = 0.5, class 1.
    const Neuron<T, 1> neuron(Eigen::Matrix<T, 1, 1>(T(1)), T(0));
    Eigen::Matrix<T, 6, 1> x;
    x << T(-2), T(-0.5), T(0), T(0), T(0.5), T(3);
    //   class 0, 0,      1,    1,    1,      1
    Eigen::Matrix<T, 6, 1> t;
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
    const Neuron<T, 2> tutorial(Eigen::Matrix<T, 2, 1>(T(1.45), T(-0.66)), T(0.25));
    CHECK(tutorial.accuracy(tutorial_samples<T>(), tutorial_targets<T>()) == T(0.5));
}

#if TINYNEURON_TEST_UNTYPED
TEST_CASE("on_record sees each recorded iteration and value, and false stops training", "[train][callback]") {
    const auto x = tutorial_samples<double>();
    const auto t = tutorial_targets<double>();
    std::mt19937_64 start_rng(5);
    const auto start = Neuron<double, 2>::random(start_rng);

    for (std::size_t batch : {std::size_t{1}, std::size_t{0}, std::size_t{4}}) {
        INFO("batch_size " << batch);
        const auto o = options(50, 7, Loss::cross_entropy, batch, 0.01, 0.1);
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

TEMPLATE_TEST_CASE("random(rng) of a fixed-size neuron equals random(N, rng)", "[random]", TINYNEURON_TEST_SCALARS) {
    using T = TestType;
    for (std::uint64_t seed : {1u, 42u, 2026u}) {
        std::mt19937_64 a(seed);
        std::mt19937_64 b(seed);
        CHECK(same_neuron(Neuron<T, 3>::random(a), Neuron<T, 3>::random(3, b)));
        CHECK(a == b);
        CHECK(same_neuron(Neuron<T, 1>::random(a), Neuron<T, 1>::random(1, b)));
        const auto dynamic = Neuron<T>::random(2, a);
        const auto fixed = Neuron<T, 2>::random(b);
        CHECK(same_bits(dynamic.weights(), fixed.weights()));
        CHECK(same_bits(dynamic.bias(), fixed.bias()));
    }
}
