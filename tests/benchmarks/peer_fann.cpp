// SPDX-License-Identifier: MIT
// The 8-point problem with FANN 2.2 (doublefann) for peers.sh: a network of 2 inputs and 1
// sigmoid output, no hidden layer, trained with fann_train one sample at a time, the samples
// drawn with the same engine and index mapping as tinyneuron, the error over the 8 points
// computed every 100 iterations with fann_run. Prints the minimum over `repetitions` runs as
//     RESULT fann <ns per iteration>
// Usage: peer_fann [iterations = 1000000] [repetitions = 5]
//
// Making FANN's step equal ours, w −= r·2(y − t)·σ'(z)·x, b −= r·2(y − t)·σ'(z):
// - FANN's sigmoid is 1/(1 + exp(−2·s·z)) for steepness s, with derivative 2s·y(1 − y). The
//   default s = 0.5 is exactly σ(z) and σ'(z); s = 1 would be σ(2z).
// - The train error function must be FANN_ERRORFUNC_LINEAR (the default, TANH, distorts t − y);
//   the output's delta is then (t − y)·σ'(z) and fann_train adds rate·delta·x to each weight
//   (the bias neuron's x is 1). So FANN's learning rate is 2r. FANN keeps its rate in a float,
//   so 2r is rounded to float (0.02 for r = 0.01): a relative difference of about 1e-8.
// - FANN clips y to [0.01, 0.99] before taking the derivative: outside that range its step is
//   not ours (the 8 points keep y inside it for most of the run; see the note printed).
// check_one_step() computes one step both ways with a rate whose double is exact in float.
#include "baseline.hpp"

#include <doublefann.h>

#include <algorithm> // std::min, std::max
#include <chrono>    // std::chrono::steady_clock
#include <cmath>     // std::abs
#include <cstdio>    // std::printf
#include <cstdlib>   // std::strtoull
#include <limits>    // std::numeric_limits
#include <random>    // std::mt19937_64
#include <vector>    // std::vector

using tinyneuron_bench::timed_ns;

namespace {

struct Parameters {
    double w0;
    double w1;
    double b;
};

/// A 2-1 network whose step equals tinyneuron's with learning rate `rate`.
struct fann *make_network(const Parameters &p, double rate, double steepness) {
    struct fann *ann = fann_create_standard(2, 2, 1);
    fann_set_activation_function_output(ann, FANN_SIGMOID);
    fann_set_activation_steepness_output(ann, steepness);
    fann_set_train_error_function(ann, FANN_ERRORFUNC_LINEAR);
    fann_set_learning_momentum(ann, 0.0f);
    fann_set_learning_rate(ann, static_cast<float>(2.0 * rate));
    // Connections into the output neuron (number 3): from input 0, input 1 and the bias (2).
    fann_set_weight(ann, 0, 3, p.w0);
    fann_set_weight(ann, 1, 3, p.w1);
    fann_set_weight(ann, 2, 3, p.b);
    return ann;
}

Parameters parameters_of(struct fann *ann) {
    std::vector<struct fann_connection> c(fann_get_total_connections(ann));
    fann_get_connection_array(ann, c.data());
    Parameters p{0, 0, 0};
    for (const auto &k : c) {
        if (k.to_neuron == 3) {
            (k.from_neuron == 0 ? p.w0 : k.from_neuron == 1 ? p.w1 : p.b) = k.weight;
        }
    }
    return p;
}

/// Our step on one sample, from the formula.
Parameters our_step(const Parameters &p, const double *x, double target, double rate) {
    const double w[2] = {p.w0, p.w1};
    const auto s = tinyneuron_bench::sigmoid(tinyneuron_bench::z_of<2>(w, p.b, x, 2));
    const double slope = 2.0 * (s.value - target) * s.value * s.complement;
    return {p.w0 - rate * slope * x[0], p.w1 - rate * slope * x[1], p.b - rate * slope};
}

double step_difference(const Parameters &from, const Parameters &a, const Parameters &b) {
    const double da[3] = {a.w0 - from.w0, a.w1 - from.w1, a.b - from.b};
    const double db[3] = {b.w0 - from.w0, b.w1 - from.w1, b.b - from.b};
    double worst = 0.0;
    for (int i = 0; i < 3; ++i) {
        worst = std::max(worst, std::abs(da[i] - db[i]) / std::max(std::abs(db[i]), 1e-300));
    }
    return worst;
}

/// One step on each of the 8 points, FANN against the formula, with steepness 0.5 and, to show
/// that it is not ours, 1. Where FANN clips y the steps differ by design; elsewhere they must
/// agree to rounding.
bool check_one_step(const Parameters &start, const tinyneuron_bench::Data<double> &d) {
    const double rate = 0x1p-6; // 2·rate is exact in float
    double worst = 0.0;
    double worst_steep = 0.0;
    std::size_t compared = 0;
    for (std::size_t r = 0; r < d.rows; ++r) {
        double x[2] = {d.x[2 * r], d.x[2 * r + 1]};
        double t = d.t[r];
        const double w[2] = {start.w0, start.w1};
        const double y = tinyneuron_bench::sigmoid(tinyneuron_bench::z_of<2>(w, start.b, x, 2)).value;
        if (y < 0.01 || y > 0.99) {
            continue;
        }
        ++compared;
        const Parameters ours = our_step(start, x, t, rate);
        for (const double steepness : {0.5, 1.0}) {
            struct fann *ann = make_network(start, rate, steepness);
            fann_train(ann, x, &t);
            double &into = steepness == 0.5 ? worst : worst_steep;
            into = std::max(into, step_difference(start, parameters_of(ann), ours));
            fann_destroy(ann);
        }
    }
    std::printf("NOTE fann: one step on each of the %zu points where FANN does not clip y, "
                "relative difference from ours: %.2g with steepness 0.5 (the default), %.2g with "
                "steepness 1\n",
                compared, worst, worst_steep);
    return compared > 0 && worst < 1e-12;
}

} // namespace

int main(int argc, char **argv) {
    const std::size_t iterations = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
    const std::size_t repetitions = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 5;
    if (iterations == 0 || repetitions == 0) {
        std::fprintf(stderr, "usage: peer_fann [iterations >= 1] [repetitions >= 1]\n");
        return 2;
    }
    tinyneuron_bench::Data<double> d = tinyneuron_bench::eight<double>();
    std::mt19937_64 init(42);
    const auto start_neuron = tinyneuron::Neuron<double, 2>::random(2, init);
    const Parameters start{start_neuron.weights()(0), start_neuron.weights()(1), start_neuron.bias()};
    if (!check_one_step(start, d)) {
        std::fprintf(stderr, "peer_fann: FANN's step differs from ours\n");
        return 1;
    }

    const double rate = 0.01;
    double best = std::numeric_limits<double>::infinity();
    Parameters end{0, 0, 0};
    std::size_t clipped = 0;
    double sink = 0.0;
    for (std::size_t r = 0; r < repetitions; ++r) {
        struct fann *ann = make_network(start, rate, 0.5);
        std::mt19937_64 rng(7);
        clipped = 0;
        best = std::min(best, timed_ns([&] {
                            for (std::size_t it = 0; it < iterations; ++it) {
                                const std::size_t i = tinyneuron::uniform_index(rng, d.rows);
                                fann_train(ann, &d.x[2 * i], &d.t[i]);
                                if (it % 100 == 0) {
                                    double e = 0.0;
                                    for (std::size_t k = 0; k < d.rows; ++k) {
                                        const double y = fann_run(ann, &d.x[2 * k])[0];
                                        e += (y - d.t[k]) * (y - d.t[k]);
                                        clipped += y < 0.01 || y > 0.99;
                                    }
                                    sink += e;
                                }
                            }
                        }));
        end = parameters_of(ann);
        fann_destroy(ann);
    }

    // Where FANN ends, against tinyneuron on the same draws (they part by FANN's float rate
    // and by its clipping of y).
    tinyneuron::Neuron<double, 2> neuron = start_neuron;
    std::mt19937_64 rng(7);
    tinyneuron::TrainOptions<double> options;
    options.learning_rate = rate;
    options.iterations = iterations;
    const Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, 2, Eigen::RowMajor>> x(d.x.data(), 8, 2);
    const Eigen::Map<const Eigen::VectorXd> t(d.t.data(), 8);
    neuron.train(x, t, options, rng);
    std::printf("NOTE fann ends at w = (%.6f, %.6f), b = %.6f; tinyneuron at (%.6f, %.6f), "
                "%.6f; %zu of %zu recorded outputs were outside FANN's [0.01, 0.99] (error "
                "sum %.3g)\n",
                end.w0, end.w1, end.b, neuron.weights()(0), neuron.weights()(1), neuron.bias(), clipped,
                8 * ((iterations - 1) / 100 + 1), sink);
    std::printf("RESULT fann %.3f\n", best / static_cast<double>(iterations));
    return 0;
}
