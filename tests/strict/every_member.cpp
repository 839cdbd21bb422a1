// SPDX-License-Identifier: MIT
// Uses every public entity of the header, for Neuron<float, 2> on fixed-size data, Neuron<double>
// (Eigen::Dynamic) on MatrixXd and Neuron<long double, 3> on fixed-size data, each with another
// engine, so that every member and every path to a refusal is instantiated. Its main job is to be
// compiled by the strictest warning flags of g++ and clang++ with -Werror (tests/CMakeLists.txt,
// header.strict_warnings_*): Eigen comes in as a system header, so what they find is the
// header's, or this file's. Run, it checks a few simple facts and exits 0 if all hold.
#include <tinyneuron/neuron.hpp>

#include <cmath>       // std::isfinite
#include <cstddef>     // std::size_t
#include <cstdio>      // std::printf
#include <limits>      // std::numeric_limits
#include <random>      // std::mt19937, std::mt19937_64, std::minstd_rand
#include <sstream>     // std::stringstream
#include <stdexcept>   // std::invalid_argument
#include <string>      // std::string
#include <type_traits> // std::is_same
#include <vector>      // std::vector, train's history

static_assert(TINYNEURON_VERSION_MAJOR >= 0 && TINYNEURON_VERSION_MINOR >= 0 && TINYNEURON_VERSION_PATCH >= 0,
              "the version macros are numbers");

namespace {

/// Counts the facts that do not hold, naming each.
struct Failures {
    int count = 0;
    void check(bool ok, const char *type, const std::string &what) {
        if (!ok) {
            std::printf("%s: %s does not hold\n", type, what.c_str());
            ++count;
        }
    }
};

template <class N> std::string saved(const N &neuron) {
    std::stringstream out;
    neuron.save(out);
    return out.str();
}

/// The tutorial's 8 points, their 2 inputs first and any further input the sum of those two, in
/// `Samples` (fixed or dynamic) and `Targets`.
template <class Samples, class Targets> void tutorial(Eigen::Index inputs, Samples &samples, Targets &targets) {
    using T = typename Samples::Scalar;
    const T points[8][3] = {{T(3), T(1.5), T(0)},   {T(2), T(1), T(1)},   {T(4), T(1.5), T(0)}, {T(3), T(4), T(1)},
                            {T(3.5), T(0.5), T(0)}, {T(2), T(0.5), T(1)}, {T(5.5), T(1), T(1)}, {T(1), T(1), T(0)}};
    samples.resize(8, inputs);
    targets.resize(8);
    for (Eigen::Index i = 0; i < 8; ++i) {
        const auto row = static_cast<std::size_t>(i);
        for (Eigen::Index j = 0; j < inputs; ++j) {
            samples(i, j) = j < 2 ? points[row][static_cast<std::size_t>(j)] : points[row][0] + points[row][1];
        }
        targets(i) = points[row][2];
    }
}

template <class T, int Inputs, class Samples, class Targets, class Rng> int exercise(const char *type, Rng rng) {
    using Neuron = tinyneuron::Neuron<T, Inputs>;
    static_assert(std::is_same<typename Neuron::Scalar, T>::value, "Scalar is T");
    using Vector = typename Neuron::Vector;
    using BatchVector = typename Neuron::BatchVector;
    using Gradients = typename Neuron::Gradients;
    Failures f;
    const Eigen::Index inputs = Inputs == Eigen::Dynamic ? 2 : Inputs;
    Samples samples;
    Targets targets;
    tutorial(inputs, samples, targets);

    // The sigmoid, and the engine's bits as indices and Gaussians
    f.check(tinyneuron::sigmoid(T(0)) > T(0.49) && tinyneuron::sigmoid(T(0)) < T(0.51), type, "sigmoid(0) is 0.5");
    f.check(tinyneuron::sigmoid_derivative(T(0)) <= T(0.25), type, "sigmoid_derivative(0) is at most 1/4");
    f.check(tinyneuron::uniform_index(rng, 8) < 8, type, "uniform_index(rng, 8) < 8");
    f.check(std::isfinite(tinyneuron::standard_normal(rng)), type, "standard_normal is finite");

    // Construction, the accessors, one sample
    Vector weights = Vector::Zero(inputs);
    weights(0) = T(1.45);
    weights(1) = T(-0.66);
    Neuron neuron(weights, T(0));
    f.check(neuron.inputs() == inputs && neuron.weights() == weights && std::fpclassify(neuron.bias()) == FP_ZERO, type,
            "the constructor keeps the weights and the bias");
    const T p = neuron.predict(samples.row(0).transpose());
    f.check(p > T(0) && p < T(1), type, "predict is in (0, 1)");
    const BatchVector batch = neuron.predict_batch(samples);
    f.check(batch.size() == 8, type, "predict_batch gives a value per row");
    const Gradients g = neuron.gradients(samples.row(1).transpose(), targets(1), tinyneuron::Loss::cross_entropy);
    const Gradients sum = neuron.batch_gradients(samples, targets, tinyneuron::Loss::squared_error);
    f.check(g.weights.allFinite() && std::isfinite(sum.bias), type, "gradients and batch_gradients are finite");
    const T error = neuron.error(samples, targets);
    neuron.update(sum, T(0.01));
    f.check(neuron.error(samples, targets) < error, type, "a small step down the batch gradient lowers the error");
    f.check(neuron.objective(samples, targets, tinyneuron::Loss::cross_entropy, T(0.1)) >
                neuron.error(samples, targets, tinyneuron::Loss::cross_entropy),
            type, "objective adds the penalty");
    const T accuracy = neuron.accuracy(samples, targets);
    f.check(accuracy >= T(0) && accuracy <= T(1), type, "accuracy is in [0, 1]");

    // Training, without and with callbacks, and divergence
    Neuron trained = Neuron::random(inputs, rng);
    const T before = trained.error(samples, targets);
    tinyneuron::TrainOptions<T> options;
    const std::vector<T> history = trained.train(samples, targets, options, rng);
    f.check(history.size() == 10 && history.back() < before, type, "train records 10 errors and lowers it");
    std::size_t records = 0;
    options.batch_size = 4;
    options.l2 = T(0.001);
    trained.train(samples, targets, options, rng, [&](std::size_t, T) { ++records; });
    f.check(records == 10, type, "train calls on_record at each record");
    options.loss = tinyneuron::Loss::cross_entropy;
    options.batch_size = 0;
    const auto first_only = trained.train(samples, targets, options, rng, [](std::size_t, T) { return false; });
    f.check(first_only.size() == 1, type, "on_record returning false stops training");
    records = 0;
    trained.train_without_history(samples, targets, options, rng, [&](std::size_t, T) { return ++records < 3; });
    trained.train_without_history(samples, targets, options, rng);
    f.check(records == 3, type, "train_without_history reports to on_record, which may stop it");
    options.learning_rate = std::numeric_limits<T>::max() / T(4);
    const std::string kept = saved(trained);
    try {
        trained.train(samples, targets, options, rng);
        f.check(false, type, "a huge learning rate diverges");
    } catch (const tinyneuron::DivergenceError &e) {
        f.check(e.iteration() == 0 && std::string(e.what()).find("diverged") != std::string::npos, type,
                "DivergenceError names its iteration");
    }
    f.check(saved(trained) == kept, type, "divergence keeps the neuron");
    const tinyneuron::DivergenceError made("made by hand", 7);
    f.check(made.iteration() == 7 && std::string(made.what()) == "made by hand", type, "a DivergenceError made");

    // Fitting, without and with a callback
    tinyneuron::FitOptions<T> fit_options;
    fit_options.l2 = T(0.01);
    const tinyneuron::FitResult<T> result = trained.fit(samples, targets, fit_options);
    f.check(result.status == tinyneuron::FitStatus::converged && result.iterations > 0 &&
                std::isfinite(result.objective) && std::isfinite(result.gradient_norm),
            type, "fit converges (it ended with status " + std::to_string(static_cast<int>(result.status)) + ")");
    fit_options.loss = tinyneuron::Loss::squared_error;
    std::size_t steps = 0;
    const auto stopped = trained.fit(samples, targets, fit_options, [&](std::size_t, T) { return ++steps < 1; });
    trained.fit(samples, targets, fit_options, [&](std::size_t, T, const Neuron &at) {
        if (at.inputs() > 0) {
            ++steps;
        }
    });
    fit_options.loss = tinyneuron::Loss::cross_entropy;
    fit_options.l2 = T(0);
    const tinyneuron::FitResult<T> plain = trained.fit(samples, targets, fit_options);
    if (plain.status == tinyneuron::FitStatus::converged) {
        const tinyneuron::Summary<T> s = trained.summary(samples, targets);
        f.check(s.rank == trained.inputs() + 1 - s.aliased.count() && s.standard_error.size() == trained.inputs() + 1 &&
                    s.deviance <= s.null_deviance && s.aic > s.deviance,
                type, "summary at the optimum");
    } else {
        f.check(plain.status == tinyneuron::FitStatus::no_minimum && plain.separated_rows > 0 &&
                    plain.aliased.size() == trained.inputs() + 1,
                type, "fit without a penalty ends converged or, with a certificate, no_minimum");
    }
    fit_options.l2 = T(0.01);
    fit_options.loss = tinyneuron::Loss::squared_error;
    f.check(stopped.status == tinyneuron::FitStatus::stopped && steps > 1, type,
            "on_iteration returning false stops fit (it ended with status " +
                std::to_string(static_cast<int>(stopped.status)) + ")");

    // Save, load and refusals, which leave the neuron as it was
    std::stringstream stream(saved(trained));
    const Neuron loaded = Neuron::load(stream);
    f.check(saved(loaded) == saved(trained), type, "load reads back what save wrote");
    const auto refuses = [&](const char *what, const std::string &says, const auto &call) {
        try {
            call();
            f.check(false, type, std::string(what) + " is refused");
        } catch (const std::invalid_argument &e) {
            f.check(std::string(e.what()).find(says) != std::string::npos, type,
                    std::string("the refusal of ") + what + " says '" + says + "'");
        }
        f.check(saved(trained) == saved(loaded), type, std::string("refusing ") + what + " changes nothing");
    };
    refuses("a negative learning rate", "learning rate", [&] {
        trained.update(Gradients{Vector::Zero(inputs), T(0)}, -T(1));
    });
    refuses("an input of the wrong size",
            "input has " + std::to_string(inputs + 1) + " values, expected " + std::to_string(inputs),
            [&] { return trained.predict(BatchVector::Zero(inputs + 1)); });
    return f.count;
}

/// Neuron::random(rng), for a fixed size only.
template <class T, int Inputs, class Rng> int random_fixed(const char *type, Rng rng) {
    Failures f;
    const auto neuron = tinyneuron::Neuron<T, Inputs>::random(rng);
    f.check(neuron.inputs() == Inputs && neuron.weights().allFinite(), type, "random(rng) draws Inputs weights");
    return f.count;
}

} // namespace

int main() {
    int failures = 0;
    failures += exercise<float, 2, Eigen::Matrix<float, 8, 2>, Eigen::Matrix<float, 8, 1>>("float", std::mt19937(1));
    failures += random_fixed<float, 2>("float", std::mt19937(2));
    failures += exercise<double, Eigen::Dynamic, Eigen::MatrixXd, Eigen::VectorXd>("double", std::mt19937_64(3));
    failures += exercise<long double, 3, Eigen::Matrix<long double, 8, 3>, Eigen::Matrix<long double, 8, 1>>(
        "long double", std::minstd_rand(4));
    failures += random_fixed<long double, 3>("long double", std::minstd_rand(5));
    std::printf("tinyneuron %d.%d.%d: every public member used, %d failures\n", TINYNEURON_VERSION_MAJOR,
                TINYNEURON_VERSION_MINOR, TINYNEURON_VERSION_PATCH, failures);
    return failures == 0 ? 0 : 1;
}
