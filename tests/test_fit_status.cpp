// SPDX-License-Identifier: MIT
// Neuron::fit tells the truth (issue 25): no_minimum where the classes are separated completely or
// quasi-completely (a certificate checked on every row, its strict rows counted), or one class has
// a penalty; aliased columns held at 0; an optimum derived by hand on data nearly separable;
// inputs and starts far out, columns whose x² over- or underflows, gradients that overflow; the
// squared error's saturated starts; error() at z = ±∞; the callback's neuron; and a property test
// over thousands of random problems: every `converged` is within the tolerance of a reference
// minimum, found on the same problem standardised, without its repeated and constant columns.
#include "catch_compat.hpp"
#include "test_support.hpp"

#include <tinyneuron/neuron.hpp>

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <random>
#include <stdexcept>
#include <vector>

/// The exception's type and its whole message (Catch2 v2.13 has no CHECK_THROWS_WITH_AS).
#define CHECK_REFUSED(expression, message, type)                                                                       \
    CHECK_THROWS_AS(expression, type);                                                                                 \
    CHECK_THROWS_WITH(expression, message)

namespace {

using tinyneuron::FitOptions;
using tinyneuron::FitResult;
using tinyneuron::FitStatus;
using tinyneuron::Loss;
template <class T> using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
template <class T> using Column = Eigen::Matrix<T, Eigen::Dynamic, 1>;
template <class T> using Neuron = tinyneuron::Neuron<T>;

template <class T> Neuron<T> zero(Eigen::Index inputs) { return Neuron<T>(Column<T>::Zero(inputs), T(0)); }

template <class T> Matrix<T> matrix(Eigen::Index rows, Eigen::Index cols, std::initializer_list<double> values) {
    Matrix<T> m(rows, cols);
    auto v = values.begin();
    for (Eigen::Index i = 0; i < rows; ++i) {
        for (Eigen::Index j = 0; j < cols; ++j) {
            m(i, j) = static_cast<T>(*v++);
        }
    }
    return m;
}
template <class T> Column<T> column(std::initializer_list<double> values) {
    return matrix<T>(static_cast<Eigen::Index>(values.size()), 1, values);
}

} // namespace

TEMPLATE_TEST_CASE("fit ends no_minimum on quasi-separated data, counting the rows strictly on their side",
                   "[fit][no_minimum]", TINYNEURON_TEST_SCALARS) {
    using T = TestType;
    SECTION("four rows: x = 0 and 2 on their side, x = 1 of both classes on the plane") {
        // v = (w, b) = (1, −1) gives margins 1, 0, 0, 1: no row's loss rises along v, two fall.
        Neuron<T> n = zero<T>(1);
        const FitResult<T> r = n.fit(column<T>({0, 1, 1, 2}), column<T>({0, 0, 1, 1}));
        CHECK(r.status == FitStatus::no_minimum);
        CHECK(r.separated_rows == 2);
        CHECK(r.iterations < 100);
        CHECK(n.weights()(0) > T(5)); // on its way out along v
    }
    SECTION("a 2-D cloud with rows of both classes alternating on the line x2 = x1") {
        // v = (−1, 1, 0): margin x2 − x1 for class 1, x1 − x2 for class 0, 0 on the line. The line's
        // classes alternate, so no direction puts them on their sides: exactly the 6 off it.
        const Matrix<T> x = matrix<T>(10, 2, {0, 0, 1, 1, 2, 2, 3, 3, 0, 1, 1, 3, 2, 2.5, 1, 0, 3, 1, 2, 0.5});
        const Column<T> t = column<T>({0, 1, 0, 1, 1, 1, 1, 0, 0, 0});
        Neuron<T> n = zero<T>(2);
        const FitResult<T> r = n.fit(x, t);
        CHECK(r.status == FitStatus::no_minimum);
        CHECK(r.separated_rows == 6);
    }
}

#if TINYNEURON_TEST_UNTYPED // in one of the per-type builds of this file (test_support.hpp)
TEST_CASE("fit ends no_minimum on mtcars' am ~ disp + gear, where R warns of fitted probabilities 0 or 1",
          "[fit][no_minimum]") {
    // tinyneuron_test::Mtcars: 20 rows strictly on their side, 12 on the plane gear = 4.
    const tinyneuron_test::Mtcars cars;
    const Matrix<double> &x = cars.samples;
    const Column<double> &t = cars.targets;
    Neuron<double> n = zero<double>(2);
    const FitResult<double> r = n.fit(x, t);
    CHECK(r.status == FitStatus::no_minimum);
    CHECK(r.separated_rows == 20);
}
#endif

TEMPLATE_TEST_CASE("fit converges on data one row short of separable, to the optimum derived by hand",
                   "[fit][converged]", TINYNEURON_TEST_SCALARS) {
    using T = TestType;
    // x = 0, 1, 1, 2, 2, 3 with t = 0, 0, 1, 1, 0, 1. The optimum has Σ(σ(z_i) − t_i) = 0 and
    // Σ x_i·(σ(z_i) − t_i) = 0; w = ln 4, b = −ln 8 give σ = 1/9, 1/3, 2/3, 8/9 at x = 0..3, whose sums
    // 1/9 + 2/3 + 4/3 + 8/9 = 3 = Σt and 0 + 2/3 + 8/3 + 8/3 = 6 = Σx·t. (R's glm: 1.3862943611198901,
    // −2.0794415416798344.) Deviance −2·[2·ln(8/9) + 2·ln(2/3) + 2·ln(1/3)].
    const Column<T> x = column<T>({0, 1, 1, 2, 2, 3});
    const Column<T> t = column<T>({0, 0, 1, 1, 0, 1});
    Neuron<T> n = zero<T>(1);
    const FitResult<T> r = n.fit(x, t);
    REQUIRE(r.status == FitStatus::converged);
    const T tol = T(64) * std::numeric_limits<T>::epsilon();
    using std::log;
    CHECK(tinyneuron_test::close(n.weights()(0), log(T(4)), tol, tol));
    CHECK(tinyneuron_test::close(n.bias(), -log(T(8)), tol, tol));
    const T deviance = T(-2) * (T(2) * log(T(8) / T(9)) + T(2) * log(T(2) / T(3)) + T(2) * log(T(1) / T(3)));
    CHECK(tinyneuron_test::close(n.summary(x, t).deviance, deviance, tol, tol));
}

TEMPLATE_TEST_CASE("fit ends no_minimum on one-class data, with a penalty too, predicting every row right",
                   "[fit][no_minimum]", TINYNEURON_TEST_SCALARS) {
    using T = TestType;
    // The bias is not penalised: v = (0, 1) lowers every row's loss and leaves l2·‖w‖² as it is.
    for (const T l2 : {T(0), T(0.1)}) {
        FitOptions<T> o;
        o.l2 = l2;
        Neuron<T> n = zero<T>(1);
        const FitResult<T> r = n.fit(column<T>({1, 2, 3, 4}), Column<T>::Ones(4), o);
        CHECK(r.status == FitStatus::no_minimum);
        CHECK(r.separated_rows == 4);
        CHECK(n.accuracy(column<T>({1, 2, 3, 4}), Column<T>::Ones(4)) == T(1));
    }
}

#if TINYNEURON_TEST_UNTYPED // in one of the per-type builds of this file (test_support.hpp)
TEST_CASE("with a penalty, separable data has a minimum, and fit converges to it", "[fit][converged]") {
    // n·l2·‖w‖² grows along any direction that moves the weights: no certificate but the bias's.
    const Column<double> x = column<double>({-2, -1, 1, 2});
    const Column<double> t = column<double>({0, 0, 1, 1});
    for (const double l2 : {0.1, 1e-3, 1e-6}) {
        INFO("l2 " << l2);
        FitOptions<double> o;
        o.l2 = l2;
        Neuron<double> n = zero<double>(1);
        const FitResult<double> r = n.fit(x, t, o);
        CHECK(r.status == FitStatus::converged);
        CHECK(r.separated_rows == 0);
        // At the minimum ∂f/∂w = Σ x_i·(σ(z_i) − t_i) + 2n·l2·w = 0.
        const auto g = n.batch_gradients(x, t, Loss::cross_entropy);
        CHECK(std::abs(g.weights(0) + 2 * 4 * l2 * n.weights()(0)) < 1e-9);
    }
    // Fewer rows than parameters, with a penalty: one minimum too.
    FitOptions<double> o;
    o.l2 = 1e-2;
    Neuron<double> wide = zero<double>(4);
    CHECK(wide.fit(matrix<double>(2, 4, {1, 2, 3, 4, -1, 0, 2, 5}), column<double>({0, 1}), o).status ==
          FitStatus::converged);
}

TEST_CASE("a tolerance finer than double can resolve ends converged at the minimum, where the Hessian is definite",
          "[fit][converged]") {
    // No decrement is within 10⁻³⁰⁰ of the objective: the fit steps on until no step lowers the objective as far as
    // double can tell (the line search's τ grows to 1/ε² on the way). There, with ∇²f positive definite at the
    // step that began it, it has converged, to the 8 points' optima of test_support.
    const Matrix<double> x = tinyneuron_test::tutorial_samples<double>();
    const Column<double> t = tinyneuron_test::tutorial_targets<double>();
    for (const auto &optimum : tinyneuron_test::eight_point_optima) {
        INFO(tinyneuron_test::loss_name(optimum.loss));
        FitOptions<double> o;
        o.loss = optimum.loss;
        o.tolerance = 1e-300;
        Neuron<double> n = zero<double>(2);
        const FitResult<double> r = n.fit(x, t, o);
        CHECK(r.status == FitStatus::converged);
        CHECK(r.iterations < o.max_iterations);
        CHECK(r.gradient_norm < 1e-9);
        CHECK(tinyneuron_test::close(r.objective, optimum.objective, 1e-14, 0.0));
        CHECK(tinyneuron_test::close(n.weights()(0), optimum.w1, 1e-8, 0.0)); // the optima's weights: 10 digits
        CHECK(tinyneuron_test::close(n.weights()(1), optimum.w2, 1e-8, 0.0));
        CHECK(tinyneuron_test::close(n.bias(), optimum.b, 1e-8, 0.0));
    }
}

TEST_CASE("a column whose length overflows is not taken for a column of zeros", "[fit][scale]") {
    // ‖x_0‖ = ∞ in double: its scale falls back to 1 and it is not held as aliased (which would end
    // converged, wrongly), so its Hessian overflows, and fit says so.
    const Matrix<double> x = matrix<double>(4, 2, {1e308, 1, 1.5e308, 2, -1e308, 1, -1.5e308, 3});
    Neuron<double> n = zero<double>(2);
    CHECK_REFUSED(
        n.fit(x, column<double>({1, 0, 1, 0})),
        "tinyneuron::Neuron::fit: its Hessian at iteration 0 is not finite; scale the inputs or the start down",
        std::overflow_error);
}

TEST_CASE("fit holds an aliased column's weight at 0 and fits the rest as without it", "[fit][aliased]") {
    // Column 2 = 3·column 0 − 2 (the bias and a column before it); column 3 a constant, the bias.
    std::mt19937_64 rng(11);
    Matrix<double> base(40, 2);
    for (Eigen::Index i = 0; i < base.size(); ++i) {
        base(i) = tinyneuron::standard_normal(rng);
    }
    Column<double> t(40);
    for (Eigen::Index i = 0; i < 40; ++i) {
        t(i) = static_cast<double>(tinyneuron::uniform_index(rng, 1000)) <
                       1000 * tinyneuron::sigmoid(base(i, 0) - base(i, 1))
                   ? 1
                   : 0;
    }
    Matrix<double> x(40, 4);
    x << base, 3 * base.col(0).array() - 2, Column<double>::Constant(40, 7.5);
    Neuron<double> full = zero<double>(4);
    const FitResult<double> r = full.fit(x, t);
    REQUIRE(r.status == FitStatus::converged);
    CHECK((r.aliased.head(4) == (Eigen::Array<bool, 4, 1>() << false, false, true, true).finished()).all());
    CHECK_FALSE(r.aliased(4)); // the bias, never
    CHECK(full.weights()(2) == 0);
    CHECK(full.weights()(3) == 0);
    Neuron<double> reduced = zero<double>(2);
    REQUIRE(reduced.fit(base, t).status == FitStatus::converged);
    CHECK(tinyneuron_test::close(full.weights()(0), reduced.weights()(0), 1e-12, 1e-12));
    CHECK(tinyneuron_test::close(full.weights()(1), reduced.weights()(1), 1e-12, 1e-12));
    CHECK(tinyneuron_test::close(full.bias(), reduced.bias(), 1e-12, 1e-12));
    // With a penalty the minimum is unique: nothing is held.
    FitOptions<double> penalised;
    penalised.l2 = 1e-3;
    Neuron<double> p = zero<double>(4);
    CHECK_FALSE(p.fit(x, t, penalised).aliased.any());
    CHECK(p.weights()(2) != 0);
}

TEST_CASE("fit finds the same minimum whatever the inputs' scale and however far out it starts", "[fit][scale]") {
    // x = 1, 2, −1, −3 (times a scale) with t = 0, 1, 1, 0: not separable; its minimum 2.4540244...
    const Column<double> unit = column<double>({1, 2, -1, -3});
    const Column<double> t = column<double>({0, 1, 1, 0});
    Neuron<double> reference = zero<double>(1);
    REQUIRE(reference.fit(unit, t).status == FitStatus::converged);
    const double minimum = reference.objective(unit, t, Loss::cross_entropy, 0);
    for (const double scale : {1e-200, 1e-154, 1e60, 1e154, 1e200}) {
        INFO("scale " << scale);
        const Column<double> x = scale * unit;
        for (const double start : {0.0, 1.0}) { // 1: every |z| near the scale, far out
            INFO("start w = " << start);
            Neuron<double> n(Column<double>::Constant(1, start), 0);
            const FitResult<double> r = n.fit(x, t);
            CHECK(r.status == FitStatus::converged);
            CHECK_THAT(r.objective, Catch::Matchers::WithinRel(minimum, 1e-13));
            CHECK_THAT(n.weights()(0) * scale, Catch::Matchers::WithinRel(reference.weights()(0), 1e-6));
        }
    }
    // The tutorial's 8 points with a column that x² underflows: the same fit as the points themselves.
    Matrix<double> x = tinyneuron_test::tutorial_samples<double>();
    const Column<double> t8 = tinyneuron_test::tutorial_targets<double>();
    Neuron<double> ordinary = zero<double>(2);
    REQUIRE(ordinary.fit(x, t8).status == FitStatus::converged);
    x.col(0) *= 1e-200;
    Neuron<double> tiny = zero<double>(2);
    CHECK(tiny.fit(x, t8).status == FitStatus::converged);
    CHECK_THAT(tiny.weights()(0) * 1e-200, Catch::Matchers::WithinRel(ordinary.weights()(0), 1e-9));
    CHECK_THAT(tiny.weights()(1), Catch::Matchers::WithinRel(ordinary.weights()(1), 1e-9));
}

TEST_CASE("fit refuses a gradient that overflows, naming it and the iteration, and keeps the neuron",
          "[fit][overflow]") {
    // Σ x_i·(σ(0) − t_i) = 3 × 1.7e308 / 2 > the largest double.
    const Column<double> x = column<double>({1.7e308, 1.7e308, 1.7e308, -1});
    const Column<double> t = column<double>({0, 0, 0, 1});
    Neuron<double> n = zero<double>(1);
    CHECK_REFUSED(n.fit(x, t),
                  "tinyneuron::Neuron::fit: its gradient at iteration 0 is not finite; scale the inputs or "
                  "the start down",
                  std::overflow_error);
    CHECK(tinyneuron_test::same_neuron(n, zero<double>(1)));
}

TEST_CASE("the squared error from saturated starts ends at a minimum, never on a plateau", "[fit][squared_error]") {
    // The 8 points × 1000 with standard normal weights: every row saturated, the objective flat.
    // The start is shrunk until it is not; each run that converges has a Hessian, by central
    // differences of batch_gradients, positive definite there.
    const Matrix<double> x = tinyneuron_test::tutorial_samples<double>() * 1000.0;
    const Column<double> t = tinyneuron_test::tutorial_targets<double>();
    FitOptions<double> o;
    o.loss = Loss::squared_error;
    int converged = 0;
    for (std::uint64_t seed = 0; seed < 100; ++seed) {
        std::mt19937_64 rng(seed);
        Neuron<double> n = Neuron<double>::random(2, rng);
        const FitResult<double> r = n.fit(x, t, o);
        CHECK(r.status != FitStatus::max_iterations);
        if (r.status != FitStatus::converged) {
            continue;
        }
        ++converged;
        Eigen::Matrix3d h;
        for (Eigen::Index j = 0; j < 3; ++j) {
            const double step = 1e-6 * std::max(1.0, std::abs(j < 2 ? n.weights()(j) : n.bias()));
            const auto gradient = [&](double sign) {
                Column<double> w = n.weights();
                double b = n.bias();
                (j < 2 ? w(j) : b) += sign * step;
                const auto g = Neuron<double>(w, b).batch_gradients(x, t, Loss::squared_error);
                return Eigen::Vector3d(g.weights(0), g.weights(1), g.bias);
            };
            h.col(j) = (gradient(1) - gradient(-1)) / (2 * step);
        }
        const Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> eigen(0.5 * (h + h.transpose()));
        INFO("seed " << seed << ", objective " << r.objective);
        CHECK(eigen.eigenvalues().minCoeff() > 0);
        CHECK(r.objective < 4); // the plateau, four rows saturated on their wrong side, is 4
    }
    CHECK(converged >= 90);
}
#endif

TEMPLATE_TEST_CASE("error is finite wherever z is ±∞ without ∞ − ∞, and ∞ only on the wrong side", "[error][overflow]",
                   TINYNEURON_TEST_SCALARS) {
    using T = TestType;
    const T big = std::numeric_limits<T>::max() / T(4);
    const Neuron<T> n(Column<T>::Constant(1, T(8)), T(0)); // z = 8·x: ±∞ at x = ±max/4
    Column<T> far(2);
    far << big, -big;
    CHECK(n.error(far, column<T>({1, 0}), Loss::cross_entropy) == T(0));
    CHECK(n.error(far, column<T>({1, 0}), Loss::squared_error) == T(0));
    CHECK(std::isinf(n.error(far, column<T>({0, 0}), Loss::cross_entropy)));
    CHECK(std::isinf(n.error(far, column<T>({1, 0.5}), Loss::cross_entropy)));
    CHECK(n.error(far, column<T>({0, 1}), Loss::squared_error) == T(2));
}

#if TINYNEURON_TEST_UNTYPED // in one of the per-type builds of this file (test_support.hpp)
TEST_CASE("fit's callback may take the neuron each step reached", "[fit][callback]") {
    const Matrix<double> x = tinyneuron_test::tutorial_samples<double>();
    const Column<double> t = tinyneuron_test::tutorial_targets<double>();
    Neuron<double> n(Eigen::Vector2d::Zero(), 0);
    std::vector<Neuron<double>> path;
    std::size_t calls = 0;
    const auto r = n.fit(x, t, {}, [&](std::size_t i, double objective, const Neuron<double> &at) {
        CHECK(i == calls++);
        CHECK(objective == at.objective(x, t, Loss::cross_entropy, 0)); // the same sum, bit for bit
        path.push_back(at);
    });
    REQUIRE(r.status == FitStatus::converged);
    REQUIRE(path.size() == r.iterations);
    // The last step's neuron, then at most the one full step taken within the tolerance.
    CHECK(path.back().objective(x, t, Loss::cross_entropy, 0) - r.objective <= 1e-13 * r.objective);
    // With max_iterations = 0 nothing moves and nothing is computed beyond the objective.
    const FitOptions<double> none = tinyneuron_test::fit_options<double>().max_iterations(0);
    Neuron<double> still(Eigen::Vector2d(1, 2), 3);
    const auto r0 = still.fit(x, t, none);
    CHECK(r0.status == FitStatus::max_iterations);
    CHECK(r0.iterations == 0);
    CHECK(std::isnan(r0.gradient_norm));
    CHECK(tinyneuron_test::same_neuron(still, Neuron<double>(Eigen::Vector2d(1, 2), 3)));
}

TEST_CASE("summary refuses bad input as error does, and a Hessian singular at saturated parameters",
          "[summary][bad_input]") {
    const Matrix<double> x = matrix<double>(4, 1, {1, 2, -1, -2});
    const Column<double> t = column<double>({1, 1, 0, 0});
    const Neuron<double> n(Column<double>::Constant(1, 1000), 0); // σ(z) is 0 or 1 at every row
    CHECK_REFUSED(n.summary(x, t),
                  "tinyneuron::Neuron::summary: the Hessian is singular at these parameters: the bias is "
                  "not determined by the rows whose prediction is neither 0 nor 1 in double (rows saturated "
                  "far from the minimum, or no minimum exists)",
                  std::invalid_argument);
    CHECK_REFUSED(n.summary(Matrix<double>::Zero(4, 2), t),
                  "tinyneuron::Neuron::summary: samples have 2 columns, expected 1 (one per input, one sample "
                  "per row)",
                  std::invalid_argument);
    CHECK_REFUSED(n.summary(x, column<double>({1, 1, 0, 2})),
                  "tinyneuron::Neuron::summary: targets[3] is 2, expected a value in [0, 1]", std::invalid_argument);
}
#endif

TEMPLATE_TEST_CASE("every converged fit of thousands of random problems is within the tolerance of the minimum",
                   "[fit][property]", TINYNEURON_TEST_SCALARS) {
    using T = TestType;
    // Each problem: a base of n rows × k standard normal columns and targets drawn from a logistic
    // model, then its columns scaled by powers of 10 (up to 10^±150, within T's range), one column
    // repeated in other units and a constant column, each put at a random place. Its minimum is
    // the base's, fitted in long double on the base standardised; the problem's own fit must say
    // converged only within its tolerance of it (plus T's rounding of the sum), hold exactly the
    // repeated (the later copy) and constant columns, and end no_minimum exactly where the base has
    // none (its classes separated).
    const int range = std::min(150, std::numeric_limits<T>::max_exponent10 / 4);
    std::mt19937_64 rng(2026);
    const auto uniform = [&](int below) {
        return static_cast<int>(tinyneuron::uniform_index(rng, static_cast<std::size_t>(below)));
    };
    int converged = 0;
    for (int problem = 0; problem < 1000; ++problem) {
        const Eigen::Index n = 12 + uniform(40);
        const Eigen::Index k = 1 + uniform(3);
        Matrix<long double> base(n, k);
        for (Eigen::Index i = 0; i < base.size(); ++i) {
            base(i) = static_cast<long double>(tinyneuron::standard_normal(rng));
        }
        Column<long double> truth(k);
        for (Eigen::Index j = 0; j < k; ++j) {
            truth(j) = static_cast<long double>(tinyneuron::standard_normal(rng));
        }
        Column<T> t(n);
        for (Eigen::Index i = 0; i < n; ++i) {
            const double p = static_cast<double>(tinyneuron::sigmoid(base.row(i).dot(truth)));
            t(i) = static_cast<double>(tinyneuron::uniform_index(rng, 1u << 20)) < p * (1u << 20) ? T(1) : T(0);
        }
        Neuron<long double> best = zero<long double>(k);
        const FitResult<long double> reference = best.fit(base, t.template cast<long double>());
        // The problem's columns: the base's scaled, a copy of column `copied` scaled again, a constant.
        const Eigen::Index copied = uniform(static_cast<int>(k));
        std::vector<Eigen::Index> order(static_cast<std::size_t>(k + 2));
        for (std::size_t j = 0; j < order.size(); ++j) {
            order[j] = static_cast<Eigen::Index>(j);
        }
        std::shuffle(order.begin(), order.end(), rng);
        Matrix<T> x(n, k + 2);
        Eigen::Array<bool, Eigen::Dynamic, 1> expected = Eigen::Array<bool, Eigen::Dynamic, 1>::Constant(k + 3, false);
        Eigen::Index first_copy = -1;
        for (std::size_t place = 0; place < order.size(); ++place) {
            const Eigen::Index source = order[place];
            const auto j = static_cast<Eigen::Index>(place);
            const long double scale = std::pow(10.0L, static_cast<long double>(uniform(2 * range + 1) - range));
            if (source < k) {
                x.col(j) = (base.col(source) * scale).template cast<T>();
            } else if (source == k) {
                x.col(j) = (base.col(copied) * scale).template cast<T>();
            } else {
                x.col(j) = Column<T>::Constant(n, static_cast<T>(scale));
                expected(j) = true;
            }
            if (source == copied || source == k) {
                if (first_copy >= 0) {
                    expected(j) = true;
                } else {
                    first_copy = j;
                }
            }
        }
        Neuron<T> fitted = zero<T>(k + 2);
        const FitResult<T> r = fitted.fit(x, t);
        INFO("problem " << problem << ": " << n << " rows, " << k << " columns; reference status "
                        << static_cast<int>(reference.status) << ", fit status " << static_cast<int>(r.status));
        if (reference.status != FitStatus::converged) {
            REQUIRE(reference.status == FitStatus::no_minimum);
            CHECK(r.status == FitStatus::no_minimum);
            continue;
        }
        REQUIRE(r.status == FitStatus::converged);
        ++converged;
        INFO("aliased " << r.aliased.transpose() << ", expected " << expected.transpose());
        CHECK((r.aliased == expected).all());
        const long double minimum = reference.objective;
        const long double allowed =
            (static_cast<long double>(FitOptions<T>().tolerance) +
             static_cast<long double>(n) * 4 * static_cast<long double>(std::numeric_limits<T>::epsilon())) *
            minimum;
        CHECK(std::abs(static_cast<long double>(r.objective) - minimum) <= allowed);
    }
    CHECK(converged > 600); // the rest separable, of no minimum
}
