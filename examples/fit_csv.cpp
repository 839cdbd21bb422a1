// SPDX-License-Identifier: MIT
// fit_csv: fits one neuron to a CSV file with Newton's method (Neuron::fit) and prints how the
// fit ended, the objective, the accuracy, the weights and the bias; --save writes the neuron.
// The CSV is read by the eight_points demo's reader: a header row, one sample per row, the
// target (0 to 1) last. Usage: fit_csv DATA.csv [--loss cross-entropy|squared-error] [--l2 L]
// [--save FILE]
#include "eight_points/csv.hpp"

#include <tinyneuron/neuron.hpp>

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace {

/// What a status means, in words.
const char *describe(tinyneuron::FitStatus status) {
    switch (status) {
    case tinyneuron::FitStatus::converged:
        return "converged: the objective is at its minimum";
    case tinyneuron::FitStatus::max_iterations:
        return "not converged: stopped after the most steps fit takes";
    case tinyneuron::FitStatus::no_minimum:
        return "no minimum: a direction of the weights keeps every row on its target's side or on a separating\n"
               "plane, so the objective only falls as they grow along it (add --l2 for a finite optimum, unless\n"
               "every target is the same)";
    case tinyneuron::FitStatus::stalled:
        return "stalled: no step lowers the objective any more, yet it is not at a minimum as far as double\n"
               "can tell";
    case tinyneuron::FitStatus::stopped:
        break;
    }
    return "stopped";
}

int checked_main(int argc, char **argv) {
    std::string path;
    std::string loss_name = "cross-entropy";
    double l2 = 0.0;
    std::string save;
    CLI::App app{"Fits one sigmoid neuron to a CSV file by Newton's method, to the optimum of the objective "
                 "error + rows * l2 * |w|^2, and prints it.",
                 "fit_csv"};
    app.add_option("DATA.csv", path, "A header row, one sample per row, the last column the target (0 to 1)")
        ->required();
    app.add_option("--loss", loss_name, "What to minimise")
        ->check(CLI::IsMember({"cross-entropy", "squared-error"}))
        ->capture_default_str();
    app.add_option("--l2", l2, "Penalty on the mean loss, >= 0; scikit-learn's C is 1 / (2 * l2 * rows)")
        ->capture_default_str();
    app.add_option("--save", save, "Write the fitted neuron to this file (tinyneuron format)");
    try {
        app.parse(argc, argv);
        if (!(std::isfinite(l2) && l2 >= 0.0)) {
            char value[32];
            std::snprintf(value, sizeof value, "%g", l2);
            throw CLI::ValidationError("--l2", std::string("is ") + value + ", expected a finite number >= 0");
        }
        std::error_code error;
        if (!save.empty() && !std::filesystem::is_directory(std::filesystem::absolute(save).parent_path(), error)) {
            throw CLI::ValidationError("--save", "'" + save + "' is not in an existing directory");
        }
    } catch (const CLI::ParseError &e) {
        return app.exit(e);
    }
    const tinyneuron::examples::Dataset data = tinyneuron::examples::read_csv(path);
    const Eigen::Index rows = data.samples.rows();

    tinyneuron::FitOptions<double> options;
    options.loss = loss_name == "cross-entropy" ? tinyneuron::Loss::cross_entropy : tinyneuron::Loss::squared_error;
    options.l2 = l2;
    tinyneuron::Neuron<double> neuron(Eigen::VectorXd::Zero(data.samples.cols()), 0.0);
    const tinyneuron::FitResult<double> result = neuron.fit(data.samples, data.targets, options);

    std::printf("%s: %td rows, %td inputs, target '%s'\n", path.c_str(), rows, data.samples.cols(),
                data.columns.back().c_str());
    std::printf("loss %s, l2 %.10g", loss_name.c_str(), l2);
    if (l2 > 0.0) {
        std::printf(" (scikit-learn's C = %.6g)", 1.0 / (2.0 * l2 * static_cast<double>(rows)));
    }
    std::printf("\n%s\nsteps %zu\n", describe(result.status), result.iterations);
    if (result.status == tinyneuron::FitStatus::no_minimum) {
        std::printf("rows strictly on their target's side along that direction: %zu of %td\n", result.separated_rows,
                    rows);
    }
    for (Eigen::Index i = 0; i < neuron.inputs(); ++i) {
        if (result.aliased(i)) {
            std::printf("aliased: %s is a combination of the bias and the columns before it; its weight is held at 0\n",
                        data.columns[static_cast<std::size_t>(i)].c_str());
        }
    }
    std::printf("objective %.15g (%s %.15g, penalty %.6g)\n", result.objective, loss_name.c_str(),
                neuron.error(data.samples, data.targets, options.loss),
                result.objective - neuron.error(data.samples, data.targets, options.loss));
    std::printf("largest gradient component %.3g\n", result.gradient_norm);
    const double accuracy = neuron.accuracy(data.samples, data.targets);
    std::printf("accuracy %.4f (%.0f of %td rows on their target's side of 0.5)\n", accuracy,
                accuracy * static_cast<double>(rows), rows);
    std::printf("bias %.10g\n", neuron.bias());
    for (Eigen::Index i = 0; i < neuron.inputs(); ++i) {
        std::printf("weight %-20s %.10g\n", data.columns[static_cast<std::size_t>(i)].c_str(), neuron.weights()(i));
    }
    if (!save.empty()) {
        std::ofstream file(save, std::ios::binary);
        neuron.save(file);
        file.close();
        if (!file) {
            throw std::runtime_error("cannot write " + save);
        }
        std::printf("saved to %s\n", save.c_str());
    }
    return 0;
}

} // namespace

int main(int argc, char **argv) {
    // A malformed CSV, inputs whose products overflow, a file that cannot be written: a message
    // and a non-zero exit.
    try {
        return checked_main(argc, argv);
    } catch (const std::exception &e) {
        std::fflush(stdout);
        std::fprintf(stderr, "fit_csv: %s\n", e.what());
    }
    return EXIT_FAILURE;
}
