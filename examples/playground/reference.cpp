// SPDX-License-Identifier: MIT
// The native side of the playground's tests.
//   playground_reference run [--seed S] [--rate R] [--iterations N] [--record-every K]
//                            [--loss squared_error|cross_entropy] [--batch B] [--points x,y,t;...]
//                            [--start random|zero] [--fit 0|1]
//       one Neuron::train call, as quickstart.cpp makes it (from w = 0, b = 0 with --start zero,
//       drawing nothing), then with --fit 1 one Neuron::fit with the run's loss: prints
//       "record <i> <error>" lines, "fit <status> <steps>" (with --fit 1), "error <e>" (the run's
//       loss), "squared_error <e>", "accuracy <a>", "parameters <w1> <w2> <b>", "lowest <e>" (the
//       page's lowest reachable error), then the neuron in the save format (numbers as %.17g);
//       or "diverged <iteration>"
//   playground_reference predict x1 x2 [x1 x2 ...]
//       reads a saved neuron from stdin, prints its prediction for each point
//   playground_reference check
//       proves that the page's chunked training (Session::step) equals one train call
#include "session.hpp"

#include <cmath> // std::abs
#include <cstdio>
#include <cstdlib>  // std::strtod, std::strtoull
#include <iostream> // std::cin, for a saved neuron
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using playground::Neuron;
using playground::Options;
using playground::Points;
using playground::Targets;

struct Run {
    std::uint64_t seed = 3346;
    bool zero_start = false;
    bool fit = false;
    Options options{};
    Points points = playground::tutorial_points();
    Targets targets = playground::tutorial_targets();
};

double number(const std::string &flag, const std::string &value) {
    char *end = nullptr;
    const double v = std::strtod(value.c_str(), &end);
    if (value.empty() || *end != '\0') {
        throw std::invalid_argument(flag + ": '" + value + "' is not a number");
    }
    return v;
}

std::size_t whole(const std::string &flag, const std::string &value) {
    char *end = nullptr;
    const unsigned long long v = std::strtoull(value.c_str(), &end, 10);
    if (value.empty() || *end != '\0') {
        throw std::invalid_argument(flag + ": '" + value + "' is not a whole number");
    }
    return static_cast<std::size_t>(v);
}

/// "x1,x2,t;x1,x2,t;..." into points and targets.
void parse_points(const std::string &text, Run &run) {
    std::vector<double> values;
    std::string item;
    for (const char c : text + ";") {
        if (c == ',' || c == ';') {
            values.push_back(number("--points", item));
            item.clear();
        } else {
            item += c;
        }
    }
    if (values.size() % 3 != 0) {
        throw std::invalid_argument("--points: expected x1,x2,target triples");
    }
    const auto rows = static_cast<Eigen::Index>(values.size() / 3);
    run.points.resize(rows, 2);
    run.targets.resize(rows);
    for (Eigen::Index i = 0; i < rows; ++i) {
        const auto at = static_cast<std::size_t>(3 * i);
        run.points(i, 0) = values[at];
        run.points(i, 1) = values[at + 1];
        run.targets(i) = values[at + 2];
    }
}

Run parse_run(int argc, char **argv) {
    Run run;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const std::string value = argv[i + 1];
        if (flag == "--seed") {
            run.seed = whole(flag, value);
        } else if (flag == "--rate") {
            run.options.learning_rate = number(flag, value);
        } else if (flag == "--iterations") {
            run.options.iterations = whole(flag, value);
        } else if (flag == "--record-every") {
            run.options.record_every = whole(flag, value);
        } else if (flag == "--batch") {
            run.options.batch_size = whole(flag, value);
        } else if (flag == "--loss") {
            run.options.loss =
                value == "cross_entropy" ? tinyneuron::Loss::cross_entropy : tinyneuron::Loss::squared_error;
        } else if (flag == "--points") {
            parse_points(value, run);
        } else if (flag == "--start") {
            run.zero_start = value == "zero";
        } else if (flag == "--fit") {
            run.fit = value == "1";
        } else {
            throw std::invalid_argument("unknown flag " + flag);
        }
    }
    return run;
}

const char *status_name(tinyneuron::FitStatus status) {
    switch (status) {
    case tinyneuron::FitStatus::converged:
        return "converged";
    case tinyneuron::FitStatus::max_iterations:
        return "max_iterations";
    case tinyneuron::FitStatus::no_minimum:
        return "no_minimum";
    case tinyneuron::FitStatus::stalled:
        return "stalled";
    case tinyneuron::FitStatus::stopped:
        break;
    }
    return "stopped";
}

int print_run(const Run &run) {
    std::mt19937_64 rng(run.seed);
    auto neuron = run.zero_start ? Neuron(Neuron::Vector::Zero(), 0.0) : Neuron::random(2, rng);
    std::vector<double> history;
    try {
        history = neuron.train(run.points, run.targets, run.options, rng);
    } catch (const tinyneuron::DivergenceError &e) {
        std::printf("diverged %zu\n", e.iteration());
        return 0;
    }
    const std::size_t every = run.options.record_every;
    for (std::size_t k = 0; k < history.size(); ++k) {
        std::printf("record %zu %.17g\n", k * every, history[k]);
    }
    if (run.fit) {
        tinyneuron::FitOptions<double> options;
        options.loss = run.options.loss;
        const auto result = neuron.fit(run.points, run.targets, options);
        std::printf("fit %s %zu\n", status_name(result.status), result.iterations);
    }
    std::printf("error %.17g\nsquared_error %.17g\naccuracy %.17g\nparameters %.17g %.17g %.17g\nlowest %.17g\n",
                neuron.error(run.points, run.targets, run.options.loss),
                neuron.error(run.points, run.targets, tinyneuron::Loss::squared_error),
                neuron.accuracy(run.points, run.targets), neuron.weights()(0), neuron.weights()(1), neuron.bias(),
                playground::lowest_error(run.points, run.targets, run.options.loss).error);
    neuron.save(std::cout);
    return 0;
}

int print_predictions(int argc, char **argv) {
    const Neuron neuron = Neuron::load(std::cin);
    for (int i = 2; i + 1 < argc; i += 2) {
        const Neuron::Vector x(number("x1", argv[i]), number("x2", argv[i + 1]));
        std::printf("%.17g\n", neuron.predict(x));
    }
    return 0;
}

// ---- check: the page's chunked training against one train call ----

int failures = 0;

void expect(bool ok, const std::string &what) {
    if (!ok) {
        ++failures;
        std::printf("FAILED: %s\n", what.c_str());
    }
}

/// Trains `run` once with Neuron::train and once through a Session in chunks of the sizes
/// `chunks` cycles through; everything observable must be equal, the engine's next draw too.
void compare_chunked(const Run &run, const std::vector<std::size_t> &chunks, const std::string &name) {
    std::mt19937_64 rng(run.seed);
    auto neuron = Neuron::random(2, rng);
    std::size_t diverged_at = 0;
    bool diverged = false;
    std::vector<double> history;
    try {
        history = neuron.train(run.points, run.targets, run.options, rng);
    } catch (const tinyneuron::DivergenceError &e) {
        diverged = true;
        diverged_at = e.iteration();
    }

    playground::Session session;
    session.set_data(run.points, run.targets);
    session.set_options(run.options);
    session.reset(run.seed);
    bool session_diverged = false;
    try {
        for (std::size_t k = 0; session.remaining() > 0; ++k) {
            session.step(chunks[k % chunks.size()]);
        }
    } catch (const tinyneuron::DivergenceError &e) {
        session_diverged = true;
        expect(e.iteration() == diverged_at, name + ": diverged at another iteration");
    }
    expect(diverged == session_diverged, name + ": only one of the two diverged");
    if (diverged) {
        return;
    }
    const auto &records = session.records();
    expect(records.size() == history.size(), name + ": another number of records");
    for (std::size_t k = 0; k < std::min(records.size(), history.size()); ++k) {
        expect(records[k].error == history[k] && records[k].iteration == k * run.options.record_every,
               name + ": record " + std::to_string(k) + " differs");
    }
    std::ostringstream saved;
    neuron.save(saved);
    expect(session.saved() == saved.str(), name + ": the final neurons differ");
    expect(session.iteration() == run.options.iterations, name + ": stopped early");
    expect(session.engine() == rng, name + ": the engines differ");
}

/// A refused change leaves the session as it was and says why.
void expect_refused(playground::Session &session, const Run &run, const std::string &expected) {
    const std::string before = session.saved();
    const auto options = session.options();
    std::string what;
    try {
        session.set_data(run.points, run.targets);
        session.set_options(run.options);
    } catch (const std::invalid_argument &e) {
        what = e.what();
    }
    expect(what.find(expected) != std::string::npos, "refusal '" + expected + "', got '" + what + "'");
    expect(session.saved() == before && session.points() == playground::tutorial_points() &&
               session.options().learning_rate == options.learning_rate,
           "a refused change changed the session");
}

/// The fit the page shows step by step is Neuron::fit's, step for step.
void fit_checks() {
    using tinyneuron::Loss;
    // The cross-entropy optimum of the 8 points, from where seed 3346's run ends.
    playground::Session session;
    Options options;
    options.loss = Loss::cross_entropy;
    session.set_options(options);
    session.reset(3346);
    session.step(1000);
    Neuron one_call = session.run_neuron();
    tinyneuron::FitOptions<double> fit_options;
    std::vector<double> objectives; // what fit's on_iteration reports after each step
    const auto result = one_call.fit(session.points(), session.targets(), fit_options,
                                     [&](std::size_t, double objective) { objectives.push_back(objective); });
    const std::size_t steps = session.fit(1000);
    expect(steps == result.iterations && steps > 0 && steps == session.fit_path().size(),
           "the fit shows as many steps as Neuron::fit takes");
    bool same_objectives = objectives.size() == steps;
    for (std::size_t k = 0; same_objectives && k < steps; ++k) {
        same_objectives = session.fit_path()[k].objective == objectives[k];
    }
    expect(same_objectives, "each step shown has the objective fit's on_iteration reports after that step");
    expect(session.neuron().weights() == one_call.weights() && session.neuron().bias() == one_call.bias(),
           "the fit's last step is Neuron::fit's end, bit for bit");
    const auto w = session.neuron().weights();
    expect(std::abs(w(0) - 0.122886) < 5e-7 && std::abs(w(1) - 0.488430) < 5e-7 &&
               std::abs(session.neuron().bias() + 1.023541) < 5e-7,
           "the cross-entropy optimum is w = (0.122886, 0.488430), b = -1.023541");
    expect(std::abs(session.lowest() - session.error()) < 1e-12, "the lowest cross-entropy is the fit's");
    std::printf("cross-entropy: fit from seed 3346's end in %zu steps to %.17g\n", steps, session.error());
    expect(session.fit(1) == 1 && session.neuron().weights() != one_call.weights(), "one step shows one step");
    session.fit(0);
    expect(session.neuron().weights() == session.run_neuron().weights(), "no steps show the run's neuron");
    session.fit(1000);
    session.step(1);
    expect(session.fit_shown() == 0 && session.fit_path().empty(), "a step of the run drops the fit");

    // The squared error's lowest value from the zero neuron.
    playground::Session zero;
    options.loss = Loss::squared_error;
    options.iterations = 0;
    zero.set_options(options);
    zero.reset(3346, true);
    zero.fit(1000);
    const auto z = zero.neuron().weights();
    std::printf("squared error: fit from the zero neuron in %zu steps to %.17g (w %.6f %.6f, b %.6f)\n",
                zero.fit_shown(), zero.error(), z(0), z(1), zero.neuron().bias());
    expect(std::abs(zero.error() - 1.88380624848630) < 1e-9 && std::abs(z(0) - 0.1335) < 5e-5 &&
               std::abs(z(1) - 0.4076) < 5e-5 && std::abs(zero.neuron().bias() + 0.9958) < 5e-5,
           "from the zero neuron the squared error's fit ends at 1.8838, w = (0.1335, 0.4076), b = -0.9958");

    // Points one line separates: no minimum.
    playground::Session separable;
    Points points(4, 2);
    points << 0, 0, 1, 0, 3, 3, 4, 3;
    Targets targets(4);
    targets << 0, 0, 1, 1;
    separable.set_data(points, targets);
    expect(separable.lowest() == 0.0 &&
               separable.optimum(Loss::squared_error).status == tinyneuron::FitStatus::no_minimum,
           "separable points have no minimum: the lowest error is 0");
    separable.fit(1000);
    // The squared error from the run's neuron: a plateau, one row saturated on its wrong side.
    expect(separable.fit_result() && separable.fit_result()->status == tinyneuron::FitStatus::stalled,
           "the squared error's fit on separable points stalls on a plateau, claiming no minimum");
    playground::Options cross_entropy = separable.options();
    cross_entropy.loss = Loss::cross_entropy;
    separable.set_options(cross_entropy);
    separable.fit(1000);
    expect(separable.fit_result() && separable.fit_result()->status == tinyneuron::FitStatus::no_minimum &&
               separable.fit_result()->separated_rows == 4,
           "the cross-entropy's fit on separable points ends no_minimum, every row separated");
}

int check() {
    const std::vector<std::vector<std::size_t>> patterns = {{1}, {7}, {99, 1}, {1000}, {3, 250, 1, 64, 100}};
    std::vector<Run> runs(6);
    runs[1].seed = 7;
    runs[1].options.record_every = 7;
    runs[1].options.iterations = 500;
    runs[2].options.batch_size = 3;
    runs[2].options.loss = tinyneuron::Loss::cross_entropy;
    runs[3].options.batch_size = 0;
    runs[3].options.record_every = 1;
    runs[3].options.iterations = 300;
    runs[4].options.learning_rate = 1e308; // diverges
    runs[4].points(0, 0) = 10;
    runs[5].options.iterations = 0;
    for (std::size_t r = 0; r < runs.size(); ++r) {
        for (std::size_t p = 0; p < patterns.size(); ++p) {
            compare_chunked(runs[r], patterns[p], "run " + std::to_string(r) + ", chunks " + std::to_string(p));
        }
    }

    // The tutorial's run for seed 3346, as quickstart prints it.
    playground::Session session;
    session.step(1000);
    char last[32];
    std::snprintf(last, sizeof last, "%.17g", session.records().back().error);
    expect(session.records().size() == 10 && std::string(last) == "2.2290563439270854",
           std::string("seed 3346: last record ") + last + ", expected 2.2290563439270854");
    expect(session.baseline() == 2.0, "the 0.5 baseline of 8 points is 8 * 0.25");
    const double lowest = session.lowest();
    std::printf("seed 3346: last record %s, error now %.17g, lowest %.17g\n", last, session.error(), lowest);
    // 1.88380624848630 is the lowest of 60 independent minimisations (numerical gradients, in
    // Python); every start that does not end saturated reaches it. Fit from the zero neuron does.
    expect(std::abs(lowest - 1.88380624848630) < 1e-9,
           "the lowest squared error of the tutorial's points is 1.88380624848630");

    // The path the landscape draws: the start and the neuron after every update, the run's last.
    expect(session.path_every() == 1 && session.path().size() == 1001 && session.path().front().iterations == 0 &&
               session.path().back().iterations == 1000 &&
               session.path().back().neuron.weights() == session.run_neuron().weights(),
           "the path of 1000 iterations holds 1001 neurons, the run's last");
    fit_checks();

    Run empty;
    empty.points.resize(0, 2);
    empty.targets.resize(0);
    expect_refused(session, empty, "samples have 0 rows, expected at least 1");
    Run one_class;
    one_class.targets.setZero();
    expect_refused(session, one_class, "every point has target 0, expected points of both");
    Run zero_rate;
    zero_rate.options.learning_rate = 0;
    expect_refused(session, zero_rate, "learning rate is 0, expected a finite value > 0");

    std::printf("%d failed\n", failures);
    return failures == 0 ? 0 : 1;
}

} // namespace

int main(int argc, char **argv) {
    try {
        const std::string command = argc > 1 ? argv[1] : "";
        if (command == "run") {
            return print_run(parse_run(argc, argv));
        }
        if (command == "predict") {
            return print_predictions(argc, argv);
        }
        if (command == "check") {
            return check();
        }
        std::fprintf(stderr, "usage: playground_reference run|predict|check ...\n");
        return 2;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "playground_reference: %s\n", e.what());
        return 1;
    }
}
