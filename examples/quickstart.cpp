// SPDX-License-Identifier: MIT
#include <tinyneuron/neuron.hpp>

#include <iostream>
#include <random>

int main() {
    Eigen::Matrix<double, 8, 2> x;
    x << 3, 1.5, 2, 1, 4, 1.5, 3, 4, 3.5, 0.5, 2, 0.5, 5.5, 1, 1, 1;
    Eigen::Matrix<double, 8, 1> t;
    t << 0, 1, 0, 1, 0, 1, 1, 0;
    std::mt19937_64 rng(42);
    auto neuron = tinyneuron::Neuron<double, 2>::random(2, rng);
    for (double e : neuron.train(x, t, {}, rng)) std::cout << e << '\n';
}
