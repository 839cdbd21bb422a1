// SPDX-License-Identifier: MIT
// Must not compile: float samples for a double neuron's cumulative loss.
#include <tinyneuron/neuron.hpp>

double misuse(const tinyneuron::Neuron<double> &neuron, const Eigen::MatrixXf &samples,
              const Eigen::VectorXd &targets) {
    return neuron.error(samples, targets);
}
