// SPDX-License-Identifier: MIT
// Must not compile: a sample of fixed size 3 for a neuron of fixed size 2.
#include <tinyneuron/neuron.hpp>

tinyneuron::Neuron<double, 2>::Gradients misuse(const tinyneuron::Neuron<double, 2> &neuron) {
    return neuron.gradients(Eigen::Vector3d(1.0, 2.0, 3.0), 1.0);
}
