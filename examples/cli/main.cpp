// SPDX-License-Identifier: MIT
// tinyneuron: one sigmoid neuron from the command line, on the files R, pandas, spreadsheets and
// LIBLINEAR write.
//     tinyneuron fit DATA [--target NAME] [--loss cross-entropy|squared-error] [--l2 L | --C C]
//                         [--drop-missing] [--soft-targets] [--save MODEL] [--sep SEP] [--format F]
//     tinyneuron predict MODEL DATA [--out FILE] [--sep SEP] [--format F]
// fit reads DATA (reader.hpp), maps its target to 0 and 1 (targets.hpp), fits the neuron to the
// optimum with Neuron::fit and prints it (report.hpp); --save writes the model (model.hpp).
// predict writes the probability and label of each row as CSV, and scores them where DATA has
// the target. Bad input of any kind is a message naming its cause and a non-zero exit, with no
// file written. README.md, "The tinyneuron command", shows it at work.
#include "model.hpp"   // the model file
#include "reader.hpp"  // CSV and LIBSVM files
#include "report.hpp"  // what fit and predict print
#include "targets.hpp" // labels and probabilities

#include <tinyneuron/neuron.hpp>

#include <CLI/CLI.hpp>

#include <charconv>     // std::to_chars, the probabilities written exactly and fast
#include <cmath>        // std::isfinite
#include <cstdio>       // std::printf, std::fprintf, std::fflush, std::FILE
#include <cstdlib>      // EXIT_FAILURE
#include <exception>    // std::exception
#include <filesystem>   // std::filesystem: the output's directory, renaming into place
#include <fstream>      // std::ifstream, std::ofstream
#include <functional>   // std::function
#include <iostream>     // std::cout, the predictions on standard output
#include <optional>     // std::optional, --l2 and --C
#include <stdexcept>    // std::invalid_argument, std::runtime_error
#include <string>       // std::string
#include <system_error> // std::error_code
#include <variant>      // std::visit over the samples, dense or LIBSVM
#include <vector>       // std::vector

namespace tinyneuron::examples {
namespace {

namespace fs = std::filesystem;

// ============================================================================================
// The flags
// ============================================================================================

struct ReadFlags {
    std::string sep, format;
};

struct FitFlags {
    std::string data, target, loss = "cross-entropy", save;
    std::optional<double> l2, c;
    bool drop_missing = false, soft_targets = false;
    ReadFlags read;
};

struct PredictFlags {
    std::string model, data, out;
    ReadFlags read;
};

void add_read_flags(CLI::App *command, ReadFlags &flags) {
    command->add_option("--sep", flags.sep, "The CSV separator: ',', ';' or tab (default: the header's)")
        ->check(CLI::IsMember({",", ";", "tab", "\t"}));
    command->add_option("--format", flags.format, "csv or libsvm (default: detected from the first line)")
        ->check(CLI::IsMember({"csv", "libsvm"}));
}

ReadOptions read_options(const ReadFlags &flags, bool drop_missing) {
    ReadOptions options;
    options.separator = flags.sep.empty() ? '\0' : flags.sep == "tab" ? '\t' : flags.sep[0];
    options.format = flags.format.empty() ? Format::detect : flags.format == "csv" ? Format::csv : Format::libsvm;
    options.drop_missing = drop_missing;
    return options;
}

/// A file to be written: its directory must exist, and it must not be one of the inputs.
void check_output(const char *flag, const std::string &path, const std::vector<std::string> &inputs) {
    if (path.empty()) {
        return;
    }
    std::error_code error;
    if (!fs::is_directory(fs::absolute(path).parent_path(), error)) {
        throw CLI::ValidationError(flag, "'" + path + "' is not in an existing directory");
    }
    for (const std::string &input : inputs) {
        if (fs::equivalent(path, input, error)) {
            std::string message = "'" + path;
            message += "' is the file read, '";
            message += input;
            message += "'; choose another";
            throw CLI::ValidationError(flag, message);
        }
    }
    if (fs::is_directory(path, error)) {
        throw CLI::ValidationError(flag, "'" + path + "' is a directory, expected a file");
    }
}

std::string brief(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

void check_penalty(const FitFlags &flags) {
    if (flags.l2 && !(std::isfinite(*flags.l2) && *flags.l2 >= 0.0)) {
        throw CLI::ValidationError("--l2", "is " + brief(*flags.l2) + ", expected a finite number >= 0");
    }
    if (flags.c && !(std::isfinite(*flags.c) && *flags.c > 0.0)) {
        throw CLI::ValidationError("--C", "is " + brief(*flags.c) + ", expected a finite number > 0");
    }
}

// ============================================================================================
// Files
// ============================================================================================

/// Writes `path` whole or not at all: into a file beside it, renamed over it once complete.
void write_file(const std::string &path, const std::function<void(std::ostream &)> &write) {
    const std::string partial = path + ".partial";
    try {
        std::ofstream out(partial, std::ios::binary);
        if (!out) {
            throw std::runtime_error("cannot write " + partial);
        }
        write(out);
        out.close();
        if (!out) {
            throw std::runtime_error("cannot write " + partial);
        }
        fs::rename(partial, path);
    } catch (...) {
        std::error_code ignored;
        fs::remove(partial, ignored);
        throw;
    }
}

Model read_model(const std::string &path) {
    std::error_code error;
    if (!fs::is_regular_file(path, error)) {
        throw std::invalid_argument(path + ":1:1: " + (fs::exists(path, error) ? "is not a file" : "no such file") +
                                    ", expected a model written by tinyneuron fit --save");
    }
    std::ifstream in(path, std::ios::binary);
    return load_model(in, path);
}

/// A field of the predictions' CSV, quoted as RFC 4180 says where it must be.
std::string csv_field(const std::string &text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) {
        return text;
    }
    std::string out = "\"";
    for (const char c : text) {
        out += c == '"' ? "\"\"" : std::string(1, c);
    }
    return out + "\"";
}

// ============================================================================================
// fit
// ============================================================================================

/// The inputs and the target of a file to fit: --target, else a column named "target", else the
/// last column (a LIBSVM file's label); `why` says which, for the first line printed.
Columns fit_columns(const std::vector<std::string> &names, Format format, const std::string &target,
                    const std::string &source, std::string &why) {
    Columns columns;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (!target.empty() ? names[i] == target : names[i] == "target") {
            columns.target = static_cast<std::ptrdiff_t>(i);
        }
    }
    if (!target.empty() && columns.target < 0) {
        throw std::invalid_argument(source + ": --target: no column is named '" + target + "'; the columns are " +
                                    name_list(names, 20));
    }
    if (!target.empty()) {
        why = "the column --target names";
    } else if (columns.target >= 0) {
        why = "the column named 'target'; --target NAME chooses another";
    } else if (format == Format::libsvm) {
        columns.target = 0;
        why = "the label of each LIBSVM row";
    } else {
        columns.target = static_cast<std::ptrdiff_t>(names.size()) - 1;
        why = "the last column; --target NAME chooses another";
    }
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (static_cast<std::ptrdiff_t>(i) != columns.target) {
            columns.inputs.push_back(static_cast<std::ptrdiff_t>(i));
        }
    }
    return columns;
}

/// The first lines fit prints: the target, the data read, the labels, the loss and penalty.
void print_reading(const Data &data, const Targets &targets, const std::string &why, const FitFlags &flags, double l2) {
    std::printf("target '%s': %s\n", data.target_name().c_str(), why.c_str());
    std::printf("read %s: %zu rows, %zu inputs", data.source.c_str(), data.rows, data.columns.inputs.size());
    if (data.format == Format::libsvm) {
        std::printf(" (LIBSVM, named by their indices)");
    } else {
        std::printf(" (CSV, separator %s%s)", reader_detail::separator_name(data.separator).c_str(),
                    data.separator == ';' ? ", decimal comma" : "");
    }
    std::printf("\n");
    if (data.row_names) {
        std::printf("skipped: column 1, which has no name, as row names (R's write.csv, pandas' to_csv)\n");
    }
    if (data.dropped > 0) {
        std::printf("dropped: %zu rows with a missing value (--drop-missing)\n", data.dropped);
    }
    if (targets.labels.probabilities) {
        std::printf("targets: probabilities from 0 to 1, as they are (--soft-targets)\n");
    } else {
        std::printf("labels: '%s' -> 0, '%s' -> 1 (sorted%s); the probability is that of '%s'\n",
                    targets.labels.zero.c_str(), targets.labels.one.c_str(),
                    targets.labels.numeric() ? " by value" : "", targets.labels.one.c_str());
    }
    std::printf("loss %s, ", flags.loss.c_str());
    if (l2 == 0.0) {
        std::printf("no penalty\n");
    } else if (flags.c) {
        std::printf("penalty l2 = 1/(2 C rows) = %.10g (C = %g, as scikit-learn's and LIBLINEAR's)\n", l2, *flags.c);
    } else {
        std::printf("penalty l2 = %.10g (scikit-learn's C = %.6g)\n", l2,
                    1.0 / (2.0 * l2 * static_cast<double>(data.rows)));
    }
}

/// Fits, prints and saves; `x` is the samples as the neuron reads them.
template <class X> void fit_and_report(const X &x, const Data &data, const Targets &targets, Model &model) {
    FitOptions<double> options;
    options.loss = model.loss;
    options.l2 = model.l2;
    const FitResult<double> result = model.neuron.fit(x, targets.values, options);
    std::printf("fit: %s (%zu Newton steps)\n", fit_ending(result, model.l2, data.rows).c_str(), result.iterations);
    for (Eigen::Index i = 0; i < model.neuron.inputs(); ++i) {
        if (result.aliased(i)) {
            std::printf("aliased: '%s' is a linear combination of the bias and the inputs before it; its weight is "
                        "held at 0 (R's NA)\n",
                        model.inputs[static_cast<std::size_t>(i)].c_str());
        }
    }
    std::printf("\n");
    const bool statistics = model.loss == Loss::cross_entropy && model.l2 == 0.0 &&
                            result.status == FitStatus::converged && !targets.labels.probabilities;
    if (statistics) {
        print_summary(stdout, model, model.neuron.summary(x, targets.values), data.rows);
    } else {
        print_estimates(stdout, model);
    }
    const double accuracy = model.neuron.accuracy(x, targets.values);
    std::printf("accuracy %.4f (%.0f of %zu rows on their target's side of 0.5), %zu Newton steps\n", accuracy,
                accuracy * static_cast<double>(data.rows), data.rows, result.iterations);
}

int fit(const FitFlags &flags) {
    std::string why;
    const Data data = read_data_file(flags.data, read_options(flags.read, flags.drop_missing),
                                     [&](const std::vector<std::string> &names, Format format) {
                                         return fit_columns(names, format, flags.target, flags.data, why);
                                     });
    const Targets targets = make_targets(data, flags.soft_targets ? TargetRule::probabilities : TargetRule::labels);
    Model model;
    model.neuron = Neuron<double>(Eigen::VectorXd::Zero(static_cast<Eigen::Index>(data.columns.inputs.size())), 0.0);
    for (std::size_t i = 0; i < data.columns.inputs.size(); ++i) {
        model.inputs.push_back(data.input_name(i));
    }
    model.target = data.target_name();
    model.labels = targets.labels;
    model.loss = flags.loss == "cross-entropy" ? Loss::cross_entropy : Loss::squared_error;
    model.l2 = flags.c ? 1.0 / (2.0 * *flags.c * static_cast<double>(data.rows)) : flags.l2.value_or(0.0);
    print_reading(data, targets, why, flags, model.l2);
    std::visit([&](const auto &samples) { fit_and_report(samples_view(samples), data, targets, model); }, data.samples);
    if (!flags.save.empty()) {
        write_file(flags.save, [&](std::ostream &out) { save_model(out, model); });
        std::printf("saved to %s\n", flags.save.c_str());
    }
    return 0;
}

// ============================================================================================
// predict
// ============================================================================================

/// The model's inputs, found by name in any order; the target where the data has it.
Columns predict_columns(const std::vector<std::string> &names, Format format, const Model &model,
                        const std::string &source, std::vector<std::string> &ignored) {
    Columns columns;
    std::vector<bool> used(names.size(), false);
    for (const std::string &input : model.inputs) {
        std::ptrdiff_t found = -1;
        for (std::size_t i = 0; i < names.size(); ++i) {
            found = names[i] == input ? static_cast<std::ptrdiff_t>(i) : found;
        }
        const bool libsvm_index = format == Format::libsvm && !input.empty() &&
                                  input.find_first_not_of("0123456789") == std::string::npos && input[0] != '0';
        if (found < 0 && !libsvm_index) {
            std::string message = source + ": the model's input '";
            message += input;
            message += "' is not a column of this data; its columns are ";
            message += name_list(names, 20);
            throw std::invalid_argument(message);
        }
        columns.inputs.push_back(found); // a LIBSVM index no row lists is 0 in every row
        if (found >= 0) {
            used[static_cast<std::size_t>(found)] = true;
        }
    }
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (format == Format::libsvm ? i == 0 : names[i] == model.target) {
            columns.target = static_cast<std::ptrdiff_t>(i);
        } else if (!used[i]) {
            ignored.push_back(names[i]);
        }
    }
    return columns;
}

int predict(const PredictFlags &flags) {
    const Model model = read_model(flags.model);
    std::vector<std::string> ignored;
    const Data data = read_data_file(flags.data, read_options(flags.read, false),
                                     [&](const std::vector<std::string> &names, Format format) {
                                         return predict_columns(names, format, model, flags.data, ignored);
                                     });
    Eigen::VectorXd probabilities;
    Eigen::VectorXd targets;
    double cross_entropy = 0.0;
    std::visit(
        [&](const auto &samples) {
            const auto x = samples_view(samples);
            probabilities = model.neuron.predict_batch(x);
            if (data.has_target()) {
                targets = targets_by(data, model.labels);
                cross_entropy = model.neuron.error(x, targets, Loss::cross_entropy);
            }
        },
        data.samples);
    const auto write = [&](std::ostream &out) {
        out << "probability,label\n";
        char number[32];
        for (Eigen::Index i = 0; i < probabilities.size(); ++i) {
            const std::to_chars_result r = std::to_chars(number, number + sizeof number, probabilities(i));
            out.write(number, r.ptr - number);
            out << ',' << csv_field(model.labels.of(probabilities(i))) << '\n';
        }
    };
    // The report goes where the predictions do not.
    std::FILE *report = flags.out.empty() ? stderr : stdout;
    if (flags.out.empty()) {
        std::ios::sync_with_stdio(false);
        write(std::cout);
        std::cout.flush();
        if (!std::cout) {
            throw std::runtime_error("the predictions could not be written to standard output");
        }
    } else {
        write_file(flags.out, write);
    }
    std::fprintf(report, "read %s: %zu rows, the model's %zu inputs found by name", data.source.c_str(), data.rows,
                 model.inputs.size());
    if (!ignored.empty()) {
        std::fprintf(report, "; ignored, not inputs of the model: %s", name_list(ignored).c_str());
    }
    std::fprintf(report, "\n");
    if (!flags.out.empty()) {
        std::fprintf(report, "wrote %s: %zu rows of probability,label\n", flags.out.c_str(), data.rows);
    }
    if (data.has_target()) {
        print_scores(report, model.labels, targets, probabilities, cross_entropy);
    }
    return 0;
}

int checked_main(int argc, char **argv) {
    CLI::App app{"One sigmoid neuron: logistic regression on CSV and LIBSVM files.", "tinyneuron"};
    app.require_subcommand(1);
    FitFlags fit_flags;
    CLI::App *fit_command = app.add_subcommand("fit", "Fit the neuron to DATA, to the optimum, and print it");
    fit_command->add_option("DATA", fit_flags.data, "A CSV file with a header row, or a LIBSVM file")->required();
    fit_command->add_option("--target", fit_flags.target,
                            "The target's column (default: the one named 'target', else the last)");
    fit_command->add_option("--loss", fit_flags.loss, "What to minimise")
        ->check(CLI::IsMember({"cross-entropy", "squared-error"}))
        ->capture_default_str();
    CLI::Option *l2 = fit_command->add_option("--l2", fit_flags.l2, "Penalty l2 * |w|^2 on the mean loss, >= 0");
    fit_command->add_option("--C", fit_flags.c, "Penalty as scikit-learn's and LIBLINEAR's C: l2 = 1/(2 C rows)")
        ->excludes(l2);
    fit_command->add_flag("--drop-missing", fit_flags.drop_missing,
                          "Drop rows with a missing value (empty, NA, NaN, ?) instead of refusing them");
    fit_command->add_flag("--soft-targets", fit_flags.soft_targets,
                          "Read the target as probabilities from 0 to 1, not as two labels");
    fit_command->add_option("--save", fit_flags.save, "Write the model to this file");
    add_read_flags(fit_command, fit_flags.read);

    PredictFlags predict_flags;
    CLI::App *predict_command =
        app.add_subcommand("predict", "Write the probability and label of each row of DATA as CSV");
    predict_command->add_option("MODEL", predict_flags.model, "A model written by fit --save")->required();
    predict_command->add_option("DATA", predict_flags.data, "A CSV or LIBSVM file with the model's inputs")->required();
    predict_command->add_option("--out", predict_flags.out, "Write the predictions here (default: standard output)");
    add_read_flags(predict_command, predict_flags.read);
    try {
        app.parse(argc, argv);
        check_penalty(fit_flags);
        check_output("--save", fit_flags.save, {fit_flags.data});
        check_output("--out", predict_flags.out, {predict_flags.data, predict_flags.model});
    } catch (const CLI::ParseError &e) {
        return app.exit(e);
    }
    return fit_command->parsed() ? fit(fit_flags) : predict(predict_flags);
}

} // namespace
} // namespace tinyneuron::examples

int main(int argc, char **argv) {
    // A file that cannot be read, inputs whose products overflow, a file that cannot be written:
    // a message and a non-zero exit.
    try {
        return tinyneuron::examples::checked_main(argc, argv);
    } catch (const std::exception &e) {
        std::fflush(stdout);
        std::fprintf(stderr, "tinyneuron: %s\n", e.what());
    }
    return EXIT_FAILURE;
}
