// SPDX-License-Identifier: MIT
// The sigmoid and its derivative: pinned values, exact points, symmetry, bounds, tails.
#include "catch_compat.hpp"
#include "test_support.hpp"

#include <tinyneuron/neuron.hpp>

#include <cmath>
#include <limits>

using tinyneuron::sigmoid;
using tinyneuron::sigmoid_derivative;

namespace {

/// Relative tolerance for a value that a correct implementation computes with a few roundings.
template <class T> double few_ulps() { return 8.0 * static_cast<double>(std::numeric_limits<T>::epsilon()); }

} // namespace

TEST_CASE("sigmoid is exactly 0.5 at zero with derivative exactly 1/4", "[sigmoid]") {
    CHECK(sigmoid(0.0f) == 0.5f);
    CHECK(sigmoid(0.0) == 0.5);
    CHECK(sigmoid(0.0L) == 0.5L);
    CHECK(sigmoid(-0.0) == 0.5);
    CHECK(sigmoid_derivative(0.0f) == 0.25f);
    CHECK(sigmoid_derivative(0.0) == 0.25);
    CHECK(sigmoid_derivative(0.0L) == 0.25L);
}

TEST_CASE("sigmoid saturates to exactly 0 and 1 at -1000 and 1000 without NaN", "[sigmoid]") {
    // e^-1000 underflows to 0 in float and double, so these are exact.
    CHECK(sigmoid(-1000.0f) == 0.0f);
    CHECK(sigmoid(1000.0f) == 1.0f);
    CHECK(sigmoid_derivative(-1000.0f) == 0.0f);
    CHECK(sigmoid_derivative(1000.0f) == 0.0f);
    CHECK(sigmoid(-1000.0) == 0.0);
    CHECK(sigmoid(1000.0) == 1.0);
    CHECK(sigmoid_derivative(-1000.0) == 0.0);
    CHECK(sigmoid_derivative(1000.0) == 0.0);
    // x87 long double reaches e^-1000 ~ 5.08e-435, so σ(-1000) is that, not 0: it takes
    // e^-20000 (below the smallest denormal, ~3.6e-4951) to underflow.
    CHECK(sigmoid(-20000.0L) == 0.0L);
    CHECK(sigmoid(20000.0L) == 1.0L);
    CHECK(sigmoid_derivative(-20000.0L) == 0.0L);
    CHECK(sigmoid_derivative(20000.0L) == 0.0L);
    CHECK(sigmoid(1000.0L) == 1.0L);
    // Infinite arguments are the limits, not NaN.
    const double inf = std::numeric_limits<double>::infinity();
    CHECK(sigmoid(inf) == 1.0);
    CHECK(sigmoid(-inf) == 0.0);
    CHECK(sigmoid_derivative(inf) == 0.0);
    CHECK(sigmoid_derivative(-inf) == 0.0);
    CHECK(sigmoid(std::numeric_limits<float>::infinity()) == 1.0f);
    CHECK(sigmoid(-std::numeric_limits<float>::infinity()) == 0.0f);
}

TEST_CASE("sigmoid and its derivative match hand-computed values", "[sigmoid]") {
    // Derived with Python's math module: 1 / (1 + exp(-z)) for z >= 0 and
    // exp(z) / (1 + exp(z)) otherwise; σ'(z) = σ(z)·σ(-z).
    struct Point {
        double z;
        double value;
        double derivative;
    };
    const Point points[] = {
        {1.0, 0.7310585786300049, 0.19661193324148185},      {-2.0, 0.11920292202211755, 0.10499358540350649},
        {0.5, 0.62245933120185459, 0.23500371220159452},     {3.0, 0.95257412682243336, 0.045176659730912144},
        {10.0, 0.99995460213129761, 4.5395807735951673e-05}, {-10.0, 4.5397868702434395e-05, 4.5395807735951673e-05},
    };
    for (const Point &p : points) {
        INFO("z = " << p.z);
        CHECK_THAT(sigmoid(p.z), Catch::Matchers::WithinRel(p.value, few_ulps<double>()));
        CHECK_THAT(sigmoid_derivative(p.z), Catch::Matchers::WithinRel(p.derivative, few_ulps<double>()));
        CHECK_THAT(static_cast<double>(sigmoid(static_cast<float>(p.z))),
                   Catch::Matchers::WithinRel(p.value, few_ulps<float>()));
        CHECK_THAT(static_cast<double>(sigmoid_derivative(static_cast<float>(p.z))),
                   Catch::Matchers::WithinRel(p.derivative, few_ulps<float>()));
        // long double is only checked to double accuracy here: the references are doubles.
        CHECK_THAT(static_cast<double>(sigmoid(static_cast<long double>(p.z))),
                   Catch::Matchers::WithinRel(p.value, few_ulps<double>()));
    }
}

TEMPLATE_TEST_CASE("sigmoid is symmetric, bounded, monotone and its slope at most 1/4", "[sigmoid][property]",
                   TINYNEURON_TEST_SCALARS) {
    using T = TestType;
    const T eps = std::numeric_limits<T>::epsilon();
    // A grid over [-60, 60] that includes both tails, in steps of 1/64 (exact in binary).
    T previous = sigmoid(T(-60));
    long increases = 0;
    for (int k = -60 * 64; k <= 60 * 64; ++k) {
        const T z = static_cast<T>(k) / T(64);
        const T s = sigmoid(z);
        const T d = sigmoid_derivative(z);
        INFO("z = " << static_cast<double>(z));
        REQUIRE(s >= T(0));
        REQUIRE(s <= T(1));
        REQUIRE(s >= previous);
        increases += s > previous ? 1 : 0;
        previous = s;
        REQUIRE(d >= T(0));
        REQUIRE(d <= T(0.25));
        // σ(−z) = 1 − σ(z): exact in real numbers; each side carries a couple of roundings.
        REQUIRE(std::abs(sigmoid(-z) - (T(1) - s)) <= T(2) * eps);
        // σ'(z) = σ(z)(1 − σ(z)), to the accuracy of the right-hand side.
        REQUIRE(std::abs(d - s * (T(1) - s)) <= T(2) * eps);
        // σ'(z) = σ'(−z) exactly: both are σ(|z|)·σ(−|z|) from the same exponential.
        REQUIRE(sigmoid_derivative(-z) == d);
    }
    // Monotone must not mean constant: the grid has 7681 points and σ rises at most of them
    // (in float it only stalls where it has rounded to 1).
    CHECK(increases > 4000);
}

TEMPLATE_TEST_CASE("sigmoid keeps its relative accuracy deep in the tails", "[sigmoid][tails]",
                   TINYNEURON_TEST_SCALARS) {
    using T = TestType;
    using std::exp;
    const T tol = T(8) * std::numeric_limits<T>::epsilon();
    // 1 − σ(40) is 0 in float and double, so a naive σ(−40) = 1 − σ(40) would be 0 here.
    for (int k : {20, 40, 60, 80}) {
        const T z = static_cast<T>(k);
        const T reference = exp(-z) / (T(1) + exp(-z));
        INFO(tinyneuron_test::type_name<T>() << ", z = -" << k);
        REQUIRE(reference > T(0));
        const T value = sigmoid(-z);
        CHECK(value > T(0));
        CHECK(std::abs(value - reference) <= tol * reference);
        // σ'(±z) = σ(z)·σ(−z) ≈ e^-z: also relative accurate, on the side where σ ≈ 1 too.
        CHECK(std::abs(sigmoid_derivative(z) - reference / (T(1) + exp(-z))) <= tol * reference);
        CHECK(std::abs(sigmoid_derivative(-z) - reference / (T(1) + exp(-z))) <= tol * reference);
    }
}

TEST_CASE("sigmoid at -40 in double matches the reference to a relative 1e-15", "[sigmoid][tails]") {
    // exp(-40) / (1 + exp(-40)) in Python: 4.2483542552915889e-18.
    const double reference = 4.2483542552915889e-18;
    const double value = sigmoid(-40.0);
    CHECK(value != 0.0);
    CHECK_THAT(value, Catch::Matchers::WithinRel(reference, 1e-15));
    CHECK_THAT(sigmoid_derivative(40.0), Catch::Matchers::WithinRel(reference, 1e-15));
    // float holds it too (its smallest normal is ~1.2e-38).
    CHECK_THAT(static_cast<double>(sigmoid(-40.0f)), Catch::Matchers::WithinRel(reference, 1e-6));
    // Denormal territory for float: e^-100 ~ 3.7e-44 must not be flushed to 0.
    CHECK(sigmoid(-100.0f) > 0.0f);
}
