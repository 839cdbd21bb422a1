// SPDX-License-Identifier: MIT
// Trains on the tutorial's 8 points through an installed, added, fetched or copied tinyneuron,
// then saves and reloads the neuron; exits non-zero unless training lowered the error and the
// reload is exact. Built with -DTINYNEURON_TEST_REFUSAL (and -fno-exceptions), it then predicts on
// an input of the wrong size, which the header must refuse through TINYNEURON_ON_ERROR: by
// default a message and an abort; with -DTINYNEURON_TEST_OWN_HOOK, the hook below (exit 3). With
// -DTINYNEURON_TEST_REFUSED_VALUE instead, it trains with a learning rate of -0.75, refused likewise.
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
    auto neuron = tinyneuron::Neuron<double, 2>::random(2, rng);
    const double before = neuron.error(samples, targets);
    const auto history = neuron.train(samples, targets, tinyneuron::TrainOptions<double>{}, rng);
    std::stringstream saved;
    neuron.save(saved);
    const auto loaded = tinyneuron::Neuron<double, 2>::load(saved);
    const bool exact = loaded.weights() == neuron.weights() && loaded.bias() == neuron.bias();
    std::printf("tinyneuron %d.%d.%d: error %.4f -> %.4f over %zu records, reloaded %s\n", TINYNEURON_VERSION_MAJOR,
                TINYNEURON_VERSION_MINOR, TINYNEURON_VERSION_PATCH, before, history.back(), history.size(),
                exact ? "exactly" : "CHANGED");
#ifdef TINYNEURON_TEST_REFUSAL
    std::fflush(stdout); // an abort would lose it
    const Eigen::VectorXd three_values = Eigen::Vector3d(1, 2, 3);
    std::printf("predict returned %f instead of refusing\n", neuron.predict(three_values));
#endif
#ifdef TINYNEURON_TEST_REFUSED_VALUE // a refusal that names a value of T
    std::fflush(stdout);
    tinyneuron::TrainOptions<double> options;
    options.learning_rate = -0.75;
    neuron.train(samples, targets, options, rng);
    std::printf("train took learning rate %f instead of refusing\n", options.learning_rate);
#endif
    return history.size() == 10 && history.back() < before && exact ? 0 : 1;
}
