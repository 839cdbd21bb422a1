// SPDX-License-Identifier: MIT
// predict.cpp without the library, to measure what the library costs: the same inputs, weights
// and output, with σ(w·x + b) written out as a dot product and expf.
#include "print.hpp"

#include <cmath>

namespace {
volatile float inputs[][2] = {{1.66f, 1.56f}, {2.0f, 1.5f}, {3.0f, 1.5f}, {1.0f, 1.0f}};

struct Neuron {
    float weights[2];
    float bias;
    float predict(const float *x) const {
        const float z = weights[0] * x[0] + weights[1] * x[1] + bias;
        return 1.0f / (1.0f + std::exp(-z));
    }
};
} // namespace

int main() {
    const Neuron neuron{{1.45f, -0.66f}, 0.0f};
    for (const auto &input : inputs) {
        const float x[2] = {input[0], input[1]};
        firmware::write("predict ");
        firmware::print_float(x[0]);
        firmware::write(", ");
        firmware::print_float(x[1]);
        firmware::write(": ");
        firmware::print_float(neuron.predict(x));
        firmware::write("\n");
    }
    return 0;
}
