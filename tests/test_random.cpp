// SPDX-License-Identifier: MIT
// uniform_index, standard_normal and Neuron::random: pinned sequences (the same on every
// standard library, which std::*_distribution would not give), ranges, statistics.
//
// The pinned numbers come from an independent Python reimplementation of std::mt19937,
// std::mt19937_64 and std::minstd_rand (checked against the standard's required 10000th outputs
// 4123659995, 9981545732273789042 and 399268537) and of the mappings documented in the header:
// random_bits, Lemire's multiply-shift with rejection, and Marsaglia's polar method.
#include "catch_compat.hpp"
#include "test_support.hpp"

#include <tinyneuron/neuron.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

using Catch::Matchers::WithinRel;
using tinyneuron::standard_normal;
using tinyneuron::uniform_index;
using tinyneuron_test::same_bits;
using tinyneuron_test::same_neuron;

namespace {

template <class Rng> std::vector<std::size_t> indices(Rng rng, std::size_t n, std::size_t count) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < count; ++i) {
        out.push_back(uniform_index(rng, n));
    }
    return out;
}

using Sizes = std::vector<std::size_t>;

} // namespace

TEST_CASE("uniform_index gives pinned sequences for std::mt19937 and std::mt19937_64", "[random][golden]") {
    CHECK(indices(std::mt19937(42), 8, 20) == Sizes{2, 6, 7, 1, 5, 6, 4, 4, 1, 3, 1, 0, 0, 3, 6, 2, 4, 1, 5, 5});
    CHECK(indices(std::mt19937_64(42), 8, 20) == Sizes{6, 5, 6, 1, 7, 0, 4, 2, 2, 3, 0, 4, 5, 5, 6, 7, 6, 3, 0, 0});
    CHECK(indices(std::mt19937(7), 8, 12) == Sizes{0, 1, 6, 2, 3, 7, 5, 3, 7, 2, 4, 2});
    CHECK(indices(std::mt19937_64(7), 8, 12) == Sizes{6, 7, 0, 7, 1, 0, 6, 7, 2, 5, 6, 4});
    CHECK(indices(std::mt19937(42), 3, 20) == Sizes{1, 2, 2, 0, 2, 2, 1, 1, 0, 1, 0, 0, 0, 1, 2, 1, 1, 0, 2, 1});
    CHECK(indices(std::mt19937_64(42), 3, 20) == Sizes{2, 1, 2, 0, 2, 0, 1, 1, 0, 1, 0, 1, 2, 1, 2, 2, 2, 1, 0, 0});
    CHECK(indices(std::mt19937(42), 1000003, 6) == Sizes{374541, 796545, 950717, 183435, 731996, 779693});
    CHECK(indices(std::mt19937_64(42), 1000003, 6) == Sizes{755157, 639033, 752147, 136273, 903271, 94068});
    // n = 2^31 + 1 rejects almost half of all products, so this pins the rejection too.
    CHECK(indices(std::mt19937(42), 2147483649u, 8) ==
          Sizes{2041643438, 1571945013, 1285609310, 1281725962, 957418556, 306804147, 1397772353, 44204874});
    CHECK(indices(std::mt19937_64(42), 2147483649u, 8) ==
          Sizes{292643359, 1939755335, 26591798, 1368673239, 964039931, 100508714, 138715673, 320658964});
    if constexpr (sizeof(std::size_t) >= 8) {
        // n >= 2^32: 64 random bits (two draws of std::mt19937), rejection, modulo.
        const auto n = static_cast<std::size_t>((std::uint64_t{1} << 40) + 7);
        CHECK(indices(std::mt19937(42), n, 4) == Sizes{441463804079, 395813185273, 458529314971, 809946996818});
        CHECK(indices(std::mt19937_64(42), n, 4) == Sizes{538642785725, 797600112063, 545613587184, 272883949554});
    }
}

TEST_CASE("uniform_index handles an engine whose range is not a power of two", "[random]") {
    // std::minstd_rand yields [1, 2^31 − 2]: 30 usable bits per draw, the rest rejected.
    CHECK(indices(std::minstd_rand(42), 8, 20) == Sizes{0, 7, 3, 0, 7, 6, 1, 5, 2, 2, 7, 0, 5, 3, 4, 3, 1, 3, 5, 5});
    CHECK(indices(std::minstd_rand(42), 1000003, 6) == Sizes{1888, 895349, 455047, 3598, 956597, 768783});
    CHECK(indices(std::minstd_rand(7), 8, 12) == Sizes{0, 3, 3, 2, 1, 4, 2, 5, 2, 4, 3, 6});
}

TEST_CASE("uniform_index stays in range and is uniform", "[random][property]") {
    std::mt19937_64 rng(123);
    for (std::size_t n : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{7}, std::size_t{100},
                          std::size_t{65537}, std::size_t{4294967295u}}) {
        for (int k = 0; k < 2000; ++k) {
            REQUIRE(uniform_index(rng, n) < n);
        }
    }
    // n = 6 over 60000 draws: each count is Binomial(60000, 1/6), mean 10000, sd ~91.3; a
    // biased mapping such as (32-bit draw) % 6 would still pass this, but an off-by-one or a
    // constant would not. 5 sd keeps this deterministic run far from the edge.
    std::mt19937 rng32(321);
    std::size_t counts[6] = {};
    for (int k = 0; k < 60000; ++k) {
        ++counts[uniform_index(rng32, 6)];
    }
    for (std::size_t c : counts) {
        CHECK(c > 10000 - 457);
        CHECK(c < 10000 + 457);
    }
    // n = 3·2^30 takes the rejection: without it, floor(x·n / 2^32) = floor(3x / 4) maps
    // x = 4k, 4k+1, 4k+2, 4k+3 to 3k, 3k, 3k+1, 3k+2, so multiples of 3 would come up half
    // the time instead of a third (30000 draws: 10000 expected, sd ~81.6, bound 5 sd).
    std::size_t multiples_of_3 = 0;
    const std::size_t big = std::size_t{3} << 30;
    for (int k = 0; k < 30000; ++k) {
        multiples_of_3 += uniform_index(rng, big) % 3 == 0 ? 1u : 0u;
    }
    CHECK(multiples_of_3 > 10000 - 408);
    CHECK(multiples_of_3 < 10000 + 408);
}

TEST_CASE("standard_normal gives pinned draws and the standard normal's moments", "[random][golden]") {
    // Pinned to 1e-15: sqrt is exact, log may differ by an ulp between C libraries.
    std::mt19937_64 rng64(42);
    CHECK_THAT(standard_normal(rng64), WithinRel(1.2938204232729367, 1e-15));
    CHECK_THAT(standard_normal(rng64), WithinRel(0.39797739618378869, 1e-15));
    CHECK_THAT(standard_normal(rng64), WithinRel(1.1185550524574781, 1e-15));
    CHECK_THAT(standard_normal(rng64), WithinRel(-1.4922470037224238, 1e-15));
    std::mt19937 rng32(42);
    CHECK_THAT(standard_normal(rng32), WithinRel(-0.13826429042077965, 1e-15));
    CHECK_THAT(standard_normal(rng32), WithinRel(1.5230298574382224, 1e-15));
    CHECK_THAT(standard_normal(rng32), WithinRel(-0.234136968983544, 1e-15));
    CHECK_THAT(standard_normal(rng32), WithinRel(0.76743472419047498, 1e-15));
    std::minstd_rand rng_minstd(42);
    CHECK_THAT(standard_normal(rng_minstd), WithinRel(-0.38736483746514822, 1e-15));

    // Moments over 200000 draws, bounds at 5 standard errors: mean sd 1/sqrt(N) ~ 0.00224,
    // variance sd sqrt(2/N) ~ 0.00316, P(|x| < 1) = 0.682689 with sd ~ 0.00104.
    std::mt19937_64 rng(777);
    const int n = 200000;
    double sum = 0;
    double sum_sq = 0;
    int inside = 0;
    for (int k = 0; k < n; ++k) {
        const double x = standard_normal(rng);
        REQUIRE(std::isfinite(x));
        sum += x;
        sum_sq += x * x;
        inside += std::abs(x) < 1.0 ? 1 : 0;
    }
    const double mean = sum / n;
    const double variance = sum_sq / n - mean * mean;
    CHECK(std::abs(mean) < 0.0112);
    CHECK(std::abs(variance - 1.0) < 0.0158);
    CHECK(std::abs(static_cast<double>(inside) / n - 0.682689) < 0.0052);
}

TEMPLATE_TEST_CASE("Neuron::random draws the weights, then the bias, from standard_normal", "[random][neuron]",
                   TINYNEURON_TEST_SCALARS) {
    using T = TestType;
    std::mt19937_64 rng(2026);
    std::mt19937_64 copy = rng;
    const auto neuron = tinyneuron::Neuron<T, 3>::random(3, rng);
    for (Eigen::Index i = 0; i < 3; ++i) {
        CHECK(same_bits(neuron.weights()(i), static_cast<T>(standard_normal(copy))));
    }
    CHECK(same_bits(neuron.bias(), static_cast<T>(standard_normal(copy))));
    CHECK(rng == copy);
    // From the Python reimplementation, seed 2026: the first draw.
    CHECK_THAT(static_cast<double>(neuron.weights()(0)),
               WithinRel(-1.3118768883635621, std::is_same<T, float>::value ? 1e-7 : 1e-15));

    // Dynamic size draws the same values; another seed does not.
    std::mt19937_64 again(2026);
    const auto dynamic = tinyneuron::Neuron<T>::random(3, again);
    CHECK(same_bits(dynamic.weights(), neuron.weights()));
    CHECK(same_bits(dynamic.bias(), neuron.bias()));
    // A fixed-size neuron's random(rng) draws as random(N, rng) does, and leaves the engine alike.
    for (std::uint64_t seed : {1u, 42u, 2026u}) {
        std::mt19937_64 a(seed);
        std::mt19937_64 b(seed);
        CHECK(same_neuron(tinyneuron::Neuron<T, 3>::random(a), tinyneuron::Neuron<T, 3>::random(3, b)));
        CHECK(a == b);
        CHECK(same_neuron(tinyneuron::Neuron<T, 1>::random(a), tinyneuron::Neuron<T, 1>::random(1, b)));
        CHECK(a == b);
    }
    std::mt19937_64 other(2027);
    CHECK_FALSE(same_bits(tinyneuron::Neuron<T, 3>::random(3, other).weights(), neuron.weights()));

    // Many inputs: all finite, not all equal.
    const auto wide = tinyneuron::Neuron<T>::random(1000, rng);
    CHECK(wide.inputs() == 1000);
    CHECK(wide.weights().allFinite());
    CHECK(wide.weights().maxCoeff() > wide.weights().minCoeff());
}
