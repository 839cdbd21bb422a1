// SPDX-License-Identifier: MIT
// Must not compile: a matrix where one sample belongs.
#include <tinyneuron/neuron.hpp>

double misuse(const tinyneuron::Neuron<double> &neuron) { return neuron.predict(Eigen::Matrix2d::Identity()); }
