// SPDX-License-Identifier: MIT
// Neuron::fit and Neuron::objective, through the public API: the objective as error plus the
// penalty; the optima of the tutorial's 8 points (both losses) in every sample layout and for a
// fixed-size and a dynamic-size neuron (the one test of fit's layouts), and from random starts;
// one Newton step from the zero neuron derived by hand, and the gradient fit reports against
// batch_gradients; no_minimum on separable and one-class data; the statuses, the callback, a
// singular Hessian, affine invariance, train's record of the penalised objective and the refusals.
#include "catch_compat.hpp"
#include "test_support.hpp"

#include <tinyneuron/neuron.hpp>

#include <Eigen/Cholesky> // LDLT, for the hand-derived Newton step

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
using tinyneuron_test::eight_point_optima;
using tinyneuron_test::fit_options;
using tinyneuron_test::loss_name;
using tinyneuron_test::Optimum;
using tinyneuron_test::same_neuron;
using tinyneuron_test::tutorial_samples;
using tinyneuron_test::tutorial_targets;
template <class T, int N = Eigen::Dynamic> using Neuron = tinyneuron::Neuron<T, N>;
template <class T> using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
template <class T> using Column = Eigen::Matrix<T, Eigen::Dynamic, 1>;

template <class T, int N = Eigen::Dynamic> Neuron<T, N> zero_neuron(Eigen::Index inputs) {
    return Neuron<T, N>(Eigen::Matrix<T, N, 1>::Zero(inputs), T(0));
}

#if TINYNEURON_TEST_UNTYPED
/// One undamped Newton step of the cross-entropy on the 8 points from θ = (w, b) = 0, derived
/// here: with rows a_i = (x_i, 1), σ = ½ everywhere, so the gradient is Σ(½ − t_i)·a_i and the
/// Hessian Σ ¼·a_i·a_iᵀ, and the step θ₁ = −H⁻¹∇ solves (AᵀA)·θ₁ = Aᵀ(4t − 2). Returns θ₁ and
/// fills the cross-entropy there, Σ log(1 + e^z) − t·z, both in long double.
Eigen::Matrix<long double, 3, 1> newton_step_from_zero(long double &objective) {
    Eigen::Matrix<long double, 8, 3> a;
    a << tutorial_samples<long double>(), Eigen::Matrix<long double, 8, 1>::Ones();
    const Eigen::Matrix<long double, 8, 1> t = tutorial_targets<long double>();
    const Eigen::Matrix<long double, 3, 3> ata = a.transpose() * a;
    const Eigen::Matrix<long double, 3, 1> rhs = a.transpose() * (4 * t.array() - 2).matrix();
    const Eigen::Matrix<long double, 3, 1> theta = ata.ldlt().solve(rhs);
    objective = 0;
    for (int i = 0; i < 8; ++i) {
        const long double z = a.row(i).dot(theta);
        objective += std::log1p(std::exp(z)) - t(i) * z;
    }
    return theta;
}
#endif

/// An on_iteration that stops fit after its first step and keeps the objective reported; one
/// type for the tests that stop, so that fit is compiled once for them.
struct StopAfterFirstStep {
    double *reported;
    bool operator()(std::size_t, double f) const {
        *reported = f;
        return false;
    }
};

} // namespace

#if TINYNEURON_TEST_UNTYPED // in one of the per-type builds of this file (test_support.hpp)
TEST_CASE("objective is the error plus rows times l2 times the squared weights", "[fit][objective]") {
    const Matrix<double> x = tutorial_samples<double>();
    const Column<double> t = tutorial_targets<double>();
    const auto neuron = tinyneuron_test::tutorial_neuron<double>();
    // ‖w‖² = 1.45² + 0.66² = 2.1025 + 0.4356 = 2.5381; 8 rows, l2 = 0.125: + 8·0.125·2.5381
    for (Loss loss : {Loss::squared_error, Loss::cross_entropy}) {
        CHECK(neuron.objective(x, t, loss, 0.0) == neuron.error(x, t, loss));
        CHECK_THAT(neuron.objective(x, t, loss, 0.125),
                   Catch::Matchers::WithinRel(neuron.error(x, t, loss) + 2.5381, 1e-15));
    }
}
#endif

TEMPLATE_TEST_CASE("fit reaches the optima of the tutorial's 8 points in every layout and size",
                   "[fit][optimum][layout]", TINYNEURON_TEST_SCALARS) {
    // The one test of fit's sample layouts: a fixed-size neuron on fixed-size samples and on an
    // expression, a dynamic-size neuron on column-major samples and on a map of a row-major array
    // (each further layout costs seconds of compilation: one test of them is enough). Every other
    // test of fit uses dynamic sizes but the singular test's fixed-size case below.
    using T = TestType;
    // Float carries about 7 digits: the objective to 1e-6, the parameters to 1e-4 (the optimum is
    // flat, so parameters are known to about the square root of the objective's precision).
    const double rel = std::is_same<T, float>::value ? 1e-6 : 1e-12;
    const double par = std::is_same<T, float>::value ? 3e-4 : 1e-8;
    const Eigen::Matrix<T, 8, 2> x = tutorial_samples<T>();
    const Eigen::Matrix<T, 8, 1> t = tutorial_targets<T>();
    const Matrix<T> xd = x;
    const Column<T> td = t;
    // A raw row-major array and its targets, read in place: row-major and mapped at once.
    std::vector<T> raw(16);
    std::vector<T> raw_t(8);
    Eigen::Map<Eigen::Matrix<T, 8, 2, Eigen::RowMajor>>(raw.data()) = x;
    Eigen::Map<Column<T>>(raw_t.data(), 8) = t;
    const Eigen::Map<const Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> mapped(raw.data(), 8, 2);
    const Eigen::Map<const Column<T>> mapped_t(raw_t.data(), 8);
    for (const Optimum &o : eight_point_optima) {
        INFO(loss_name(o.loss) << ", " << tinyneuron_test::type_name<T>());
        const auto check = [&](const auto &neuron, const FitResult<T> &r) {
            CHECK(r.status == FitStatus::converged);
            CHECK(r.iterations <= 6);
            CHECK_THAT(static_cast<double>(r.objective), Catch::Matchers::WithinRel(o.objective, rel));
            CHECK(r.objective == neuron.objective(xd, td, o.loss, T(0)));
            CHECK_THAT(static_cast<double>(neuron.weights()(0)), Catch::Matchers::WithinRel(o.w1, par));
            CHECK_THAT(static_cast<double>(neuron.weights()(1)), Catch::Matchers::WithinRel(o.w2, par));
            CHECK_THAT(static_cast<double>(neuron.bias()), Catch::Matchers::WithinRel(o.b, par));
            // At a minimum the gradient vanishes: to rounding, relative to the objective.
            CHECK(static_cast<double>(r.gradient_norm) <= 1e3 * rel * o.objective);
        };
        const FitOptions<T> options = fit_options<T>().loss(o.loss);
        auto fixed = zero_neuron<T, 2>(2);
        check(fixed, fixed.fit(x, t, options));
        auto from_expression = zero_neuron<T, 2>(2);
        check(from_expression, from_expression.fit(T(2) * x / T(2), t, options));
        auto dynamic = zero_neuron<T>(2);
        check(dynamic, dynamic.fit(xd, td, options));
        auto from_map = zero_neuron<T>(2);
        check(from_map, from_map.fit(mapped, mapped_t, options));
    }
}

#if TINYNEURON_TEST_UNTYPED
TEST_CASE("fit reaches the cross-entropy optimum from random starts", "[fit][optimum]") {
    const Matrix<double> x = tutorial_samples<double>();
    const Column<double> t = tutorial_targets<double>();
    const Optimum &o = eight_point_optima[0];
    for (std::uint64_t seed : {1u, 2u, 3u, 3346u}) {
        INFO("seed " << seed);
        std::mt19937_64 rng(seed);
        auto neuron = Neuron<double>::random(2, rng);
        const auto r = neuron.fit(x, t);
        CHECK(r.status == FitStatus::converged);
        CHECK_THAT(r.objective, Catch::Matchers::WithinRel(o.objective, 1e-12));
        CHECK_THAT(neuron.weights()(0), Catch::Matchers::WithinRel(o.w1, 1e-8));
        CHECK_THAT(neuron.bias(), Catch::Matchers::WithinRel(o.b, 1e-8));
    }
}

TEST_CASE("every step of fit lowers the objective, and on_iteration sees each", "[fit][callback]") {
    const Matrix<double> x = tutorial_samples<double>();
    const Column<double> t = tutorial_targets<double>();
    for (Loss loss : {Loss::cross_entropy, Loss::squared_error}) {
        INFO(loss_name(loss));
        std::mt19937_64 rng(11);
        auto neuron = Neuron<double>::random(2, rng);
        std::vector<double> seen{neuron.objective(x, t, loss, 0.0)};
        std::vector<std::size_t> iterations;
        const auto r = neuron.fit(x, t, fit_options<double>().loss(loss), [&](std::size_t i, double f) {
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
    const Matrix<double> x = tutorial_samples<double>();
    const Column<double> t = tutorial_targets<double>();
    auto neuron = zero_neuron<double>(2);
    double reported = 0;
    const auto r = neuron.fit(x, t, {}, StopAfterFirstStep{&reported});
    CHECK(r.status == FitStatus::stopped);
    CHECK(r.iterations == 1);
    CHECK(r.objective == reported);
    CHECK(r.objective == neuron.objective(x, t, Loss::cross_entropy, 0.0));
    // One full Newton step from the zero neuron, derived by hand: between 8·ln 2 = 5.545 at the
    // start and the optimum 5.28295.
    long double objective = 0;
    const auto theta = newton_step_from_zero(objective);
    CHECK_THAT(r.objective, Catch::Matchers::WithinRel(static_cast<double>(objective), 1e-12));
    CHECK_THAT(neuron.weights()(0), Catch::Matchers::WithinRel(static_cast<double>(theta(0)), 1e-12));
    CHECK_THAT(neuron.weights()(1), Catch::Matchers::WithinRel(static_cast<double>(theta(1)), 1e-12));
    CHECK_THAT(neuron.bias(), Catch::Matchers::WithinRel(static_cast<double>(theta(2)), 1e-12));
    CHECK(r.objective > eight_point_optima[0].objective);
    CHECK(r.objective < 8 * std::log(2.0));
    CHECK(r.gradient_norm > 1e-4); // one step is not yet the optimum
}

TEST_CASE("fit's gradient_norm is the largest component of batch_gradients plus the penalty's 2 rows l2 w",
          "[fit][gradients]") {
    // Stopped after one step, where the gradient is far from 0, for both losses, with and without a
    // penalty: the objective error + rows·l2·‖w‖² has the gradient batch_gradients + (2·rows·l2·w, 0).
    const Matrix<double> x = tutorial_samples<double>();
    const Column<double> t = tutorial_targets<double>();
    for (Loss loss : {Loss::cross_entropy, Loss::squared_error}) {
        for (double l2 : {0.0, 0.125}) {
            INFO(loss_name(loss) << ", l2 " << l2);
            Neuron<double> neuron(Eigen::Vector2d(0.5, -0.25), 0.125);
            double reported = 0;
            const auto r = neuron.fit(x, t, fit_options<double>().loss(loss).l2(l2), StopAfterFirstStep{&reported});
            REQUIRE(r.status == FitStatus::stopped);
            CHECK(r.objective == reported);
            const auto g = neuron.batch_gradients(x, t, loss);
            const Eigen::VectorXd weights = g.weights + 2 * 8 * l2 * neuron.weights();
            const double largest = std::max(weights.cwiseAbs().maxCoeff(), std::abs(g.bias));
            CHECK_THAT(r.gradient_norm, Catch::Matchers::WithinRel(largest, 1e-12));
            CHECK(r.gradient_norm > 1e-4);
        }
    }
}

TEST_CASE("fit's first step near a minimum is the Newton step of the Hessian of batch_gradients' central differences",
          "[fit][gradients]") {
    // Near each optimum the Hessian is positive definite and the full step is taken, so the step
    // fit reports is −H⁻¹·∇f. H here comes from central differences of batch_gradients (step h:
    // truncation ~h², rounding ~ε/h, both far below 1e-6), so this checks fit's Hessian of both
    // losses, the squared error's second term (σ − t)·σ'' included, against its gradient alone.
    const Matrix<double> x = tutorial_samples<double>();
    const Column<double> t = tutorial_targets<double>();
    for (const Optimum &optimum : eight_point_optima) {
        INFO(loss_name(optimum.loss));
        const Eigen::Vector3d start(optimum.w1 + 0.05, optimum.w2 - 0.05, optimum.b + 0.1);
        const auto gradient = [&](const Eigen::Vector3d &theta) {
            const auto g = Neuron<double>(theta.head<2>(), theta(2)).batch_gradients(x, t, optimum.loss);
            return Eigen::Vector3d(g.weights(0), g.weights(1), g.bias);
        };
        const double h = 1e-5;
        Eigen::Matrix3d hessian;
        for (int j = 0; j < 3; ++j) {
            const Eigen::Vector3d step = h * Eigen::Vector3d::Unit(j);
            hessian.col(j) = (gradient(start + step) - gradient(start - step)) / (2 * h);
        }
        const Eigen::Vector3d expected = -hessian.ldlt().solve(gradient(start));
        Neuron<double> neuron(start.head<2>(), start(2));
        double reported = 0;
        const auto r = neuron.fit(x, t, fit_options<double>().loss(optimum.loss), StopAfterFirstStep{&reported});
        REQUIRE(r.status == FitStatus::stopped);
        const Eigen::Vector3d taken(neuron.weights()(0) - start(0), neuron.weights()(1) - start(1),
                                    neuron.bias() - start(2));
        CHECK((taken - expected).norm() <= 1e-6 * expected.norm());
        CHECK(expected.norm() > 0.05); // a real step, not one lost in the tolerance
    }
}

TEST_CASE("fit with max_iterations takes at most that many steps", "[fit][status]") {
    const Matrix<double> x = tutorial_samples<double>();
    const Column<double> t = tutorial_targets<double>();
    auto none = zero_neuron<double>(2);
    FitOptions<double> o;
    o.max_iterations = 0;
    const auto r0 = none.fit(x, t, o);
    CHECK(r0.status == FitStatus::max_iterations);
    CHECK(r0.iterations == 0);
    CHECK(same_neuron(none, zero_neuron<double>(2)));
    CHECK_THAT(r0.objective, Catch::Matchers::WithinRel(8 * std::log(2.0), 1e-15)); // ln 2 a row at z = 0
    o.max_iterations = 2;
    auto two = zero_neuron<double>(2);
    const auto r2 = two.fit(x, t, o);
    CHECK(r2.status == FitStatus::max_iterations);
    CHECK(r2.iterations == 2);
    CHECK(r2.objective > eight_point_optima[0].objective);
    long double one_step = 0;
    newton_step_from_zero(one_step);
    CHECK(r2.objective < static_cast<double>(one_step));
}

TEST_CASE("fit ends no_minimum on separable and one-class data, keeping separating parameters", "[fit][no_minimum]") {
    // Separable: the 8 points with the labels a vertical line x1 = 2.5 gives them.
    const Matrix<double> x = tutorial_samples<double>();
    Column<double> by_line(8);
    by_line << 1, 0, 1, 1, 1, 0, 1, 0;
    Column<double> one_class = Column<double>::Ones(8);
    for (const auto *targets : {&by_line, &one_class}) {
        for (Loss loss : {Loss::cross_entropy, Loss::squared_error}) {
            INFO(loss_name(loss) << (targets == &one_class ? ", one class" : ", separable"));
            auto neuron = zero_neuron<double>(2);
            const auto r = neuron.fit(x, *targets, fit_options<double>().loss(loss));
            CHECK(r.status == FitStatus::no_minimum);
            CHECK(r.iterations <= 10);
            CHECK(neuron.accuracy(x, *targets) == 1.0);
            CHECK(r.objective == neuron.objective(x, *targets, loss, 0.0));
        }
    }
    // A start that already separates ends at once, unchanged.
    const Neuron<double> separating(Eigen::Vector2d(10, 0), -25);
    auto neuron = separating;
    const auto r = neuron.fit(x, by_line);
    CHECK(r.status == FitStatus::no_minimum);
    CHECK(r.iterations == 0);
    CHECK(same_neuron(neuron, separating));
    // With a penalty there is a minimum, and fit converges to it.
    auto penalised = zero_neuron<double>(2);
    const auto rp = penalised.fit(x, by_line, fit_options<double>().loss(Loss::cross_entropy).l2(0.01));
    CHECK(rp.status == FitStatus::converged);
    CHECK(rp.gradient_norm < 1e-10);
}

TEST_CASE("fit on a column that repeats the bias's ends finite, at the optimum without it", "[fit][singular]") {
    // A constant column is the bias again: the Hessian is singular, the optimum a line of θ, and
    // every point of it has the objective of the data without that column.
    const Matrix<double> x2 = tutorial_samples<double>();
    const Column<double> t = tutorial_targets<double>();
    Matrix<double> x3(8, 3);
    x3 << x2, Column<double>::Constant(8, 1.0);
    auto neuron = zero_neuron<double>(3);
    const auto r = neuron.fit(x3, t);
    CHECK(r.status == FitStatus::converged);
    CHECK(neuron.weights().allFinite());
    CHECK(std::isfinite(neuron.bias()));
    CHECK_THAT(r.objective, Catch::Matchers::WithinRel(eight_point_optima[0].objective, 1e-12));
    // The sum w3 + b is the bias of the two-column optimum.
    CHECK_THAT(neuron.weights()(2) + neuron.bias(), Catch::Matchers::WithinRel(eight_point_optima[0].b, 1e-8));
    // The fixed-size case, on two columns, the second the constant: a fixed-size neuron on
    // fixed-size samples holds it at 0 as the dynamic-size one does, and fits the same.
    Eigen::Matrix<double, 8, 2> fixed_x;
    fixed_x << x2.col(0), Column<double>::Constant(8, 1.0);
    const Eigen::Matrix<double, 8, 1> fixed_t = t;
    Neuron<double, 2> fixed(Eigen::Vector2d::Zero(), 0.0);
    const auto rf = fixed.fit(fixed_x, fixed_t);
    auto dynamic = zero_neuron<double>(2);
    const auto rd = dynamic.fit(Matrix<double>(fixed_x), t);
    CHECK(rf.status == FitStatus::converged);
    CHECK(rd.status == FitStatus::converged);
    CHECK((rf.aliased == rd.aliased).all());
    CHECK(rf.aliased(1));
    CHECK(fixed.weights()(1) == 0);
    CHECK(tinyneuron_test::close(fixed.weights()(0), dynamic.weights()(0), 1e-13, 1e-13));
    CHECK(tinyneuron_test::close(fixed.bias(), dynamic.bias(), 1e-13, 1e-13));
}

TEST_CASE("fit takes the same steps on inputs in other units (Newton's method is affine invariant)", "[fit][scale]") {
    const Matrix<double> x = tutorial_samples<double>();
    const Column<double> t = tutorial_targets<double>();
    // Column 1 in thousandths, column 2 shifted by 1000 and scaled by 10⁴.
    Matrix<double> y = x;
    y.col(0) *= 1000.0;
    y.col(1) = (y.col(1).array() + 1000.0) * 1e4;
    auto plain = zero_neuron<double>(2);
    auto scaled = zero_neuron<double>(2);
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
    const Matrix<double> x = tutorial_samples<double>();
    const Column<double> t = tutorial_targets<double>();
    for (Loss loss : {Loss::squared_error, Loss::cross_entropy}) {
        INFO(loss_name(loss));
        std::mt19937_64 rng(9);
        auto neuron = Neuron<double>::random(2, rng);
        const tinyneuron::TrainOptions<double> o =
            tinyneuron_test::train_options<double>().loss(loss).l2(0.05).record_every(1).iterations(50).batch_size(0);
        std::vector<double> seen;
        const auto history = neuron.train(x, t, o, rng, [&](std::size_t, double f) { seen.push_back(f); });
        REQUIRE(history.size() == 50);
        CHECK(history == seen);
        CHECK(history.back() == neuron.objective(x, t, loss, 0.05));
        CHECK(history.back() > neuron.error(x, t, loss));
    }
}

TEST_CASE("fit refuses bad input, naming it, and changes nothing", "[fit][bad]") {
    const Matrix<double> x = tutorial_samples<double>();
    const Column<double> t = tutorial_targets<double>();
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
    const Matrix<double> three_columns = Matrix<double>::Ones(8, 3);
    refuses(three_columns, t, ok,
            "tinyneuron::Neuron::fit: samples have 3 columns, expected 2 (one per input, one sample per row)");
    refuses(Matrix<double>(0, 2), Column<double>(0), ok,
            "tinyneuron::Neuron::fit: samples have 0 rows, expected at least 1");
    const Column<double> seven = Column<double>::Zero(7);
    refuses(x, seven, ok, "tinyneuron::Neuron::fit: targets have 7 values, expected 8 (one per row of samples)");
    Matrix<double> bad = x;
    bad(5, 1) = std::numeric_limits<double>::quiet_NaN();
    refuses(bad, t, ok, "tinyneuron::Neuron::fit: samples at row 5, column 1 is nan, expected a finite value");
    bad(5, 1) = std::numeric_limits<double>::infinity();
    refuses(bad, t, ok, "tinyneuron::Neuron::fit: samples at row 5, column 1 is inf, expected a finite value");
    Column<double> far = t;
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
    o.tolerance = 0.0;
    refuses(x, t, o, "tinyneuron::Neuron::fit: tolerance is 0, expected a finite value > 0");
    o.tolerance = -1e-9;
    refuses(x, t, o, "tinyneuron::Neuron::fit: tolerance is -1e-09, expected a finite value > 0");
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
