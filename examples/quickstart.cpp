// SPDX-License-Identifier: MIT
// The README's first program: one neuron learns the tutorial's 8 points.
#include <tinyneuron/neuron.hpp>

#include <cstdio>
#include <random>

int main() {
    Eigen::Matrix<double, 8, 2> points; // one sample per row: two inputs
    points << 3, 1.5, 2, 1, 4, 1.5, 3, 4, 3.5, 0.5, 2, 0.5, 5.5, 1, 1, 1;
    Eigen::Matrix<double, 8, 1> targets;
    targets << 0, 1, 0, 1, 0, 1, 1, 0;

    std::mt19937_64 rng(3346); // eight_points' default seed, a typical run
    auto neuron = tinyneuron::Neuron<double, 2>::random(2, rng);
    auto history = neuron.train(points, targets, tinyneuron::TrainOptions<double>{}, rng);

    for (double error : history) {
        std::printf("error %.4f\n", error);
    }
    auto predictions = neuron.predict_batch(points);
    for (int i = 0; i < 8; ++i) {
        std::printf("target %.0f  prediction %.3f\n", targets(i), predictions(i));
    }
}
