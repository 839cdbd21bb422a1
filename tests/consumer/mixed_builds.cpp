// SPDX-License-Identifier: MIT
// One program of two objects, this file compiled with exceptions (main) and without them (the
// functions below main's), by consumer/mixed_builds.cmake at -O0 in both link orders. Both objects
// instantiate the same members (Neuron<double>'s constructor and predict of an Eigen::VectorXd, the
// checks and the refusal behind them), and at -O0 each emits its own copy, of which the linker keeps
// the first it meets. Each must still refuse in its own way (issue 26): main's refused predict throws
// std::invalid_argument, the other object's aborts.
#include <tinyneuron/neuron.hpp>

#include <cstdio> // std::printf, std::puts

/// Built without exceptions: σ(w·x + b) of `inputs` values for a neuron of 2 inputs, which refuses
/// (and so aborts) unless `inputs` is 2.
double predict_without_exceptions(Eigen::Index inputs);

#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
#include <stdexcept> // std::invalid_argument

/// With no argument: a predict of the other object that succeeds, then a refused one here, which
/// must throw (exit code 0). With "refuse": a refused predict of the other object, which must abort.
int main(int argc, char **) {
    try {
        if (argc > 1) {
            (void)predict_without_exceptions(3);
            std::puts("the object built without exceptions accepted 3 inputs");
            return 1;
        }
        std::printf("without exceptions: %g\n", predict_without_exceptions(2));
        const tinyneuron::Neuron<double> neuron(Eigen::VectorXd::Ones(2), 0.0);
        const Eigen::VectorXd x = Eigen::VectorXd::Ones(3);
        (void)neuron.predict(x);
        std::puts("with exceptions: predict accepted 3 inputs");
        return 1;
    } catch (const std::invalid_argument &e) {
        std::printf("%s threw: %s\n", argc > 1 ? "without exceptions" : "with exceptions", e.what());
        return argc > 1 ? 1 : 0;
    }
}
#else
double predict_without_exceptions(Eigen::Index inputs) {
    const tinyneuron::Neuron<double> neuron(Eigen::VectorXd::Ones(2), 0.0);
    const Eigen::VectorXd x = Eigen::VectorXd::Zero(inputs);
    return neuron.predict(x); // σ(0) = 0.5
}
#endif
