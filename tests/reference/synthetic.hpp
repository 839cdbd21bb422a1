// SPDX-License-Identifier: MIT
// The large synthetic data set of tests/reference/fit_reference.py, made the same way here, bit
// for bit: splitmix64 bits, inputs m/2^52 for integers m in [-2^52, 2^52) (exact in binary), and
// the target from an integer score, so that no rounding can make the two differ.
#ifndef TINYNEURON_TESTS_REFERENCE_SYNTHETIC_HPP
#define TINYNEURON_TESTS_REFERENCE_SYNTHETIC_HPP

#include <Eigen/Core>

#include <cstdint>

namespace tinyneuron_test {

struct SyntheticSet {
    Eigen::MatrixXd samples;
    Eigen::VectorXd targets;
};

/// `rows` × `cols` inputs in [-1, 1) and targets 1 where Σ_j a_j·m_j + 3·noise > 0, with
/// a_j = (j mod 5) − 2 and the noise another m: two classes that overlap.
inline SyntheticSet synthetic_set(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed) {
    std::uint64_t state = seed;
    const auto next = [&state] { // splitmix64
        state += 0x9E3779B97F4A7C15u;
        std::uint64_t z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
        return z ^ (z >> 31);
    };
    const auto centred = [&next] { return static_cast<std::int64_t>(next() >> 11) - (std::int64_t{1} << 52); };
    SyntheticSet set{Eigen::MatrixXd(rows, cols), Eigen::VectorXd(rows)};
    for (Eigen::Index i = 0; i < rows; ++i) {
        std::int64_t score = 0; // at most 16 terms of 2·2^52, then 3·2^52: far from overflow
        for (Eigen::Index j = 0; j < cols; ++j) {
            const std::int64_t m = centred();
            set.samples(i, j) = static_cast<double>(m) * 0x1p-52;
            score += (j % 5 - 2) * m;
        }
        score += 3 * centred();
        set.targets(i) = score > 0 ? 1.0 : 0.0;
    }
    return set;
}

} // namespace tinyneuron_test

#endif // TINYNEURON_TESTS_REFERENCE_SYNTHETIC_HPP
