// SPDX-License-Identifier: MIT
// Neuron::fit and Neuron::objective: the curvature against central differences of the slope and
// the Hessian against central differences of batch_gradients, values at z = 0 by hand; the
// optima of the tutorial's 8 points (both losses, every scalar type and size, from two starts);
// no_minimum on separable and one-class data; the statuses, the callback, a singular Hessian,
// affine invariance, and train's record of the penalised objective.
#include "catch_compat.hpp"
#include "test_support.hpp"

#include <tinyneuron/neuron.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using tinyneuron::FitOptions;
using tinyneuron::FitResult;
using tinyneuron::FitStatus;
using tinyneuron::Loss;
using tinyneuron_test::close;
using tinyneuron_test::same_neuron;
using tinyneuron_test::Settings;
using tinyneuron_test::tutorial_samples;
using tinyneuron_test::tutorial_targets;
template <class T, int N> using Neuron = tinyneuron::Neuron<T, N>;
template <class T> using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
template <class T> using Column = Eigen::Matrix<T, Eigen::Dynamic, 1>;

const char *loss_name(Loss loss) { return loss == Loss::squared_error ? "squared error" : "cross-entropy"; }

template <class T, int N> Neuron<T, N> zero_neuron(Eigen::Index inputs) {
    return Neuron<T, N>(Eigen::Matrix<T, N, 1>::Zero(inputs), T(0));
}

template <class T> FitOptions<T> fit_options(Loss loss, T l2 = T(0)) {
    FitOptions<T> o;
    o.loss = loss;
    o.l2 = l2;
    return o;
}

// The optima of the tutorial's 8 points, from the zero neuron, in double: the cross-entropy's one
// minimum (the values, to 6 decimals: 0.122886, 0.488430, -1.023541) and the squared
// error's lowest value, the floor the demo reports (1.8838 at 0.1335, 0.4076, -0.9958). Both are
// cross-checked against tests/reference (NumPy's Newton, scikit-learn) in test_fit_reference.cpp.
struct Optimum {
    Loss loss;
    double objective, w1, w2, b;
};
const Optimum eight_point_optima[] = {
    {Loss::cross_entropy, 5.2829472617483111, 0.12288622766, 0.48842950496, -1.02354102639},
    {Loss::squared_error, 1.8838062484862981, 0.13347665044, 0.40761160206, -0.99581017221},
};

} // namespace

TEMPLATE_TEST_CASE("loss_curvature is the derivative of loss_slope, and is known at z = 0", "[fit][gradients]",
                   TINYNEURON_TEST_SCALARS) {
    using T = TestType;
    using tinyneuron::detail::loss_curvature;
    using tinyneuron::detail::loss_slope;
    // z = 0: σ = σ(−z) = 1/2, σ' = 1/4, σ'' = 0, so the cross-entropy's d²E/dz² = 1/4 and the
    // squared error's 2σ'·[σ' + (σ − t)·0] = 2/16 = 1/8, whatever the target.
    for (T t : {T(0), T(0.25), T(1)}) {
        CHECK(loss_curvature<Loss::cross_entropy>(T(0), t) == T(0.25));
        CHECK(loss_curvature<Loss::squared_error>(T(0), t) == T(0.125));
    }
    const T h = Settings<T>::step;
    for (T z : {T(-6), T(-1.5), T(-0.3), T(0.4), T(2), T(5)}) {
        for (T t : {T(0), T(0.3), T(1)}) {
            INFO("z " << static_cast<double>(z) << ", t " << static_cast<double>(t));
            const T ce = (loss_slope<Loss::cross_entropy>(z + h, t) - loss_slope<Loss::cross_entropy>(z - h, t)) /
                         ((z + h) - (z - h));
            const T se = (loss_slope<Loss::squared_error>(z + h, t) - loss_slope<Loss::squared_error>(z - h, t)) /
                         ((z + h) - (z - h));
            CHECK(close(loss_curvature<Loss::cross_entropy>(z, t), ce, Settings<T>::rel, Settings<T>::abs));
            CHECK(close(loss_curvature<Loss::squared_error>(z, t), se, Settings<T>::rel, Settings<T>::abs));
            CHECK(loss_curvature<Loss::cross_entropy>(z, t) > T(0)); // convex
        }
    }
    // The squared error's curvature is negative far on the wrong side: t = 1 at z = −3.
    CHECK(loss_curvature<Loss::squared_error>(T(-3), T(1)) < T(0));
}

#if TINYNEURON_TEST_UNTYPED // in one of the per-type builds of this file (test_support.hpp)
TEST_CASE("fit's Hessian matches central differences of batch_gradients, and its gradient batch_gradients",
          "[fit][gradients]") {
    using Rows = tinyneuron::detail::Rows<double, Eigen::Dynamic>;
    std::mt19937_64 rng(5);
    const Matrix<double> x = tinyneuron_test::uniform_vector<double, Eigen::Dynamic>(rng, 7 * 3, -2, 2).reshaped(7, 3);
    Column<double> t(7);
    t << 0, 1, 0.25, 1, 0, 0.75, 1;
    const Column<double> w = tinyneuron_test::uniform_vector<double, Eigen::Dynamic>(rng, 3, -1, 1);
    const double b = 0.3;
    for (Loss loss : {Loss::cross_entropy, Loss::squared_error}) {
        INFO(loss_name(loss));
        Rows::Quadratic f(3);
        Rows::Scratch scratch;
        // The Hessian in units S (S·∇²f·S): entries of unequal scale, so a misplaced factor shows
        Column<double> s(4);
        s << 0.5, 2, 3, 0.25;
        if (loss == Loss::cross_entropy) {
            Rows::add_quadratic<Loss::cross_entropy>(x, tinyneuron::detail::target_ref(t), w, b, s, scratch, f);
        } else {
            Rows::add_quadratic<Loss::squared_error>(x, tinyneuron::detail::target_ref(t), w, b, s, scratch, f);
        }
        const Neuron<double, Eigen::Dynamic> at(w, b);
        CHECK_THAT(f.value, Catch::Matchers::WithinRel(at.error(x, t, loss), 1e-15));
        const auto g = at.batch_gradients(x, t, loss);
        for (Eigen::Index j = 0; j < 3; ++j) {
            CHECK_THAT(f.gradient(j), Catch::Matchers::WithinRel(g.weights(j), 1e-13));
        }
        CHECK_THAT(f.gradient(3), Catch::Matchers::WithinRel(g.bias, 1e-13));
        CHECK(f.hessian.isApprox(f.hessian.transpose(), 1e-14)); // symmetric, to the rounding of XᵀCX
        // Column j of the Hessian: [∇f(θ + h·e_j) − ∇f(θ − h·e_j)] / 2h, θ = (w, b).
        const double h = 1e-5;
        for (Eigen::Index j = 0; j < 4; ++j) {
            Column<double> plus = Column<double>::Zero(4);
            plus(j) = h;
            const auto grad = [&](double sign) {
                const Neuron<double, Eigen::Dynamic> n(w + sign * plus.head(3), b + sign * plus(3));
                const auto gj = n.batch_gradients(x, t, loss);
                Column<double> out(4);
                out << gj.weights, gj.bias;
                return out;
            };
            const Column<double> numeric = (grad(1) - grad(-1)) / (2 * h);
            for (Eigen::Index i = 0; i < 4; ++i) {
                INFO("Hessian (" << i << ", " << j << ")");
                CHECK(close(f.hessian(i, j), s(i) * s(j) * numeric(i), 1e-7, 1e-9));
            }
        }
        CHECK(f.hessian.norm() > 0.1); // not trivially zero
        CHECK_FALSE(f.separated);      // fractional targets separate nothing
    }
}

TEST_CASE("objective is the error plus rows times l2 times the squared weights", "[fit][objective]") {
    const auto x = tutorial_samples<double>();
    const auto t = tutorial_targets<double>();
    const auto neuron = tinyneuron_test::tutorial_neuron<double>();
    // ‖w‖² = 1.45² + 0.66² = 2.1025 + 0.4356 = 2.5381; 8 rows, l2 = 0.125: + 8·0.125·2.5381
    for (Loss loss : {Loss::squared_error, Loss::cross_entropy}) {
        CHECK(neuron.objective(x, t, loss, 0.0) == neuron.error(x, t, loss));
        CHECK_THAT(neuron.objective(x, t, loss, 0.125),
                   Catch::Matchers::WithinRel(neuron.error(x, t, loss) + 2.5381, 1e-15));
    }
}
#endif

TEMPLATE_TEST_CASE("fit reaches the optima of the tutorial's 8 points in every scalar type and size", "[fit][optimum]",
                   TINYNEURON_TEST_SCALARS) {
    using T = TestType;
    // Float carries about 7 digits: the objective to 1e-6, the parameters to 1e-4 (the optimum is
    // flat, so parameters are known to about the square root of the objective's precision).
    const double rel = std::is_same<T, float>::value ? 1e-6 : 1e-12;
    const double par = std::is_same<T, float>::value ? 3e-4 : 1e-8;
    const auto x = tutorial_samples<T>();
    const auto t = tutorial_targets<T>();
    const Matrix<T> xd = x;
    const Column<T> td = t;
    for (const Optimum &o : eight_point_optima) {
        INFO(loss_name(o.loss) << ", " << tinyneuron_test::type_name<T>());
        const auto check = [&](const auto &neuron, const FitResult<T> &r) {
            CHECK(r.status == FitStatus::converged);
            CHECK(r.iterations <= 6);
            CHECK_THAT(static_cast<double>(r.objective), Catch::Matchers::WithinRel(o.objective, rel));
            CHECK(r.objective == neuron.objective(x, t, o.loss, T(0)));
            CHECK_THAT(static_cast<double>(neuron.weights()(0)), Catch::Matchers::WithinRel(o.w1, par));
            CHECK_THAT(static_cast<double>(neuron.weights()(1)), Catch::Matchers::WithinRel(o.w2, par));
            CHECK_THAT(static_cast<double>(neuron.bias()), Catch::Matchers::WithinRel(o.b, par));
            // At a minimum the gradient vanishes: to rounding, relative to the objective.
            CHECK(static_cast<double>(r.gradient_norm) <= 1e3 * rel * o.objective);
        };
        auto fixed = zero_neuron<T, 2>(2);
        check(fixed, fixed.fit(x, t, fit_options<T>(o.loss)));
        auto dynamic = zero_neuron<T, Eigen::Dynamic>(2);
        check(dynamic, dynamic.fit(xd, td, fit_options<T>(o.loss)));
        // Row-major samples and an expression give the same steps.
        const Eigen::Matrix<T, Eigen::Dynamic, 2, Eigen::RowMajor> row_major = x;
        auto from_rows = zero_neuron<T, 2>(2);
        check(from_rows, from_rows.fit(row_major, t, fit_options<T>(o.loss)));
        auto from_expression = zero_neuron<T, 2>(2);
        check(from_expression, from_expression.fit(T(2) * x / T(2), t, fit_options<T>(o.loss)));
    }
}

#if TINYNEURON_TEST_UNTYPED
TEST_CASE("fit reaches the cross-entropy optimum from random starts", "[fit][optimum]") {
    const auto x = tutorial_samples<double>();
    const auto t = tutorial_targets<double>();
    const Optimum &o = eight_point_optima[0];
    for (std::uint64_t seed : {1u, 2u, 3u, 3346u}) {
        INFO("seed " << seed);
        std::mt19937_64 rng(seed);
        auto neuron = Neuron<double, 2>::random(rng);
        const auto r = neuron.fit(x, t);
        CHECK(r.status == FitStatus::converged);
        CHECK_THAT(r.objective, Catch::Matchers::WithinRel(o.objective, 1e-12));
        CHECK_THAT(neuron.weights()(0), Catch::Matchers::WithinRel(o.w1, 1e-8));
        CHECK_THAT(neuron.bias(), Catch::Matchers::WithinRel(o.b, 1e-8));
    }
}

TEST_CASE("every step of fit lowers the objective, and on_iteration sees each", "[fit][callback]") {
    const auto x = tutorial_samples<double>();
    const auto t = tutorial_targets<double>();
    for (Loss loss : {Loss::cross_entropy, Loss::squared_error}) {
        INFO(loss_name(loss));
        std::mt19937_64 rng(11);
        auto neuron = Neuron<double, 2>::random(rng);
        std::vector<double> seen{neuron.objective(x, t, loss, 0.0)};
        std::vector<std::size_t> iterations;
        const auto r = neuron.fit(x, t, fit_options<double>(loss), [&](std::size_t i, double f) {
            iterations.push_back(i);
            seen.push_back(f);
        });
        REQUIRE(iterations.size() == r.iterations);
        for (std::size_t i = 0; i < iterations.size(); ++i) {
            CHECK(iterations[i] == i);
            // Strictly lower, but for the last step, taken within the tolerance, whose change of
            // f is below f's rounding: f may show a change of an ulp or two either way.
            const bool last = i + 1 == iterations.size();
            CHECK((seen[i + 1] < seen[i] || last));
            CHECK(seen[i + 1] <= seen[i] * (1 + (last ? 4e-16 : 0.0)));
        }
        CHECK(seen.back() == r.objective);
    }
}

TEST_CASE("fit stops when on_iteration returns false, at the step reached", "[fit][callback]") {
    const auto x = tutorial_samples<double>();
    const auto t = tutorial_targets<double>();
    auto neuron = zero_neuron<double, 2>(2);
    double reported = 0;
    const auto r = neuron.fit(x, t, {}, [&](std::size_t, double f) {
        reported = f;
        return false;
    });
    CHECK(r.status == FitStatus::stopped);
    CHECK(r.iterations == 1);
    CHECK(r.objective == reported);
    CHECK(r.objective == neuron.objective(x, t, Loss::cross_entropy, 0.0));
    // One full Newton step from the zero neuron: 5.2849979334903479 (seen in a run of this build,
    // between 8·ln 2 = 5.545 at the start and the optimum 5.28295).
    CHECK_THAT(r.objective, Catch::Matchers::WithinRel(5.2849979334903479, 1e-12));
    // Without a penalty the objective's gradient is batch_gradients'.
    const auto g = neuron.batch_gradients(x, t, Loss::cross_entropy);
    CHECK_THAT(r.gradient_norm,
               Catch::Matchers::WithinRel(std::max(g.weights.cwiseAbs().maxCoeff(), std::abs(g.bias)), 1e-12));
    CHECK(r.gradient_norm > 1e-4); // one step is not yet the optimum
}

TEST_CASE("fit with max_iterations takes at most that many steps", "[fit][status]") {
    const auto x = tutorial_samples<double>();
    const auto t = tutorial_targets<double>();
    auto none = zero_neuron<double, 2>(2);
    FitOptions<double> o;
    o.max_iterations = 0;
    const auto r0 = none.fit(x, t, o);
    CHECK(r0.status == FitStatus::max_iterations);
    CHECK(r0.iterations == 0);
    CHECK(same_neuron(none, zero_neuron<double, 2>(2)));
    CHECK_THAT(r0.objective, Catch::Matchers::WithinRel(8 * std::log(2.0), 1e-15)); // ln 2 a row at z = 0
    o.max_iterations = 2;
    auto two = zero_neuron<double, 2>(2);
    const auto r2 = two.fit(x, t, o);
    CHECK(r2.status == FitStatus::max_iterations);
    CHECK(r2.iterations == 2);
    CHECK(r2.objective > eight_point_optima[0].objective);
    CHECK(r2.objective < 5.2849979334903479);
}

TEST_CASE("fit ends no_minimum on separable and one-class data, keeping separating parameters", "[fit][no_minimum]") {
    // Separable: the 8 points with the labels a vertical line x1 = 2.5 gives them.
    const auto x = tutorial_samples<double>();
    Eigen::Matrix<double, 8, 1> by_line;
    by_line << 1, 0, 1, 1, 1, 0, 1, 0;
    Eigen::Matrix<double, 8, 1> one_class = Eigen::Matrix<double, 8, 1>::Ones();
    for (const auto *targets : {&by_line, &one_class}) {
        for (Loss loss : {Loss::cross_entropy, Loss::squared_error}) {
            INFO(loss_name(loss) << (targets == &one_class ? ", one class" : ", separable"));
            auto neuron = zero_neuron<double, 2>(2);
            const auto r = neuron.fit(x, *targets, fit_options<double>(loss));
            CHECK(r.status == FitStatus::no_minimum);
            CHECK(r.iterations <= 10);
            CHECK(neuron.accuracy(x, *targets) == 1.0);
            CHECK(r.objective == neuron.objective(x, *targets, loss, 0.0));
        }
    }
    // A start that already separates ends at once, unchanged.
    const Neuron<double, 2> separating(Eigen::Vector2d(10, 0), -25);
    auto neuron = separating;
    const auto r = neuron.fit(x, by_line);
    CHECK(r.status == FitStatus::no_minimum);
    CHECK(r.iterations == 0);
    CHECK(same_neuron(neuron, separating));
    // With a penalty there is a minimum, and fit converges to it.
    auto penalised = zero_neuron<double, 2>(2);
    const auto rp = penalised.fit(x, by_line, fit_options<double>(Loss::cross_entropy, 0.01));
    CHECK(rp.status == FitStatus::converged);
    CHECK(rp.gradient_norm < 1e-10);
}

TEST_CASE("fit on a column that repeats the bias's ends finite, at the optimum without it", "[fit][singular]") {
    // A constant column is the bias again: the Hessian is singular, the optimum a line of θ, and
    // every point of it has the objective of the data without that column.
    const auto x2 = tutorial_samples<double>();
    const auto t = tutorial_targets<double>();
    Matrix<double> x3(8, 3);
    x3 << x2, Column<double>::Constant(8, 1.0);
    auto neuron = zero_neuron<double, Eigen::Dynamic>(3);
    const auto r = neuron.fit(x3, t);
    CHECK(r.status == FitStatus::converged);
    CHECK(neuron.weights().allFinite());
    CHECK(std::isfinite(neuron.bias()));
    CHECK_THAT(r.objective, Catch::Matchers::WithinRel(eight_point_optima[0].objective, 1e-12));
    // The sum w3 + b is the bias of the two-column optimum.
    CHECK_THAT(neuron.weights()(2) + neuron.bias(), Catch::Matchers::WithinRel(eight_point_optima[0].b, 1e-8));
}

TEST_CASE("fit takes the same steps on inputs in other units (Newton's method is affine invariant)", "[fit][scale]") {
    const auto x = tutorial_samples<double>();
    const auto t = tutorial_targets<double>();
    // Column 1 in thousandths, column 2 shifted by 1000 and scaled by 10⁴.
    Eigen::Matrix<double, 8, 2> y = x;
    y.col(0) *= 1000.0;
    y.col(1) = (y.col(1).array() + 1000.0) * 1e4;
    auto plain = zero_neuron<double, 2>(2);
    auto scaled = zero_neuron<double, 2>(2);
    const auto a = plain.fit(x, t);
    const auto b = scaled.fit(y, t);
    CHECK(b.status == FitStatus::converged);
    CHECK(b.iterations <= a.iterations + 2);
    CHECK_THAT(b.objective, Catch::Matchers::WithinRel(a.objective, 1e-11));
    CHECK_THAT(scaled.weights()(0) * 1000.0, Catch::Matchers::WithinRel(plain.weights()(0), 1e-6));
    CHECK_THAT(scaled.weights()(1) * 1e4, Catch::Matchers::WithinRel(plain.weights()(1), 1e-6));
}

TEST_CASE("train with l2 records the penalised objective, its last record that of the trained neuron",
          "[fit][train][l2]") {
    const auto x = tutorial_samples<double>();
    const auto t = tutorial_targets<double>();
    for (Loss loss : {Loss::squared_error, Loss::cross_entropy}) {
        INFO(loss_name(loss));
        std::mt19937_64 rng(9);
        auto neuron = Neuron<double, 2>::random(rng);
        tinyneuron::TrainOptions<double> o;
        o.loss = loss;
        o.l2 = 0.05;
        o.record_every = 1;
        o.iterations = 50;
        o.batch_size = 0;
        std::vector<double> seen;
        const auto history = neuron.train(x, t, o, rng, [&](std::size_t, double f) { seen.push_back(f); });
        REQUIRE(history.size() == 50);
        CHECK(history == seen);
        CHECK(history.back() == neuron.objective(x, t, loss, 0.05));
        CHECK(history.back() > neuron.error(x, t, loss));
    }
}

TEST_CASE("fit refuses bad input, naming it, and changes nothing", "[fit][bad]") {
    const auto x = tutorial_samples<double>();
    const auto t = tutorial_targets<double>();
    const auto start = tinyneuron_test::tutorial_neuron<double>();
    auto neuron = start;
    const auto refuses = [&](const auto &samples, const auto &targets, const FitOptions<double> &o,
                             const std::string &message) {
        INFO(message);
        CHECK_THROWS_AS(neuron.fit(samples, targets, o), std::invalid_argument);
        CHECK_THROWS_WITH(neuron.fit(samples, targets, o), message);
        CHECK(same_neuron(neuron, start));
    };
    const FitOptions<double> ok;
    refuses(Matrix<double>::Ones(8, 3), t, ok,
            "tinyneuron::Neuron::fit: samples have 3 columns, expected 2 (one per input, one sample per row)");
    refuses(Matrix<double>(0, 2), Column<double>(0), ok,
            "tinyneuron::Neuron::fit: samples have 0 rows, expected at least 1");
    refuses(x, Eigen::Matrix<double, 7, 1>::Zero(), ok,
            "tinyneuron::Neuron::fit: targets have 7 values, expected 8 (one per row of samples)");
    Eigen::Matrix<double, 8, 2> bad = x;
    bad(5, 1) = std::numeric_limits<double>::quiet_NaN();
    refuses(bad, t, ok, "tinyneuron::Neuron::fit: samples at row 5, column 1 is nan, expected a finite value");
    bad(5, 1) = std::numeric_limits<double>::infinity();
    refuses(bad, t, ok, "tinyneuron::Neuron::fit: samples at row 5, column 1 is inf, expected a finite value");
    Eigen::Matrix<double, 8, 1> far = t;
    far(2) = 1.5;
    refuses(x, far, ok, "tinyneuron::Neuron::fit: targets[2] is 1.5, expected a value in [0, 1]");
    FitOptions<double> o;
    o.loss = static_cast<Loss>(7);
    refuses(x, t, o, "tinyneuron::Neuron::fit: loss is 7, expected Loss::squared_error or Loss::cross_entropy");
    o = ok;
    o.l2 = -0.5;
    refuses(x, t, o, "tinyneuron::Neuron::fit: l2 is -0.5, expected a finite value >= 0");
    o.l2 = std::numeric_limits<double>::infinity();
    refuses(x, t, o, "tinyneuron::Neuron::fit: l2 is inf, expected a finite value >= 0");
    o = ok;
    for (double tolerance : {0.0, -1e-9}) {
        o.tolerance = tolerance;
        refuses(x, t, o,
                "tinyneuron::Neuron::fit: tolerance is " + tinyneuron::detail::number(tolerance) +
                    ", expected a finite value > 0");
    }
    o.tolerance = std::numeric_limits<double>::quiet_NaN();
    refuses(x, t, o, "tinyneuron::Neuron::fit: tolerance is nan, expected a finite value > 0");
    CHECK_THROWS_AS(neuron.objective(x, t, Loss::cross_entropy, -1.0), std::invalid_argument);
    CHECK_THROWS_WITH(neuron.objective(x, t, Loss::cross_entropy, -1.0),
                      "tinyneuron::Neuron::objective: l2 is -1, expected a finite value >= 0");
    // What on_iteration throws reaches the caller, and the neuron keeps what it had.
    const auto throws_at_second_step = [](std::size_t i, double) {
        if (i == 1) {
            throw std::runtime_error("enough");
        }
    };
    CHECK_THROWS_WITH(neuron.fit(x, t, ok, throws_at_second_step), "enough");
    CHECK(same_neuron(neuron, start));
}
#endif
