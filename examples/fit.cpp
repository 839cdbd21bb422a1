// SPDX-License-Identifier: MIT
// Fitting to the optimum: Newton's method from the zero neuron, one line per step, then the
// status and the logistic neuron's parameters on the tutorial's 8 points.
#include <tinyneuron/neuron.hpp>

#include <cstdio>

int main() {
    Eigen::Matrix<double, 8, 2> points; // the tutorial's 8 points, one sample per row
    points << 3, 1.5, 2, 1, 4, 1.5, 3, 4, 3.5, 0.5, 2, 0.5, 5.5, 1, 1, 1;
    Eigen::Matrix<double, 8, 1> targets;
    targets << 0, 1, 0, 1, 0, 1, 1, 0;

    tinyneuron::Neuron<double, 2> neuron(Eigen::Vector2d::Zero(), 0.0);
    tinyneuron::FitOptions<double> options; // cross-entropy, no penalty
    const auto result = neuron.fit(points, targets, options, [](std::size_t iteration, double objective) {
        std::printf("step %zu  cross-entropy %.12f\n", iteration, objective);
    });
    std::printf("%s after %zu steps\n",
                result.status == tinyneuron::FitStatus::converged ? "converged" : "not converged", result.iterations);
    std::printf("weights %.6f %.6f  bias %.6f  accuracy %.3f\n", neuron.weights()(0), neuron.weights()(1),
                neuron.bias(), neuron.accuracy(points, targets));
}
