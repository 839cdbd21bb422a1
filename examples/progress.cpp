// SPDX-License-Identifier: MIT
// Training with a progress line and a stop condition: train's on_record callback sees every
// recorded error; returning false stops training there, keeping the parameters reached.
#include <tinyneuron/neuron.hpp>

#include <cstdio>
#include <random>

int main() {
    Eigen::Matrix<double, 8, 2> points; // the tutorial's 8 points, one sample per row
    points << 3, 1.5, 2, 1, 4, 1.5, 3, 4, 3.5, 0.5, 2, 0.5, 5.5, 1, 1, 1;
    Eigen::Matrix<double, 8, 1> targets;
    targets << 0, 1, 0, 1, 0, 1, 1, 0;

    std::mt19937_64 rng(3346);
    auto neuron = tinyneuron::Neuron<double, 2>::random(rng);
    tinyneuron::TrainOptions<double> options;
    options.loss = tinyneuron::Loss::cross_entropy;
    options.batch_size = 0; // full batch: every step uses all 8 points
    options.learning_rate = 0.5;
    options.iterations = 100000;
    options.record_every = 1000;

    double previous = 0;
    const auto history = neuron.train(points, targets, options, rng, [&](std::size_t iteration, double error) {
        std::fprintf(stderr, "\riteration %6zu  cross-entropy %.6f", iteration, error);
        const bool improving = iteration == 0 || previous - error > 1e-9;
        previous = error;
        return improving; // false: stop here
    });
    std::fprintf(stderr, "\n");
    std::printf("stopped after %zu records: cross-entropy %.6f, accuracy %.3f\n", history.size(), history.back(),
                neuron.accuracy(points, targets));
}
