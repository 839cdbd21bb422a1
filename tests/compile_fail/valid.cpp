// SPDX-License-Identifier: MIT
// Must compile: the same calls with the right types, so the failures above are the misuse and
// not the harness (include paths, flags).
#include <tinyneuron/neuron.hpp>

double use(const tinyneuron::Neuron<double, 2> &neuron, const Eigen::MatrixXd &samples,
           const Eigen::VectorXd &targets) {
    return neuron.predict(Eigen::Vector2d(1.0, 2.0)) + neuron.error(samples, targets) +
           neuron.accuracy(samples, targets) + neuron.gradients(Eigen::Vector2d(1.0, 2.0), 1.0).bias;
}
