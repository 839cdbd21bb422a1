// SPDX-License-Identifier: MIT
// The prediction firmware: a Neuron<float, 2> with the tutorial's weights predicts a few inputs
// read as a sensor's would be (volatile, so the compiler cannot fold them away), and prints
// them. Its flash is checked against a budget of 4096 bytes of text; handwritten_predict.cpp is
// the same program without the library. Builds for the microcontroller and for the host. With
// -DFIRMWARE_PREDICT_REFUSAL it then predicts a NaN, which must end in TINYNEURON_ON_ERROR.
#include "print.hpp"

// A firmware author's hook: a refused call prints the header's message and stops.
#define TINYNEURON_ON_ERROR(message) firmware::refused(message)
#include <tinyneuron/neuron.hpp>

#ifdef FIRMWARE_PREDICT_REFUSAL
#include <limits>
#endif

namespace {
volatile float inputs[][2] = {{1.66f, 1.56f}, {2.0f, 1.5f}, {3.0f, 1.5f}, {1.0f, 1.0f}};
#ifdef FIRMWARE_PREDICT_REFUSAL
volatile float not_a_number = std::numeric_limits<float>::quiet_NaN();
#endif
} // namespace

int main() {
    const tinyneuron::Neuron<float, 2> neuron(Eigen::Vector2f(1.45f, -0.66f), 0.0f);
    for (const auto &input : inputs) {
        const Eigen::Vector2f x(input[0], input[1]);
        firmware::write("predict ");
        firmware::print_float(x(0));
        firmware::write(", ");
        firmware::print_float(x(1));
        firmware::write(": ");
        firmware::print_float(neuron.predict(x));
        firmware::write("\n");
    }
#ifdef FIRMWARE_PREDICT_REFUSAL // then an input predict must refuse, through TINYNEURON_ON_ERROR
    firmware::print_float(neuron.predict(Eigen::Vector2f(not_a_number, 1.0f)));
    firmware::write(": predict returned instead of refusing a NaN\n");
    return 2;
#else
    return 0;
#endif
}
