// SPDX-License-Identifier: MIT
// Trains on the tutorial's 8 points through an installed or added tinyneuron; exits non-zero
// unless training lowered the error.
#include <tinyneuron/neuron.hpp>

#include <cstdio>
#include <random>

int main() {
    Eigen::Matrix<double, 8, 2> samples;
    samples << 3, 1.5, 2, 1, 4, 1.5, 3, 4, 3.5, 0.5, 2, 0.5, 5.5, 1, 1, 1;
    Eigen::Matrix<double, 8, 1> targets;
    targets << 0, 1, 0, 1, 0, 1, 1, 0;

    std::mt19937_64 rng(2026);
    auto neuron = tinyneuron::Neuron<double, 2>::random(2, rng);
    const double before = neuron.error(samples, targets);
    const auto history = neuron.train(samples, targets, tinyneuron::TrainOptions<double>{}, rng);
    std::printf("tinyneuron %d.%d.%d: error %.4f -> %.4f over %zu records\n",
                TINYNEURON_VERSION_MAJOR, TINYNEURON_VERSION_MINOR, TINYNEURON_VERSION_PATCH,
                before, history.back(), history.size());
    return history.size() == 10 && history.back() < before ? 0 : 1;
}
