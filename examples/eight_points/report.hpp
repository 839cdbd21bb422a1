// SPDX-License-Identifier: MIT
// eight_points: what the terminal shows, one function per analysis. Every number printed is
// measured by the program on the data it was given.
#ifndef TINYNEURON_EXAMPLES_REPORT_HPP
#define TINYNEURON_EXAMPLES_REPORT_HPP

#include "csv.hpp"
#include "figures.hpp"
#include "geometry.hpp"
#include "gnuplot.hpp"
#include "output.hpp"
#include "runs.hpp"
#include "text.hpp"

#include <algorithm> // std::minmax_element, std::min, std::max
#include <cmath>     // std::lround, std::isfinite
#include <cstddef>   // std::size_t
#include <cstdio>    // std::printf
#include <string>    // std::string
#include <vector>    // std::vector

namespace tinyneuron::examples {

/// A small chart of the records made of characters: '*' records, 'o' the error after the last
/// iteration, '-' always predicting 0.5, '.' the lowest error any one neuron reaches (if `floor`
/// is finite: data that a line separates has none).
inline void ascii_chart(const Curve &c, double baseline, double floor) {
    const bool has_floor = std::isfinite(floor);
    constexpr int width = 60;
    constexpr int height = 12;
    const auto [lowest, highest] = std::minmax_element(c.records.begin(), c.records.end());
    double bottom = std::min({*lowest, baseline, c.final_error, has_floor ? floor : baseline});
    double top = std::max({*highest, baseline, c.final_error});
    const double pad = std::max((top - bottom) * 0.05, 1e-9);
    bottom -= pad;
    top += pad;
    std::vector<std::string> canvas(height, std::string(width, ' '));
    const auto row_of = [&](double e) {
        return static_cast<std::size_t>(std::lround((top - e) / (top - bottom) * (height - 1)));
    };
    const auto column_of = [&](double at) {
        const double last = static_cast<double>(c.setting.options.iterations);
        return static_cast<std::size_t>(std::lround(at / last * (width - 1)));
    };
    for (std::size_t col = 0; col < width; col += 2) {
        canvas[row_of(baseline)][col] = '-';
        if (has_floor) {
            canvas[row_of(floor)][col + 1] = '.';
        }
    }
    for (std::size_t k = 0; k < c.records.size(); ++k) {
        canvas[row_of(c.records[k])][column_of(recorded_at(c.setting, k))] = '*';
    }
    canvas[row_of(c.final_error)][width - 1] = 'o';
    for (std::size_t r = 0; r < canvas.size(); ++r) {
        const bool labelled = r == 0 || r + 1 == canvas.size() || r == row_of(baseline);
        const double value = top - static_cast<double>(r) / (height - 1) * (top - bottom);
        std::printf("  %7s |%s\n", labelled ? fixed(value, 3).c_str() : "", canvas[r].c_str());
    }
    std::printf("  %7s +%s\n  %7s  %-*s%s  iteration\n", "", std::string(width, '-').c_str(), "", width - 8, "0",
                count(c.setting.options.iterations).c_str());
    std::printf("  * record   o after the last iteration   - - always predicting 0.5%s\n",
                has_floor ? "   . . the lowest error" : "");
}

/// The tutorial's picture in the terminal (gnuplot's text terminal if there is gnuplot), then
/// the numbers, each named for when it was taken. `floor` is drawn if it is finite.
inline void print_curve(const Curve &c, double baseline, double floor, bool gnuplot) {
    const bool has_floor = std::isfinite(floor);
    const std::size_t last = c.records.size() - 1;
    std::printf("cumulative error over the samples, Σ (prediction - target)^2, recorded every %s "
                "iterations:\n",
                count(c.setting.options.record_every).c_str());
    const Table all = curve_table(c, true);
    const double bottom = std::min({has_floor ? floor : baseline, baseline, c.final_error});
    const double top = std::max({c.records.front(), baseline, c.final_error});
    const double pad = std::max((top - bottom) * 0.08, 0.01);
    if (!gnuplot ||
        !run_gnuplot(datablock("curve", all) +
                     "set terminal dumb size 76,22 nofeed\nset output\nset xlabel 'iteration'\n"
                     "set key below width 3\nset yrange [" +
                     exact(bottom - pad) + ":" + exact(top + pad) +
                     "]\nplot $curve every ::0::" + std::to_string(last) +
                     " using 1:2 with linespoints pt '*' title 'record', $curve every ::" + std::to_string(last + 1) +
                     " using 1:2 with points pt 'o' title 'after the "
                     "last iteration', " +
                     exact(baseline) + " with lines title 'always 0.5'" +
                     (has_floor ? ", " + exact(floor) + " with lines title 'lowest'" : std::string()) + "\n")) {
        ascii_chart(c, baseline, floor);
    }
    if (c.records.size() <= 12) {
        std::printf("\n  records:");
        for (const double e : c.records) {
            std::printf(" %s", fixed(e, 4).c_str());
        }
        std::printf("\n");
    }
    // The words the README and the playground use for these two numbers.
    std::printf("  the record after iteration %s: %s    the error after the last iteration: %s\n",
                brief(recorded_at(c.setting, last)).c_str(), fixed(c.records.back(), 4).c_str(),
                fixed(c.final_error, 4).c_str());
}

/// Each point with its target and the prediction after training; then the parameters.
inline void print_points(const Dataset &data, const Model &neuron, double start_error, double final_error,
                         double baseline) {
    const Eigen::Index n = data.samples.rows();
    const Eigen::Index inputs = data.samples.cols();
    const Model::BatchVector predictions = neuron.predict_batch(data.samples);
    std::printf("\n     #");
    for (Eigen::Index c = 0; c < inputs && inputs <= 4; ++c) {
        std::printf(" %7s", data.columns[static_cast<std::size_t>(c)].substr(0, 7).c_str());
    }
    std::printf("  target  prediction  right?\n");
    for (Eigen::Index i = 0; i < n; ++i) {
        if (i >= 20 && i + 1 < n) {
            continue;
        }
        std::printf("  %4lld", static_cast<long long>(i) + 1);
        for (Eigen::Index c = 0; c < inputs && inputs <= 4; ++c) {
            std::printf(" %7s", brief(data.samples(i, c)).c_str());
        }
        const bool right = (predictions(i) >= 0.5) == (data.targets(i) >= 0.5);
        std::printf("  %6s  %10s  %s\n", brief(data.targets(i)).c_str(), fixed(predictions(i), 4).c_str(),
                    right ? "yes" : "no");
        if (i == 19 && n > 21) {
            std::printf("   ... %lld more rows\n", static_cast<long long>(n - 21));
        }
    }
    const double right = neuron.accuracy(data.samples, data.targets) * static_cast<double>(n);
    std::printf("\n  %s of %lld right (prediction rounded to 0 or 1)\n  weights:", brief(right).c_str(),
                static_cast<long long>(n));
    for (Eigen::Index c = 0; c < inputs; ++c) {
        std::printf(" %s", fixed(neuron.weights()(c), 4).c_str());
    }
    std::printf("   bias: %s\n", fixed(neuron.bias(), 4).c_str());
    std::printf("  error: %s at the random start, %s after the last iteration; always predicting 0.5: %s\n",
                fixed(start_error, 4).c_str(), fixed(final_error, 4).c_str(), fixed(baseline, 4).c_str());
}

/// "1 start" or "2 starts".
inline std::string starts_of(std::size_t n) { return count(n) + (n == 1 ? " start" : " starts"); }

/// "1 step" or "2 steps".
inline std::string steps_of(std::size_t n) { return count(n) + (n == 1 ? " step" : " steps"); }

/// The run against the floor the model allows: how much of the error is training, how much
/// the model.
inline void print_floor(const Floor &floor, const Curve &c, double baseline) {
    std::printf("\nthe lowest error any one neuron reaches on this data: %s\n  (fit, Newton's method, on the "
                "squared error: from the cross-entropy's minimum, %s,\n  and from %s random starts, "
                "at most %s steps each; %s of the %s end within 0.001 of the lowest;\n  its neuron: weights",
                fixed(floor.error, 4).c_str(), steps_of(floor.from_entropy).c_str(), count(floor.starts).c_str(),
                count(floor.most_steps).c_str(), count(floor.reached).c_str(), count(floor.starts + 1).c_str());
    for (Eigen::Index k = 0; k < floor.neuron.weights().size(); ++k) {
        std::printf(" %s", fixed(floor.neuron.weights()(k), 4).c_str());
    }
    std::printf(", bias %s)\n", fixed(floor.neuron.bias(), 4).c_str());
    if (floor.starts < floor.wanted) {
        std::printf("  %s random starts, not %s: on data this large the fits' steps are capped at about %s\n"
                    "  operations (rows x ((inputs + 1)^2 + 20) a step), a second or two\n",
                    count(floor.starts).c_str(), count(floor.wanted).c_str(), rough(floor_budget).c_str());
    }
    if (!floor.minimum) {
        std::printf("  the lowest is not reached: far out, where some rows are saturated (|z| > 30), the error\n"
                    "  only levels off towards it as the weights grow; no finite weights get there\n");
    }
    if (floor.moving > 0) {
        std::printf("  %s still moving after fit's last step: the floor may lie lower\n",
                    starts_of(floor.moving).c_str());
    }
    for (std::size_t k = 0; k < floor.others.size(); ++k) {
        const End &e = floor.others[k];
        std::printf("%s %s (%s), %s", k == 0 ? "  the others end higher:" : ";\n   ", fixed(e.error, 4).c_str(),
                    starts_of(e.starts).c_str(),
                    e.minimum ? "a local minimum of the error"
                              : "no minimum: far out, where some rows are saturated\n    "
                                "(|z| > 30), the error only levels off as the weights grow");
    }
    std::printf("%s", floor.others.empty() ? "" : "\n");
    std::printf("  the run's error after the last iteration: %s, %s above that floor; always predicting "
                "0.5:\n  %s, %s above it. The first gap is what training leaves; below the floor "
                "no training goes.\n",
                fixed(c.final_error, 4).c_str(), fixed(c.final_error - floor.error, 4).c_str(),
                fixed(baseline, 4).c_str(), fixed(baseline - floor.error, 4).c_str());
}

/// Data that a line separates, or of one class: said in plain words, before any long work,
/// with what that leaves out.
inline void print_separation(const Dataset &data, const Separation &s) {
    const auto n = static_cast<std::size_t>(s.rows);
    if (s.one_class()) {
        const int cls = s.ones > 0 ? 1 : 0;
        std::printf("every target is %d: always answering %d gets all %s rows right, and the neuron can do the "
                    "same.\nSo the error has no minimum: it only tends to 0 as the bias grows towards %s,\n"
                    "since that pushes every prediction closer to %d, and no finite bias gets there.\n",
                    cls, cls, count(n).c_str(), cls == 1 ? "+infinity" : "-infinity", cls);
    } else {
        std::printf("a line separates the two classes: fit (Newton's method, on the cross-entropy) put every row on\n"
                    "its target's side after %s (%s of %s right): weights",
                    steps_of(s.fit.iterations).c_str(),
                    brief(s.neuron.accuracy(data.samples, data.targets) * static_cast<double>(n)).c_str(),
                    count(n).c_str());
        for (Eigen::Index k = 0; k < s.neuron.weights().size(); ++k) {
            std::printf(" %s", fixed(s.neuron.weights()(k), 4).c_str());
        }
        std::printf(", bias %s.\nSo the error has no minimum: it only tends to 0 as the weights grow, since "
                    "scaling up\nweights and bias that put every row on its side pushes every prediction closer to "
                    "its\ntarget, and no finite weights get there.\n",
                    fixed(s.neuron.bias(), 4).c_str());
    }
    std::printf("Skipped, as it does not apply: the search for the lowest error one neuron reaches (there\nis "
                "none; the pictures draw no such line), and the hint on the learning rate.\n\n");
}

} // namespace tinyneuron::examples

#endif // TINYNEURON_EXAMPLES_REPORT_HPP
