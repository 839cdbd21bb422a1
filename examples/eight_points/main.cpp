// SPDX-License-Identifier: MIT
// eight_points: the tutorial's training run on its 8 points, the commentary's pictures, and a
// measurement of what they claim. One sigmoid neuron learns what it can; the program shows how
// far that is (the points are not linearly separable) and how the learning rate changes the noise.
// Run it with no flags for the tutorial's settings; --help lists the rest. README.md shows the
// pictures it draws.
#include <tinyneuron/neuron.hpp>

#include "csv.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>  // std::sort, std::min, std::max, std::minmax_element
#include <array>      // std::array, a triangle's corners
#include <cmath>      // std::sqrt, std::isfinite, std::abs, std::lround
#include <csignal>    // std::signal, SIGPIPE: a gnuplot that quits early must not kill us
#include <cstdint>    // std::int64_t, std::uint64_t
#include <cstdio>     // std::printf, std::fflush, FILE, popen, pclose
#include <cstdlib>    // std::getenv, EXIT_SUCCESS, EXIT_FAILURE
#include <exception>  // std::exception
#include <filesystem> // std::filesystem::path, create_directories, the PATH search
#include <fstream>    // std::ofstream
#include <locale>     // std::locale::classic, numbers written the same in every locale
#include <random>     // std::mt19937_64
#include <sstream>    // std::ostringstream
#include <stdexcept>  // std::runtime_error
#include <string>     // std::string
#include <vector>     // std::vector

namespace tinyneuron::examples {
namespace {

namespace fs = std::filesystem;
using Model = Neuron<double>;

// ============================================================================================
// The data and the settings
// ============================================================================================

/// The tutorial's 8 points: two inputs each, target 0 or 1.
Dataset tutorial_points() {
    Dataset data;
    data.samples.resize(8, 2);
    data.samples << 3.0, 1.5, //
        2.0, 1.0,             //
        4.0, 1.5,             //
        3.0, 4.0,             //
        3.5, 0.5,             //
        2.0, 0.5,             //
        5.5, 1.0,             //
        1.0, 1.0;
    data.targets.resize(8);
    data.targets << 0, 1, 0, 1, 0, 1, 1, 0;
    data.columns = {"x1", "x2", "target"};
    return data;
}

/// The default seed, chosen so that the default run is a typical one, not a lucky or an unlucky
/// one. Measured over the 100 seeds that --runs then uses (3346 to 3445): with the tutorial's
/// settings this seed's last recorded error, 2.2291, sits at their median (2.2284: 50 seeds end
/// lower, 49 higher); 4 of the 8 points come out right, the most common count (51 % of seeds 0 to
/// 4999); and its curve falls at every record, from 3.0330 to 2.2291. With the smaller rate it
/// ends at 2.4496 (median 2.4580), so the comparison from the same start is typical too. The
/// earlier default, 2026, was among the worst tenth of starts (3.91 -> 3.76 in 1000 iterations).
constexpr std::int64_t default_seed = 3346;

struct Settings {
    double learning_rate = 0.01;
    std::int64_t iterations = 1000;
    std::int64_t record_every = 100;
    std::int64_t seed = default_seed;
    std::int64_t runs = 100;
    std::string out = "plots";
    std::string data;
    std::string save;
    bool no_plots = false;
};

// ============================================================================================
// Numbers as text: the same bytes in every locale
// ============================================================================================

/// All 17 significant digits: reads back to the same double, so the CSVs are exact.
std::string exact(double value) {
    std::ostringstream out;
    out.imbue(std::locale::classic());
    out.precision(17);
    out << value;
    return out.str();
}

/// Up to 6 significant digits, for labels: 0.01, 1000.
std::string brief(double value) {
    std::ostringstream out;
    out.imbue(std::locale::classic());
    out << value;
    return out.str();
}

/// `digits` digits after the point, for the terminal: 1.9512.
std::string fixed(double value, int digits) {
    std::ostringstream out;
    out.imbue(std::locale::classic());
    out.setf(std::ios::fixed);
    out.precision(digits);
    out << value;
    return out.str();
}

constexpr std::int64_t max_records = 100000; // per curve, so the CSVs stay readable

/// Refuses a bad flag value with CLI11's error, so it is reported like a parse error.
void validate(const Settings &s) {
    const auto refuse = [](const char *flag, const std::string &what) {
        throw CLI::ValidationError(flag, what);
    };
    if (!(std::isfinite(s.learning_rate) && s.learning_rate > 0.0)) {
        refuse("--learning-rate",
               "is " + brief(s.learning_rate) + ", expected a finite number > 0");
    }
    if (s.iterations < 1 || s.iterations > 100000000) {
        refuse("--iterations", "is " + std::to_string(s.iterations) + ", expected 1 to 100000000");
    }
    if (s.record_every < 1) {
        refuse("--record-every", "is " + std::to_string(s.record_every) + ", expected at least 1");
    }
    // The comparison trains 3 x iterations, recording as often.
    if ((3 * s.iterations - 1) / s.record_every + 1 > max_records) {
        refuse("--record-every", "is " + std::to_string(s.record_every) + ": with " +
                                     std::to_string(s.iterations) +
                                     " iterations (and 3 x as many "
                                     "for the comparison) that records more than " +
                                     std::to_string(max_records) + " errors; record less often");
    }
    if (s.seed < 0) {
        refuse("--seed", "is " + std::to_string(s.seed) + ", expected a whole number >= 0");
    }
    if (s.runs < 1 || s.runs > 100000) {
        refuse("--runs", "is " + std::to_string(s.runs) + ", expected 1 to 100000");
    }
    if (s.out.empty()) {
        refuse("--out", "is empty, expected a directory");
    }
    {
        std::error_code error;
        const fs::file_status status = fs::status(fs::path(s.out), error);
        if (fs::exists(status) && !fs::is_directory(status)) {
            refuse("--out", "'" + s.out + "' exists and is not a directory");
        }
    }
    if (!s.save.empty()) {
        const fs::path parent = fs::absolute(fs::path(s.save)).parent_path();
        std::error_code error;
        if (!fs::is_directory(parent, error)) {
            refuse("--save", "'" + s.save + "' is in '" + parent.string() +
                                 "', which is not an existing directory");
        }
    }
}

// ============================================================================================
// Training: the tutorial's setting and the commentary's (learning rate / 10, 3 x iterations)
// ============================================================================================

struct Setting {
    TrainOptions<double> options;
    std::string label; // "learning rate 0.01, 1000 iterations"
};

std::vector<Setting> settings_of(const Settings &s) {
    const auto make = [&](double rate, std::int64_t iterations) {
        const TrainOptions<double> options{rate, static_cast<std::size_t>(iterations),
                                           static_cast<std::size_t>(s.record_every)};
        return Setting{options, "learning rate " + brief(rate) + ", " + std::to_string(iterations) +
                                    " iterations"};
    };
    return {make(s.learning_rate, s.iterations), make(s.learning_rate / 10, 3 * s.iterations)};
}

/// One seed's run: a random start, then each setting trained from that same start with the
/// same stream of sample draws.
struct Run {
    Model start;
    std::vector<Model> trained;
    std::vector<std::vector<double>> histories;
};

Run train_from_seed(const Dataset &data, const std::vector<Setting> &settings, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    Run run{Model::random(data.samples.cols(), rng), {}, {}};
    for (const Setting &setting : settings) {
        std::mt19937_64 draws = rng; // each setting sees the same samples in the same order
        Model neuron = run.start;
        try {
            run.histories.push_back(
                neuron.train(data.samples, data.targets, setting.options, draws));
        } catch (const std::runtime_error &e) {
            // DivergenceError or std::overflow_error: say which run it was.
            throw std::runtime_error("training with seed " + std::to_string(seed) + ", " +
                                     setting.label + ", failed: " + e.what());
        }
        run.trained.push_back(neuron);
    }
    return run;
}

/// The iteration (from 0) after which record k was taken.
double recorded_at(const Setting &setting, std::size_t k) {
    return static_cast<double>(k * setting.options.record_every);
}

// ============================================================================================
// Statistics over seeds
// ============================================================================================

/// The p-quantile of sorted values, interpolating linearly between neighbours.
double quantile(const std::vector<double> &sorted, double p) {
    const double at = p * static_cast<double>(sorted.size() - 1);
    const auto below = static_cast<std::size_t>(at);
    const std::size_t above = std::min(below + 1, sorted.size() - 1);
    const double fraction = at - static_cast<double>(below);
    return sorted[below] + fraction * (sorted[above] - sorted[below]);
}

struct Spread {
    std::vector<double> p10, median, p90; // per record
    double final_mean = 0;
    double final_sd = 0; // sample standard deviation over the seeds
    double final_median = 0;
    double rise = 0; // mean over seeds of the curve's total rise between records
};

Spread spread_of(const std::vector<std::vector<double>> &histories) {
    Spread s;
    for (std::size_t k = 0; k < histories.front().size(); ++k) {
        std::vector<double> at;
        at.reserve(histories.size());
        for (const std::vector<double> &h : histories) {
            at.push_back(h[k]);
        }
        std::sort(at.begin(), at.end());
        s.p10.push_back(quantile(at, 0.1));
        s.median.push_back(quantile(at, 0.5));
        s.p90.push_back(quantile(at, 0.9));
    }
    std::vector<double> finals;
    finals.reserve(histories.size());
    for (const std::vector<double> &h : histories) {
        finals.push_back(h.back());
        s.final_mean += h.back();
        // Descent alone only lowers the error; every rise is the noise of single-sample steps.
        for (std::size_t k = 1; k < h.size(); ++k) {
            s.rise += std::max(h[k] - h[k - 1], 0.0);
        }
    }
    s.rise /= static_cast<double>(histories.size());
    const auto n = static_cast<double>(finals.size());
    s.final_mean /= n;
    for (const double e : finals) {
        s.final_sd += (e - s.final_mean) * (e - s.final_mean);
    }
    s.final_sd = finals.size() > 1 ? std::sqrt(s.final_sd / (n - 1)) : 0.0;
    std::sort(finals.begin(), finals.end());
    s.final_median = quantile(finals, 0.5);
    return s;
}

// ============================================================================================
// Why one neuron cannot get them all: a point inside a triangle of the other class
// ============================================================================================

/// Three points of one class that enclose points of the other. A line that puts the three
/// corners on one side puts everything inside their triangle there too, so no neuron can
/// classify all of them: the data is not linearly separable.
struct Enclosure {
    std::array<Eigen::Index, 3> corners{};
    std::vector<Eigen::Index> inside;
    int corner_class = 0;
};

bool strictly_inside(const Eigen::MatrixXd &x, Eigen::Index p,
                     const std::array<Eigen::Index, 3> &t) {
    const auto cross = [&](Eigen::Index a, Eigen::Index b) {
        return (x(b, 0) - x(a, 0)) * (x(p, 1) - x(a, 1)) -
               (x(b, 1) - x(a, 1)) * (x(p, 0) - x(a, 0));
    };
    const double c1 = cross(t[0], t[1]);
    const double c2 = cross(t[1], t[2]);
    const double c3 = cross(t[2], t[0]);
    return (c1 > 0 && c2 > 0 && c3 > 0) || (c1 < 0 && c2 < 0 && c3 < 0);
}

/// The triangle enclosing the most points of the other class, for 2-D data of at most 60 rows;
/// empty `inside` if there is none (which alone does not prove the data separable).
Enclosure find_enclosure(const Dataset &data) {
    Enclosure best;
    const Eigen::Index n = data.samples.rows();
    if (data.samples.cols() != 2 || n > 60) {
        return best;
    }
    const auto cls = [&](Eigen::Index i) { return data.targets(i) >= 0.5 ? 1 : 0; };
    for (Eigen::Index a = 0; a < n; ++a) {
        for (Eigen::Index b = a + 1; b < n; ++b) {
            for (Eigen::Index c = b + 1; c < n; ++c) {
                if (cls(a) != cls(b) || cls(b) != cls(c)) {
                    continue;
                }
                Enclosure e{{a, b, c}, {}, cls(a)};
                for (Eigen::Index p = 0; p < n; ++p) {
                    if (cls(p) != cls(a) && strictly_inside(data.samples, p, e.corners)) {
                        e.inside.push_back(p);
                    }
                }
                if (e.inside.size() > best.inside.size()) {
                    best = e;
                }
            }
        }
    }
    return best;
}

std::string numbered(const std::vector<Eigen::Index> &rows) {
    std::string out;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        out += (i == 0 ? "" : i + 1 == rows.size() ? " and " : ", ") + std::to_string(rows[i] + 1);
    }
    return out;
}

// ============================================================================================
// Files and gnuplot
// ============================================================================================

/// Rows of numbers with a header: written as CSV and as a gnuplot datablock.
struct Table {
    std::vector<std::string> header;
    std::vector<std::vector<double>> rows;
};

std::string csv_text(const Table &t) {
    std::string out;
    for (std::size_t i = 0; i < t.header.size(); ++i) {
        out += i == 0 ? "" : ",";
        out += t.header[i];
    }
    out += "\n";
    for (const std::vector<double> &row : t.rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            out += i == 0 ? "" : ",";
            out += exact(row[i]);
        }
        out += "\n";
    }
    return out;
}

/// A named inline data block for gnuplot: `$name << EOD`, the rows, `EOD`.
std::string datablock(const std::string &name, const Table &t) {
    // Appends only: "literal" + string trips g++ 12's false -Wrestrict at -O2 -std=c++20
    // (GCC bug 105651).
    std::string out = "$";
    out += name;
    out += " << EOD\n#";
    for (const std::string &h : t.header) {
        out += ' ';
        out += h;
    }
    out += "\n";
    for (const std::vector<double> &row : t.rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            out += i == 0 ? "" : " ";
            out += exact(row[i]);
        }
        out += "\n";
    }
    return out + "EOD\n";
}

void write_file(const fs::path &path, const std::string &text) {
    std::ofstream out(path, std::ios::binary);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) {
        throw std::runtime_error("cannot write " + path.string());
    }
}

/// True if an executable `program` is in a directory of PATH.
bool on_path(const std::string &program) {
    const char *path = std::getenv("PATH");
    if (path == nullptr) {
        return false;
    }
    std::istringstream dirs(path);
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
        std::error_code error;
        const fs::path candidate = fs::path(dir.empty() ? "." : dir) / program;
        const fs::file_status status = fs::status(candidate, error);
        if (!error && fs::is_regular_file(status) &&
            (status.permissions() & (fs::perms::owner_exec | fs::perms::group_exec |
                                     fs::perms::others_exec)) != fs::perms::none) {
            return true;
        }
    }
    return false;
}

/// Feeds `script` to a gnuplot process; true if it ran and exited cleanly.
bool run_gnuplot(const std::string &script) {
    std::fflush(stdout);
#ifdef _WIN32
    FILE *pipe = _popen("gnuplot", "w");
#else
    FILE *pipe = popen("gnuplot", "w");
#endif
    if (pipe == nullptr) {
        return false;
    }
    const std::size_t written = std::fwrite(script.data(), 1, script.size(), pipe);
#ifdef _WIN32
    const int status = _pclose(pipe);
#else
    const int status = pclose(pipe);
#endif
    return written == script.size() && status == 0;
}

/// gnuplot's single-quoted string: no escapes, a quote is doubled.
std::string gp_quote(const std::string &text) {
    std::string out = "'";
    for (const char c : text) {
        out += c == '\'' ? "''" : std::string(1, c);
    }
    return out + "'";
}

/// The start of every picture's script: the PNG terminal, fonts, grid.
std::string gp_preamble(const std::string &name, int width, int height) {
    return "# Draws " + name + ".png from the data below: run `gnuplot " + name +
           ".gp` in this folder.\n"
           "# Written by tinyneuron's eight_points; the same data is in " +
           name +
           ".csv.\n"
           "set encoding utf8\n"
           "set terminal pngcairo size " +
           std::to_string(width) + "," + std::to_string(height) +
           " enhanced font 'DejaVu Sans,14' linewidth 1.5\n"
           "set output '" +
           name +
           ".png'\n"
           "set grid lc rgb '#dddddd'\n"
           "set key box opaque samplen 3 spacing 1.2\n"
           "set title font ',17'\n";
}

constexpr const char *fast_colour = "'#1f77b4'"; // the tutorial's setting
constexpr const char *slow_colour = "'#ff7f0e'"; // learning rate / 10, 3 x iterations
constexpr const char *baseline_style = "dt 2 lw 2 lc rgb '#555555'";

// ============================================================================================
// The terminal chart
// ============================================================================================

/// A small chart of `errors` against `iterations` made of characters, with the baseline dashed.
void ascii_chart(const std::vector<double> &iterations, const std::vector<double> &errors,
                 double baseline) {
    constexpr int width = 60;
    constexpr int height = 12;
    const auto [lowest, highest] = std::minmax_element(errors.begin(), errors.end());
    double bottom = std::min(*lowest, baseline);
    double top = std::max(*highest, baseline);
    const double pad = std::max((top - bottom) * 0.05, 1e-9);
    bottom -= pad;
    top += pad;
    std::vector<std::string> canvas(height, std::string(width, ' '));
    const auto row_of = [&](double e) {
        return static_cast<std::size_t>(std::lround((top - e) / (top - bottom) * (height - 1)));
    };
    for (std::size_t c = 0; c < width; c += 2) {
        canvas[row_of(baseline)][c] = '-';
    }
    const double last = iterations.back() > 0 ? iterations.back() : 1.0;
    for (std::size_t k = 0; k < errors.size(); ++k) {
        const auto column =
            static_cast<std::size_t>(std::lround(iterations[k] / last * (width - 1)));
        canvas[row_of(errors[k])][column] = '*';
    }
    for (std::size_t r = 0; r < canvas.size(); ++r) {
        const bool labelled = r == 0 || r + 1 == canvas.size() || r == row_of(baseline);
        const double value = top - static_cast<double>(r) / (height - 1) * (top - bottom);
        std::printf("  %7s |%s\n", labelled ? fixed(value, 3).c_str() : "", canvas[r].c_str());
    }
    std::printf("  %7s +%s\n", "", std::string(width, '-').c_str());
    std::printf("  %7s  %-*s%s  iteration\n", "", width - 8, "0", brief(iterations.back()).c_str());
    std::printf("  * error    - - always predicting 0.5\n");
}

// ============================================================================================
// The program
// ============================================================================================

int run(const Settings &s, const Dataset &data, bool built_in) {
    const std::vector<Setting> settings = settings_of(s);
    const Setting &tutorial = settings[0];
    const Setting &gentle = settings[1];
    const Eigen::Index n = data.samples.rows();
    const Eigen::Index inputs = data.samples.cols();
    const bool pictures = !s.no_plots && on_path("gnuplot");
    const fs::path out = s.out;

    std::printf("tinyneuron %d.%d.%d, eight_points: one sigmoid neuron, trained by stochastic "
                "gradient descent\n",
                TINYNEURON_VERSION_MAJOR, TINYNEURON_VERSION_MINOR, TINYNEURON_VERSION_PATCH);
    std::printf("data: %s (%lld samples, %lld inputs)\n",
                built_in ? "the tutorial's 8 points" : s.data.c_str(), static_cast<long long>(n),
                static_cast<long long>(inputs));
    std::printf("seed %lld, %s, error recorded every %lld\n\n", static_cast<long long>(s.seed),
                tutorial.label.c_str(), static_cast<long long>(s.record_every));

    // The main run, and the commentary's setting from the same start.
    const Run main_run = train_from_seed(data, settings, static_cast<std::uint64_t>(s.seed));
    const Model &neuron = main_run.trained[0];
    const std::vector<double> &history = main_run.histories[0];
    // A neuron with zero weights and bias predicts σ(0) = 0.5 for every input.
    const double baseline =
        Model(Model::Vector::Zero(inputs), 0.0).error(data.samples, data.targets);
    const double start_error = main_run.start.error(data.samples, data.targets);
    const double final_error = neuron.error(data.samples, data.targets);

    std::vector<double> at;
    at.reserve(history.size());
    for (std::size_t k = 0; k < history.size(); ++k) {
        at.push_back(recorded_at(tutorial, k));
    }

    // 1. The tutorial's picture, in the terminal.
    std::printf("cumulative error over the %lld samples, sum of (prediction - target)^2:\n",
                static_cast<long long>(n));
    Table curve{{"iteration", "error"}, {}};
    for (std::size_t k = 0; k < history.size(); ++k) {
        curve.rows.push_back({at[k], history[k]});
    }
    bool drawn = false;
    if (pictures) {
        // The range holds the baseline off the frame, and the key sits below, off the curve.
        const auto [lowest, highest] = std::minmax_element(history.begin(), history.end());
        const double bottom = std::min(*lowest, baseline);
        const double top = std::max(*highest, baseline);
        const double pad = std::max((top - bottom) * 0.08, 0.01);
        drawn = run_gnuplot(datablock("curve", curve) +
                            "set terminal dumb size 76,22 nofeed\nset output\n"
                            "set xlabel 'iteration'\nset key below width 3\nset yrange [" +
                            exact(bottom - pad) + ":" + exact(top + pad) +
                            "]\n"
                            "plot $curve using 1:2 with linespoints pt '*' title 'error', " +
                            exact(baseline) + " with lines title 'always predicting 0.5'\n");
    }
    if (!drawn) {
        ascii_chart(at, history, baseline);
    }
    if (history.size() <= 12) {
        std::printf("\n  recorded errors:");
        for (const double e : history) {
            std::printf(" %s", fixed(e, 4).c_str());
        }
        std::printf("\n");
    }

    // 2. The points, the predictions, the parameters.
    const Model::BatchVector predictions = neuron.predict_batch(data.samples);
    const bool show_inputs = inputs <= 4;
    std::printf("\n     #");
    if (show_inputs) {
        for (Eigen::Index c = 0; c < inputs; ++c) {
            std::printf(" %7s", data.columns[static_cast<std::size_t>(c)].substr(0, 7).c_str());
        }
    }
    std::printf("  target  prediction  right?\n");
    Eigen::Index correct = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
        const bool right = (predictions(i) >= 0.5) == (data.targets(i) >= 0.5);
        correct += right ? 1 : 0;
        if (i >= 20 && i + 1 < n) {
            continue;
        }
        std::printf("  %4lld", static_cast<long long>(i) + 1);
        if (show_inputs) {
            for (Eigen::Index c = 0; c < inputs; ++c) {
                std::printf(" %7s", brief(data.samples(i, c)).c_str());
            }
        }
        std::printf("  %6s  %10s  %s\n", brief(data.targets(i)).c_str(),
                    fixed(predictions(i), 4).c_str(), right ? "yes" : "no");
        if (i == 19 && n > 21) {
            std::printf("   ... %lld more rows\n", static_cast<long long>(n - 21));
        }
    }
    std::printf("\n  %lld of %lld right (prediction rounded to 0 or 1)\n",
                static_cast<long long>(correct), static_cast<long long>(n));
    std::printf("  weights:");
    for (Eigen::Index c = 0; c < inputs; ++c) {
        std::printf(" %s", fixed(neuron.weights()(c), 4).c_str());
    }
    std::printf("   bias: %s\n", fixed(neuron.bias(), 4).c_str());
    std::printf("  error: %s at the random start, %s after training; always predicting 0.5: %s\n",
                fixed(start_error, 4).c_str(), fixed(final_error, 4).c_str(),
                fixed(baseline, 4).c_str());

    const Enclosure enclosure = find_enclosure(data);
    if (!enclosure.inside.empty()) {
        const std::vector<Eigen::Index> corners(enclosure.corners.begin(), enclosure.corners.end());
        std::printf("\n  Why not all %lld: point%s %s (target %d) lie%s inside the triangle of "
                    "target-%d points %s.\n"
                    "  A line that puts the triangle's corners on one side puts its inside there "
                    "too,\n  so no single neuron can classify every point: the data is not "
                    "linearly separable.\n",
                    static_cast<long long>(n), enclosure.inside.size() > 1 ? "s" : "",
                    numbered(enclosure.inside).c_str(), 1 - enclosure.corner_class,
                    enclosure.inside.size() > 1 ? "" : "s", enclosure.corner_class,
                    numbered(corners).c_str());
    }

    // 3. The commentary's change, from the same start.
    std::printf("\nlearning rate / 10 with 3 x the iterations, from the same start:\n");
    for (std::size_t i = 0; i < settings.size(); ++i) {
        const Model &m = main_run.trained[i];
        const Model::BatchVector p = m.predict_batch(data.samples);
        Eigen::Index ok = 0;
        for (Eigen::Index r = 0; r < n; ++r) {
            ok += (p(r) >= 0.5) == (data.targets(r) >= 0.5) ? 1 : 0;
        }
        std::printf("  %-40s final error %s, %lld of %lld right\n", settings[i].label.c_str(),
                    fixed(main_run.histories[i].back(), 4).c_str(), static_cast<long long>(ok),
                    static_cast<long long>(n));
    }

    // 4. The variance claim, measured over seeds s.seed, s.seed + 1, ...
    std::vector<std::vector<std::vector<double>>> histories(settings.size());
    for (std::int64_t r = 0; r < s.runs; ++r) {
        const Run seeded = train_from_seed(
            data, settings, static_cast<std::uint64_t>(s.seed) + static_cast<std::uint64_t>(r));
        for (std::size_t i = 0; i < settings.size(); ++i) {
            histories[i].push_back(seeded.histories[i]);
        }
    }
    std::vector<Spread> spreads;
    spreads.reserve(histories.size());
    for (const auto &h : histories) {
        spreads.push_back(spread_of(h));
    }
    // In unsigned arithmetic: a seed near the largest std::int64_t plus the runs must not overflow.
    const auto first_seed = static_cast<std::uint64_t>(s.seed);
    const std::uint64_t last_seed = first_seed + static_cast<std::uint64_t>(s.runs) - 1;
    std::printf("\nfinal error over %lld seeds (%llu to %llu), mean +- standard deviation:\n",
                static_cast<long long>(s.runs), static_cast<unsigned long long>(first_seed),
                static_cast<unsigned long long>(last_seed));
    for (std::size_t i = 0; i < settings.size(); ++i) {
        std::printf("  %-40s %s +- %s   (median %s)\n", settings[i].label.c_str(),
                    fixed(spreads[i].final_mean, 4).c_str(), fixed(spreads[i].final_sd, 4).c_str(),
                    fixed(spreads[i].final_median, 4).c_str());
    }
    const auto ratio = [](double a, double b) {
        return b > 0 && a > 0
                   ? fixed(a >= b ? a / b : b / a, 1) + " x " + (a >= b ? "less" : "MORE")
                   : std::string("(no ratio: a zero)");
    };
    if (s.runs > 1) {
        std::printf("  spread of the final error with the smaller step: %s\n",
                    ratio(spreads[0].final_sd, spreads[1].final_sd).c_str());
    }
    // How far each setting can move the weights: the sum of its step sizes.
    const auto travel = [](const Setting &setting) {
        return setting.options.learning_rate * static_cast<double>(setting.options.iterations);
    };
    std::printf("  median final error with the smaller step: %s against %s, %s\n"
                "  (learning rate x iterations, how far the steps can carry the weights: %s "
                "against %s)\n",
                fixed(spreads[1].final_median, 4).c_str(),
                fixed(spreads[0].final_median, 4).c_str(),
                spreads[1].final_median > spreads[0].final_median   ? "higher"
                : spreads[1].final_median < spreads[0].final_median ? "lower"
                                                                    : "the same",
                brief(travel(gentle)).c_str(), brief(travel(tutorial)).c_str());
    std::printf("\nnoise of the curve: its rises between records, summed over a run (descent "
                "alone\nonly lowers the error), mean over the seeds:\n");
    for (std::size_t i = 0; i < settings.size(); ++i) {
        std::printf("  %-40s %s\n", settings[i].label.c_str(), fixed(spreads[i].rise, 4).c_str());
    }
    std::printf("  noise with the smaller step: %s\n",
                ratio(spreads[0].rise, spreads[1].rise).c_str());

    // 5. The files: CSV, gnuplot script and picture for each. Every legend sits below its plot,
    // outside the data, so that it can hide nothing whatever the data.
    // The directory is made only now, so that a run that fails earlier leaves nothing behind.
    fs::create_directories(out);
    std::vector<std::string> written;
    std::vector<std::string> failed;
    const auto emit = [&](const std::string &name, const std::string &csv,
                          const std::string &script) {
        write_file(out / (name + ".csv"), csv);
        write_file(out / (name + ".gp"), script);
        written.push_back(name);
        if (pictures &&
            !run_gnuplot("cd " + gp_quote(fs::absolute(out).string()) + "\n" + script)) {
            failed.push_back(name);
        }
    };
    const std::string baseline_plot = exact(baseline) + " with lines " + baseline_style +
                                      " title 'always predicting 0.5 (error " + brief(baseline) +
                                      ")'";
    const std::string error_label = "cumulative error  Σ (ŷ − t)²";
    // gnuplot's own `set key below` draws the box over the x label, so the key is placed at
    // the bottom of the canvas (or of a multiplot panel starting at `bottom`) with room made for
    // its `rows` entries.
    const auto key_below = [](int rows, double bottom) {
        return "set key at screen 0.5, screen " + brief(bottom + 0.015) +
               " center bottom vertical maxrows " + std::to_string(rows) + "\nset bmargin " +
               brief(5.5 + 1.2 * rows) + "\n";
    };

    // a. The tutorial's picture.
    {
        std::string gp = gp_preamble("error_curve", 1000, 750) + datablock("curve", curve);
        gp += "set title \"Training one neuron: the error on the " + std::to_string(n) +
              " points\\n{/=13 after " + std::to_string(s.iterations) + " iterations, " +
              std::to_string(correct) + " of " + std::to_string(n) + " points are right}\"\n";
        gp += "set xlabel 'iteration'\nset ylabel '" + error_label + "'\n";
        gp += "set xrange [0:" + brief(static_cast<double>(s.iterations)) + "]\n";
        gp += "set yrange [0:*]\n" + key_below(2, 0.0);
        gp += "plot $curve using 1:2 with linespoints lw 2.5 pt 7 ps 1.2 lc rgb " +
              std::string(fast_colour) + " title '" + tutorial.label + "', \\\n     " +
              baseline_plot + "\n";
        emit("error_curve", csv_text(curve), gp);
    }

    // b. The commentary's first point: the same start, both settings, then a zoom.
    {
        Table both{{"learning_rate", "iteration", "error"}, {}};
        std::string gp = gp_preamble("learning_rate_comparison", 1000, 1100);
        for (std::size_t i = 0; i < settings.size(); ++i) {
            Table one{{"iteration", "error"}, {}};
            for (std::size_t k = 0; k < main_run.histories[i].size(); ++k) {
                const double iteration = recorded_at(settings[i], k);
                one.rows.push_back({iteration, main_run.histories[i][k]});
                both.rows.push_back(
                    {settings[i].options.learning_rate, iteration, main_run.histories[i][k]});
            }
            gp += datablock(i == 0 ? "tutorial" : "gentle", one);
        }
        const auto [low, high] = std::minmax_element(history.begin(), history.end());
        const double margin = std::max((*high - *low) * 0.15, 0.01);
        gp += "set multiplot layout 2,1 title 'The same start, two learning rates' font ',18'\n";
        gp += "set xlabel 'iteration'\nset ylabel '" + error_label + "'\n";
        gp += "set xrange [0:" + brief(static_cast<double>(3 * s.iterations)) + "]\n";
        gp += "set yrange [0:*]\n" + key_below(3, 0.5);
        gp += "set title 'Overlaid: a ten times smaller step for three times as long'\n";
        gp += "plot $tutorial using 1:2 with linespoints lw 2.5 pt 7 lc rgb " +
              std::string(fast_colour) + " title '" + tutorial.label + "', \\\n";
        gp += "     $gentle using 1:2 with linespoints lw 2.5 pt 5 lc rgb " +
              std::string(slow_colour) + " title '" + gentle.label + "', \\\n";
        gp += "     " + baseline_plot + "\n";
        gp += "set title 'Zoom: the " + tutorial.label + " curve alone'\n";
        gp += "set xrange [0:" + brief(static_cast<double>(s.iterations)) + "]\n";
        gp += "set yrange [" + exact(*low - margin) + ":" + exact(*high + margin) + "]\n";
        gp += "unset key\nset bmargin -1\n";
        gp += "plot $tutorial using 1:2 with linespoints lw 2.5 pt 7 lc rgb " +
              std::string(fast_colour) + " title '" + tutorial.label + "'\nunset multiplot\n";
        emit("learning_rate_comparison", csv_text(both), gp);
    }

    // c. The commentary's variance claim, over seeds.
    {
        Table spread_csv{{"learning_rate", "iteration", "p10", "median", "p90"}, {}};
        std::string gp = gp_preamble("error_spread", 1000, 800);
        for (std::size_t i = 0; i < settings.size(); ++i) {
            Table one{{"iteration", "p10", "median", "p90"}, {}};
            for (std::size_t k = 0; k < spreads[i].median.size(); ++k) {
                const double iteration = recorded_at(settings[i], k);
                one.rows.push_back(
                    {iteration, spreads[i].p10[k], spreads[i].median[k], spreads[i].p90[k]});
                spread_csv.rows.push_back({settings[i].options.learning_rate, iteration,
                                           spreads[i].p10[k], spreads[i].median[k],
                                           spreads[i].p90[k]});
            }
            gp += datablock(i == 0 ? "tutorial" : "gentle", one);
        }
        const auto summary = [&](std::size_t i) {
            return "median, learning rate " + brief(settings[i].options.learning_rate) +
                   " (final error: mean " + fixed(spreads[i].final_mean, 3) + ", sd " +
                   fixed(spreads[i].final_sd, 3) + ")";
        };
        gp += "set title 'The error over " + std::to_string(s.runs) +
              " random starts: median and 10–90 % band'\n";
        gp += "set xlabel 'iteration'\nset ylabel '" + error_label + "'\n";
        gp += "set xrange [0:" + brief(static_cast<double>(3 * s.iterations)) + "]\n";
        gp += "set yrange [0:*]\n" + key_below(5, 0.0);
        gp += "set style fill transparent solid 0.25 noborder\n";
        // Both bands first, so that neither median line is tinted by the other band.
        gp += "plot $tutorial using 1:2:4 with filledcurves lc rgb " + std::string(fast_colour) +
              " title '10–90 %, " + tutorial.label + "', \\\n";
        gp += "     $gentle using 1:2:4 with filledcurves lc rgb " + std::string(slow_colour) +
              " title '10–90 %, " + gentle.label + "', \\\n";
        gp += "     $tutorial using 1:3 with lines lw 3 lc rgb " + std::string(fast_colour) +
              " title '" + summary(0) + "', \\\n";
        gp += "     $gentle using 1:3 with lines lw 3 lc rgb " + std::string(slow_colour) +
              " title '" + summary(1) + "', \\\n";
        gp += "     " + baseline_plot + "\n";
        emit("error_spread", csv_text(spread_csv), gp);
    }

    // d. The commentary's second picture: inputs as arrows, the weights, the boundary, and the
    // prediction over the plane as shading.
    const Eigen::VectorXd w = neuron.weights();
    const double b = neuron.bias();
    double x0 = 0;
    double x1 = 0;
    double y0 = 0;
    double y1 = 0;
    if (inputs == 2) {
        x0 = std::min({0.0, data.samples.col(0).minCoeff(), w(0)});
        x1 = std::max({0.0, data.samples.col(0).maxCoeff(), w(0)});
        y0 = std::min({0.0, data.samples.col(1).minCoeff(), w(1)});
        y1 = std::max({0.0, data.samples.col(1).maxCoeff(), w(1)});
        const double pad = 0.08 * std::max(x1 - x0, y1 - y0);
        x0 -= pad;
        x1 += pad;
        y0 -= pad;
        y1 += pad;
    }
    if (inputs != 2) {
        std::printf("\ninputs_and_weights.png skipped: it draws 2 inputs, the data has %lld\n",
                    static_cast<long long>(inputs));
    } else if (!(std::isfinite(x1 - x0) && std::isfinite(y1 - y0) && x1 > x0 && y1 > y0)) {
        std::printf("\ninputs_and_weights.png skipped: the inputs and weights span a range too "
                    "large to draw\n");
    } else {
        // The boundary w·x + b = 0, clipped to the picture.
        std::vector<Eigen::Vector2d> ends;
        if (w(1) != 0.0) {
            for (const double x : {x0, x1}) {
                const double y = -(w(0) * x + b) / w(1);
                if (y >= y0 && y <= y1) {
                    ends.emplace_back(x, y);
                }
            }
        }
        if (w(0) != 0.0) {
            for (const double y : {y0, y1}) {
                const double x = -(w(1) * y + b) / w(0);
                if (x > x0 && x < x1) {
                    ends.emplace_back(x, y);
                }
            }
        }

        // The CSV: each input with its target and prediction, and the neuron (the same on every
        // row) that gives the blue arrow, the boundary and the shading.
        Table points{{"x1", "x2", "target", "prediction", "w1", "w2", "bias"}, {}};
        Table zero{{"x1", "x2", "point"}, {}};
        Table one{{"x1", "x2", "point"}, {}};
        for (Eigen::Index i = 0; i < n; ++i) {
            points.rows.push_back({data.samples(i, 0), data.samples(i, 1), data.targets(i),
                                   predictions(i), w(0), w(1), b});
            (data.targets(i) >= 0.5 ? one : zero)
                .rows.push_back(
                    {data.samples(i, 0), data.samples(i, 1), static_cast<double>(i + 1)});
        }
        std::string gp = gp_preamble("inputs_and_weights", 1000, 900);
        gp += datablock("zero", zero) + datablock("one", one) +
              datablock("weights", Table{{"w1", "w2"}, {{w(0), w(1)}}});
        std::string extra;
        if (ends.size() >= 2) {
            gp += datablock(
                "boundary",
                Table{{"x1", "x2"}, {{ends[0](0), ends[0](1)}, {ends.back()(0), ends.back()(1)}}});
            extra += ", \\\n     $boundary using 1:2 with lines lw 3 lc rgb 'black' "
                     "title 'decision boundary: prediction = 0.5'";
        }
        if (!enclosure.inside.empty()) {
            Table triangle{{"x1", "x2"}, {}};
            for (const Eigen::Index c : {enclosure.corners[0], enclosure.corners[1],
                                         enclosure.corners[2], enclosure.corners[0]}) {
                triangle.rows.push_back({data.samples(c, 0), data.samples(c, 1)});
            }
            gp += datablock("triangle", triangle);
            extra += ", \\\n     $triangle using 1:2 with lines dt 2 lw 2 lc rgb '#2ca02c' "
                     "title 'target-" +
                     std::to_string(enclosure.corner_class) + " triangle enclosing target-" +
                     std::to_string(1 - enclosure.corner_class) + " points'";
        }
        // The shading is the neuron's prediction computed by gnuplot on its own grid ('++'),
        // so the script stays small; z is clipped where σ is 0 or 1 to within 2e-22 anyway.
        gp += "# The neuron: prediction(x1, x2) = σ(w1·x1 + w2·x2 + bias)\n";
        gp += "w1 = " + exact(w(0)) + "\nw2 = " + exact(w(1)) + "\nbias = " + exact(b) + "\n";
        gp += "clip(z) = z > 50 ? 50 : (z < -50 ? -50 : z)\n";
        gp += "prediction(x, y) = 1 / (1 + exp(-clip(w1 * x + w2 * y + bias)))\n";
        gp += "set samples 400\nset isosamples 400\n";
        gp += "set urange [" + exact(x0) + ":" + exact(x1) + "]\n"; // the grid of '++'
        gp += "set vrange [" + exact(y0) + ":" + exact(y1) + "]\n";
        gp += "set title 'Inputs as arrows, the learned weights, and what the neuron predicts'\n";
        gp += "set xlabel 'x1'\nset ylabel 'x2'\nset size ratio -1\n";
        gp += "set xrange [" + exact(x0) + ":" + exact(x1) + "]\n";
        gp += "set yrange [" + exact(y0) + ":" + exact(y1) + "]\n";
        gp += "set cbrange [0:1]\nset cblabel 'prediction σ(w·x + b)'\n";
        gp += "set palette defined (0 '#f2a7a0', 0.5 '#ffffff', 1 '#a6dba0')\n";
        gp += key_below(3 + (ends.size() >= 2 ? 1 : 0) + (enclosure.inside.empty() ? 0 : 1), 0.0);
        gp += "set grid front lc rgb '#bbbbbb'\n";
        gp += "plot '++' using 1:2:(prediction($1, $2)) with image notitle, \\\n"
              "     $zero using (0):(0):1:2 with vectors head filled size screen 0.015,20 lw 2.5 "
              "lc rgb '#d62728' title 'input with target 0', \\\n"
              "     $one using (0):(0):1:2 with vectors head filled size screen 0.015,20 lw 2.5 "
              "lc rgb '#2ca02c' title 'input with target 1', \\\n"
              "     $weights using (0):(0):1:2 with vectors head filled size screen 0.02,20 lw 4 "
              "lc rgb '#1f3fbf' title 'learned weights w'" +
              extra +
              ", \\\n"
              "     $zero using 1:2:(sprintf('%d', $3)) with labels offset 1.2,0.6 font ',12' "
              "notitle, \\\n"
              "     $one using 1:2:(sprintf('%d', $3)) with labels offset 1.2,0.6 font ',12' "
              "notitle\n";
        emit("inputs_and_weights", csv_text(points), gp);
    }

    if (!s.save.empty()) {
        std::ofstream file(s.save, std::ios::binary);
        neuron.save(file);
        file.close();
        if (!file) {
            throw std::runtime_error("cannot write " + s.save);
        }
        std::printf("\nsaved the trained neuron to %s\n", s.save.c_str());
    }

    std::printf("\nwrote into %s/:", out.string().c_str());
    for (const std::string &name : written) {
        std::printf(" %s.csv", name.c_str());
    }
    std::printf(", and a gnuplot script (.gp) beside each\n");
    if (pictures && failed.size() < written.size()) {
        std::printf("pictures:");
        for (const std::string &name : written) {
            if (std::find(failed.begin(), failed.end(), name) == failed.end()) {
                std::printf(" %s.png", name.c_str());
            }
        }
        std::printf("\n");
    }
    if (!failed.empty()) {
        std::fprintf(stderr,
                     "eight_points: gnuplot failed on %zu picture(s); its messages are "
                     "above\n",
                     failed.size());
        return EXIT_FAILURE;
    }
    if (!s.no_plots && !pictures) {
        std::printf("No pictures: gnuplot is not on PATH; install it (Debian: sudo apt-get install "
                    "gnuplot-nox) and run this again, or run the .gp scripts in %s.\n",
                    out.string().c_str());
    }
    return EXIT_SUCCESS;
}

} // namespace
} // namespace tinyneuron::examples

namespace {

/// The program, without the last line of defence; any std::exception it lets through reaches
/// main's handler.
int checked_main(int argc, char **argv) {
    namespace demo = tinyneuron::examples;
    demo::Settings s;
    CLI::App app{"Trains one sigmoid neuron on the tutorial's 8 points (or --data), prints the run "
                 "and writes four pictures with their data.",
                 "eight_points"};
    app.add_option("--learning-rate", s.learning_rate, "Step size, finite and > 0")
        ->capture_default_str();
    app.add_option("--iterations", s.iterations, "Single-sample updates, 1 to 100000000")
        ->capture_default_str();
    app.add_option("--record-every", s.record_every, "Record the error every this many updates")
        ->capture_default_str();
    app.add_option(
           "--seed", s.seed,
           "Seed of std::mt19937_64, >= 0; the spread uses seed, seed + 1, ... The "
           "default gives a typical run: its final error sits at the median of the 100 seeds "
           "from it")
        ->capture_default_str();
    app.add_option("--runs", s.runs, "Seeds for the error spread, 1 to 100000")
        ->capture_default_str();
    app.add_option("--out", s.out, "Directory for the CSVs, scripts and pictures (created)")
        ->capture_default_str();
    app.add_option("--data", s.data,
                   "CSV file: a header row, one sample per row, the last column the 0/1 target");
    app.add_option("--save", s.save, "Write the trained neuron to this file (tinyneuron format)");
    app.add_flag("--no-plots", s.no_plots, "Write the CSVs and scripts but run no gnuplot");
    try {
        app.parse(argc, argv);
        if (app.count("--data") > 0 && s.data.empty()) {
            throw CLI::ValidationError("--data", "is empty, expected a CSV file");
        }
        demo::validate(s);
    } catch (const CLI::ParseError &e) {
        return app.exit(e);
    }

    const demo::Dataset data = s.data.empty() ? demo::tutorial_points() : demo::read_csv(s.data);
#ifdef SIGPIPE
    std::signal(SIGPIPE, SIG_IGN);
#endif
    return demo::run(s, data, s.data.empty());
}

} // namespace

int main(int argc, char **argv) {
    // Nothing a user passes may end the program other than with a message and a non-zero exit:
    // a malformed CSV, training that diverges (tinyneuron::DivergenceError), inputs whose
    // products overflow (std::overflow_error), a directory that cannot be written.
    try {
        return checked_main(argc, argv);
    } catch (const std::exception &e) {
        std::fflush(stdout);
        std::fprintf(stderr, "eight_points: %s\n", e.what());
    } catch (...) {
        std::fflush(stdout);
        std::fprintf(stderr, "eight_points: stopped by an unexpected error\n");
    }
    return EXIT_FAILURE;
}
