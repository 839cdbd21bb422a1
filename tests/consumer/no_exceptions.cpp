// SPDX-License-Identifier: MIT
// Built with -fno-exceptions: trains and round-trips a neuron, then predicts on an input of the
// wrong size, which the header refuses through TINYNEURON_ON_ERROR. By default that prints the
// message and aborts; with TINYNEURON_TEST_OWN_HOOK, the hook below prints it and exits with 3.
#ifdef TINYNEURON_TEST_OWN_HOOK
#include <cstdio>
#include <cstdlib>

namespace {
[[noreturn]] void report_and_exit(const char *message) {
    std::printf("custom: %s\n", message);
    std::fflush(stdout);
    std::exit(3);
}
} // namespace
#define TINYNEURON_ON_ERROR(message) report_and_exit(message)
#endif

#include <tinyneuron/neuron.hpp>

#include <cstdio>
#include <random>
#include <sstream>

int main() {
    Eigen::Matrix<double, 8, 2> samples;
    samples << 3, 1.5, 2, 1, 4, 1.5, 3, 4, 3.5, 0.5, 2, 0.5, 5.5, 1, 1, 1;
    Eigen::Matrix<double, 8, 1> targets;
    targets << 0, 1, 0, 1, 0, 1, 1, 0;

    std::mt19937_64 rng(2026);
    auto neuron = tinyneuron::Neuron<double>::random(2, rng);
    const auto history = neuron.train(samples, targets, tinyneuron::TrainOptions<double>{}, rng);
    std::stringstream saved;
    neuron.save(saved);
    const auto loaded = tinyneuron::Neuron<double>::load(saved);
    std::printf("trained: %zu records, error %.4f, reloaded bias equal: %d\n", history.size(),
                loaded.error(samples, targets), loaded.bias() == neuron.bias());
    std::fflush(stdout); // before an abort could lose it

    const Eigen::Vector3d three_values(1, 2, 3);
    const double refused = neuron.predict(three_values);
    std::printf("predict returned %f instead of refusing\n", refused);
    return 0;
}
