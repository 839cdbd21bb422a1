// SPDX-License-Identifier: MIT
// Neuron::gradients against central finite differences of the forward pass, for every scalar
// type, several input sizes, fixed and dynamic, at z = 0, moderate z and saturated z; and
// Neuron::update as exactly w − rate·g.
#include "catch_compat.hpp"
#include "test_support.hpp"

#include <tinyneuron/neuron.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <string>

namespace {

using tinyneuron_test::same_bits;

using tinyneuron_test::close;
using tinyneuron_test::Settings;

template <class T, int N> using Neuron = tinyneuron::Neuron<T, N>;

/// E = (σ(w·x + b) − t)², evaluated with the library's forward pass.
template <class T, int N>
T squared_error(const typename Neuron<T, N>::Vector &w, T b, const typename Neuron<T, N>::Vector &x, T t) {
    const T r = Neuron<T, N>(w, b).predict(x) - t;
    return r * r;
}

/// Checks every component of gradients(x, t) against central differences at (w, b).
template <class T, int N>
void check_against_differences(const typename Neuron<T, N>::Vector &w, T b, const typename Neuron<T, N>::Vector &x, T t,
                               double rel_tol, double abs_tol) {
    const Neuron<T, N> neuron(w, b);
    const auto g = neuron.gradients(x, t);
    REQUIRE(g.weights.size() == w.size());
    const T h = Settings<T>::step;
    for (Eigen::Index i = 0; i < w.size(); ++i) {
        typename Neuron<T, N>::Vector plus = w;
        typename Neuron<T, N>::Vector minus = w;
        plus(i) += h;
        minus(i) -= h;
        // Divide by the step actually taken, which rounding may have changed.
        const T numeric =
            (squared_error<T, N>(plus, b, x, t) - squared_error<T, N>(minus, b, x, t)) / (plus(i) - minus(i));
        INFO("dE/dw[" << i << "]: analytic " << static_cast<double>(g.weights(i)) << ", numeric "
                      << static_cast<double>(numeric));
        CHECK(close(g.weights(i), numeric, rel_tol, abs_tol));
    }
    const T numeric_bias =
        (squared_error<T, N>(w, b + h, x, t) - squared_error<T, N>(w, b - h, x, t)) / ((b + h) - (b - h));
    INFO("dE/db: analytic " << static_cast<double>(g.bias) << ", numeric " << static_cast<double>(numeric_bias));
    CHECK(close(g.bias, numeric_bias, rel_tol, abs_tol));
}

/// Random asymmetric weights and inputs with the bias chosen so that w·x + b is about `z`.
template <class T, int N>
void random_point(std::mt19937_64 &rng, Eigen::Index n, T z, typename Neuron<T, N>::Vector &w, T &b,
                  typename Neuron<T, N>::Vector &x) {
    w = tinyneuron_test::uniform_vector<T, N>(rng, n, -1.5, 1.5);
    x = tinyneuron_test::uniform_vector<T, N>(rng, n, -2.0, 2.0);
    b = z - w.dot(x);
}

template <class T, int N> void check_size(std::mt19937_64 &rng, Eigen::Index n) {
    using Vector = typename Neuron<T, N>::Vector;
    const double rel = Settings<T>::rel;
    const double abs_tol = Settings<T>::abs;
    Vector w;
    Vector x;
    T b{};
    INFO(tinyneuron_test::type_name<T>() << ", " << n << " inputs, " << (N == Eigen::Dynamic ? "dynamic" : "fixed"));

    SECTION("at z = 0, where sigma' is largest") {
        for (T t : {T(0), T(1), T(0.2)}) {
            random_point<T, N>(rng, n, T(0), w, b, x);
            // Same dot product as the library's, so z is 0 up to the rounding of one addition.
            const T z = w.dot(x) + b;
            REQUIRE(std::abs(z) <= T(1e-3));
            check_against_differences<T, N>(w, b, x, t, rel, abs_tol);
            // Not trivially zero: |dE/db| = 2|σ(0) − t|·σ'(0) ≥ 2·0.3·0.25 here.
            CHECK(std::abs(static_cast<double>(Neuron<T, N>(w, b).gradients(x, t).bias)) > 0.14);
        }
    }
    SECTION("at moderate z with random targets") {
        for (int k = 0; k < 8; ++k) {
            const auto z = static_cast<T>(tinyneuron_test::uniform(rng, -4.0, 4.0));
            const auto t = static_cast<T>(tinyneuron_test::uniform(rng, 0.0, 1.0));
            random_point<T, N>(rng, n, z, w, b, x);
            check_against_differences<T, N>(w, b, x, t, rel, abs_tol);
            const auto g = Neuron<T, N>(w, b).gradients(x, t);
            // g.weights = g.bias·x, and g.bias is 2(σ − t)σ'(z), nonzero unless σ(z) = t.
            CHECK(g.bias != T(0));
            CHECK(g.weights.cwiseAbs().maxCoeff() > T(0));
        }
    }
    SECTION("at saturated z, where the gradient is tiny but must not be zero") {
        // z ≪ 0 with target 0: E = σ(z)² ~ e^(2z) is itself tiny, so its differences keep
        // full relative precision and the check can be relative.
        const T z = -Settings<T>::saturated;
        random_point<T, N>(rng, n, z, w, b, x);
        const auto g = Neuron<T, N>(w, b).gradients(x, T(0));
        CHECK(g.bias > T(0));
        // ∂E/∂w_i = g.bias·x_i: a component with a small x_i is judged on the gradient's
        // scale, since the rounding of z perturbs every difference alike.
        check_against_differences<T, N>(w, b, x, T(0), rel, rel * static_cast<double>(g.bias));
        // z ≫ 0 with target 0: E ≈ 1 and differences drown in rounding, so compare with the
        // closed form 2·σ(z)·σ(z)σ(−z) instead, σ(−z) = e^−z / (1 + e^−z) written out here.
        random_point<T, N>(rng, n, -z, w, b, x);
        using std::exp;
        const T zz = w.dot(x) + b;
        const T small = exp(-zz) / (T(1) + exp(-zz));
        const T large = T(1) / (T(1) + exp(-zz));
        const T expected = T(2) * large * large * small;
        const auto g2 = Neuron<T, N>(w, b).gradients(x, T(0));
        REQUIRE(expected > T(0));
        CHECK(close(g2.bias, expected, 8.0 * std::numeric_limits<T>::epsilon(), 0.0));
        for (Eigen::Index i = 0; i < n; ++i) {
            CHECK(close(g2.weights(i), T(expected * x(i)), 16.0 * std::numeric_limits<T>::epsilon(), 0.0));
        }
    }
}

template <class T, int N> void check_fixed(std::mt19937_64 &rng) { check_size<T, N>(rng, N); }

} // namespace

TEMPLATE_TEST_CASE("gradients match central differences", "[gradients]", float, double, long double) {
    using T = TestType;
    std::mt19937_64 rng(20261128);
    SECTION("fixed size 1") { check_fixed<T, 1>(rng); }
    SECTION("fixed size 2") { check_fixed<T, 2>(rng); }
    SECTION("fixed size 5") { check_fixed<T, 5>(rng); }
    SECTION("fixed size 32") { check_fixed<T, 32>(rng); }
    SECTION("dynamic size 1") { check_size<T, Eigen::Dynamic>(rng, 1); }
    SECTION("dynamic size 2") { check_size<T, Eigen::Dynamic>(rng, 2); }
    SECTION("dynamic size 5") { check_size<T, Eigen::Dynamic>(rng, 5); }
    SECTION("dynamic size 32") { check_size<T, Eigen::Dynamic>(rng, 32); }
}

TEST_CASE("gradients stay relatively accurate at z = 40, where naive 1 - sigma would be 0", "[gradients][tails]") {
    // x = 1, w = 40, b = 0, t = 0: dE/db = 2σ(40)·σ(40)σ(−40); with σ(−40) = e^−40 / (1 + e^−40)
    // = 4.2483542552915889e-18 and σ(40) = 1 / (1 + e^-40) rounding to 1 in double (Python).
    const tinyneuron::Neuron<double, 1> neuron(Eigen::Matrix<double, 1, 1>(40.0), 0.0);
    const auto g = neuron.gradients(Eigen::Matrix<double, 1, 1>(1.0), 0.0);
    CHECK(g.bias != 0.0);
    CHECK_THAT(g.bias, Catch::Matchers::WithinRel(2.0 * 4.2483542552915889e-18, 1e-15));
    CHECK_THAT(g.weights(0), Catch::Matchers::WithinRel(2.0 * 4.2483542552915889e-18, 1e-15));
}

TEMPLATE_TEST_CASE("update moves the parameters by exactly minus rate times the gradient", "[gradients][update]", float,
                   double, long double) {
    using T = TestType;
    std::mt19937_64 rng(7);
    const auto check = [&](auto neuron, const auto &x, T t, T rate) {
        const auto before = neuron;
        const auto g = neuron.gradients(x, t);
        REQUIRE(g.bias != T(0));
        neuron.update(g, rate);
        for (Eigen::Index i = 0; i < neuron.inputs(); ++i) {
            // The same operations in the same order: w − (rate·g), one rounding each.
            const T expected = before.weights()(i) - rate * g.weights(i);
            INFO("weight " << i);
            CHECK(same_bits(neuron.weights()(i), expected));
        }
        CHECK(same_bits(neuron.bias(), T(before.bias() - rate * g.bias)));
        // And it moved: a step of this size is far above the weights' ulp.
        CHECK_FALSE(same_bits(neuron.bias(), before.bias()));
    };
    for (T rate : {T(0.01), T(0.1), T(1), T(3.5)}) {
        auto w5 = tinyneuron_test::uniform_vector<T, 5>(rng, 5, -1, 1);
        auto x5 = tinyneuron_test::uniform_vector<T, 5>(rng, 5, -2, 2);
        check(tinyneuron::Neuron<T, 5>(w5, T(0.25)), x5, T(1), rate);
        auto wd = tinyneuron_test::uniform_vector<T, Eigen::Dynamic>(rng, 7, -1, 1);
        auto xd = tinyneuron_test::uniform_vector<T, Eigen::Dynamic>(rng, 7, -2, 2);
        check(tinyneuron::Neuron<T>(wd, T(-0.5)), xd, T(0), rate);
    }
}

TEMPLATE_TEST_CASE("a small step on one sample does not raise its error", "[gradients][property]", float, double,
                   long double) {
    using T = TestType;
    std::mt19937_64 rng(99);
    for (int k = 0; k < 50; ++k) {
        const auto w = tinyneuron_test::uniform_vector<T, 3>(rng, 3, -2, 2);
        const auto x = tinyneuron_test::uniform_vector<T, 3>(rng, 3, -2, 2);
        const auto b = static_cast<T>(tinyneuron_test::uniform(rng, -1, 1));
        const auto t = static_cast<T>(tinyneuron_test::uniform(rng, 0, 1));
        tinyneuron::Neuron<T, 3> neuron(w, b);
        const T r0 = neuron.predict(x) - t;
        const T before = r0 * r0;
        CHECK(before >= T(0));
        // E is smooth with bounded curvature (|E''| <= ~2·(1 + |x|²)), so a rate of 1e-3 is
        // well inside the step size for which gradient descent cannot go up.
        neuron.update(neuron.gradients(x, t), T(1e-3));
        const T r1 = neuron.predict(x) - t;
        INFO("k = " << k << ", before " << static_cast<double>(before));
        CHECK(r1 * r1 <= before);
    }
}
