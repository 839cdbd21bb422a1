// SPDX-License-Identifier: MIT
// Must not compile: a float sample for a double neuron.
#include <tinyneuron/neuron.hpp>

double misuse(const tinyneuron::Neuron<double, 2> &neuron) { return neuron.predict(Eigen::Vector2f(1.0f, 2.0f)); }
