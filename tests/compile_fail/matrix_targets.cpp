// SPDX-License-Identifier: MIT
// Must not compile: a matrix where the targets belong.
#include <tinyneuron/neuron.hpp>

double misuse(const tinyneuron::Neuron<double, 2> &neuron, const Eigen::MatrixXd &samples,
              const Eigen::MatrixXd &targets) {
    return neuron.accuracy(samples, targets);
}
