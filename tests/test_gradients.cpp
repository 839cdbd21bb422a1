// SPDX-License-Identifier: MIT
// Neuron::gradients in the far tail, at z = 40, against its closed form; Neuron::update as
// exactly w − rate·g; and a small step that does not raise a sample's error. The gradients of
// both losses against central differences are test_losses.cpp's.
#include "catch_compat.hpp"
#include "test_support.hpp"

#include <tinyneuron/neuron.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <string>

using tinyneuron_test::same_bits;

TEST_CASE("gradients stay relatively accurate at z = 40, where naive 1 - sigma would be 0", "[gradients][tails]") {
    // x = 1, w = 40, b = 0, t = 0: dE/db = 2σ(40)·σ(40)σ(−40); with σ(−40) = e^−40 / (1 + e^−40)
    // = 4.2483542552915889e-18 and σ(40) = 1 / (1 + e^-40) rounding to 1 in double (Python).
    const tinyneuron::Neuron<double, 1> neuron(Eigen::Matrix<double, 1, 1>(40.0), 0.0);
    const auto g = neuron.gradients(Eigen::Matrix<double, 1, 1>(1.0), 0.0);
    CHECK(g.bias != 0.0);
    CHECK_THAT(g.bias, Catch::Matchers::WithinRel(2.0 * 4.2483542552915889e-18, 1e-15));
    CHECK_THAT(g.weights(0), Catch::Matchers::WithinRel(2.0 * 4.2483542552915889e-18, 1e-15));
}

TEMPLATE_TEST_CASE("update moves the parameters by exactly minus rate times the gradient", "[gradients][update]",
                   TINYNEURON_TEST_SCALARS) {
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

TEMPLATE_TEST_CASE("a small step on one sample does not raise its error", "[gradients][property]",
                   TINYNEURON_TEST_SCALARS) {
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
