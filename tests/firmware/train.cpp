// SPDX-License-Identifier: MIT
// The training firmware: a Neuron<float, 2> trained on the tutorial's 8 points with the default
// options (1000 steps of one row each, learning rate 0.01, a record every 100 steps) and an
// engine of its own, reporting through a callback only (no history vector, no heap), then
// predicting the 8 points. Its flash is checked against a budget of 16384 bytes of text, and
// what it prints under QEMU is compared with the same program built for the host
// (compare_output.cmake). Every float prints as its bits and 7 decimals (print.hpp).
#include "print.hpp"

// A firmware author's hook: a refused call prints the header's message and stops.
#define TINYNEURON_ON_ERROR(message) firmware::refused(message)
#include <tinyneuron/neuron.hpp>

#include <cstddef>
#include <cstdint>

namespace {

/// PCG32 (O'Neill's pcg32, XSH RR): a UniformRandomBitGenerator of 32 bits, integer arithmetic
/// only, so it draws the same numbers everywhere.
class Pcg32 {
  public:
    using result_type = std::uint32_t;
    Pcg32(std::uint64_t seed, std::uint64_t sequence) : increment_((sequence << 1) | 1) {
        (*this)();
        state_ += seed;
        (*this)();
    }
    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return 0xFFFFFFFF; }
    result_type operator()() {
        const std::uint64_t old = state_;
        state_ = old * 6364136223846793005u + increment_;
        const auto shifted = static_cast<std::uint32_t>(((old >> 18) ^ old) >> 27);
        const auto rotation = static_cast<std::uint32_t>(old >> 59);
        return (shifted >> rotation) | (shifted << ((32 - rotation) & 31));
    }
    std::uint64_t state() const { return state_; }

  private:
    std::uint64_t state_ = 0;
    std::uint64_t increment_;
};

void print_state(const char *what, const Pcg32 &rng) {
    firmware::write(what);
    firmware::print_hex(rng.state(), 16);
    firmware::write("\n");
}

void print_parameters(const char *what, const tinyneuron::Neuron<float, 2> &neuron) {
    firmware::write(what);
    firmware::write(" w0 ");
    firmware::print_float(neuron.weights()(0));
    firmware::write(" w1 ");
    firmware::print_float(neuron.weights()(1));
    firmware::write(" b ");
    firmware::print_float(neuron.bias());
    firmware::write("\n");
}

} // namespace

int main() {
    // The tutorial's 8 points (length, width) and their labels, and its trained neuron's
    // parameters as the start (Neuron::random would draw them in double: soft-float on an M4F).
    Eigen::Matrix<float, 8, 2> samples;
    samples << 3.0f, 1.5f, 2.0f, 1.0f, 4.0f, 1.5f, 3.0f, 4.0f, 3.5f, 0.5f, 2.0f, 0.5f, 5.5f, 1.0f, 1.0f, 1.0f;
    Eigen::Matrix<float, 8, 1> targets;
    targets << 0.0f, 1.0f, 0.0f, 1.0f, 0.0f, 1.0f, 1.0f, 0.0f;
    tinyneuron::Neuron<float, 2> neuron(Eigen::Vector2f(1.45f, -0.66f), 0.0f);
    const tinyneuron::TrainOptions<float> options;
    Pcg32 rng(2026, 54);

    print_parameters("start", neuron);
    print_state("engine ", rng);
    // The rows train draws, drawn here first from a copy of the engine: one uniform_index(rng, 8)
    // per step, as the header documents. No float arithmetic, so the host must print the same.
    Pcg32 copy = rng;
    for (std::size_t line = 0; line < options.iterations / 100; ++line) {
        char rows[101];
        for (std::size_t k = 0; k < 100; ++k) {
            rows[k] = static_cast<char>('0' + tinyneuron::uniform_index(copy, 8));
        }
        rows[100] = '\0';
        firmware::write("rows ");
        firmware::write(rows);
        firmware::write("\n");
    }
    print_state("engine after the draws ", copy);

    const auto on_record = [](std::size_t iteration, float objective) {
        firmware::write("record ");
        firmware::print_uint(static_cast<std::uint32_t>(iteration));
        firmware::write(" ");
        firmware::print_float(objective);
        firmware::write("\n");
    };
    neuron.train_without_history(samples, targets, options, rng, on_record);
    print_state("engine after training ", rng);
    print_parameters("trained", neuron);
    for (Eigen::Index i = 0; i < samples.rows(); ++i) {
        firmware::write("predict ");
        firmware::print_uint(static_cast<std::uint32_t>(i));
        firmware::write(" ");
        firmware::print_float(neuron.predict(samples.row(i)));
        firmware::write("\n");
    }
    return 0;
}
