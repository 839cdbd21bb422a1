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
#include <cmath>     // std::lround
#include <cstddef>   // std::size_t
#include <cstdio>    // std::printf
#include <string>    // std::string
#include <vector>    // std::vector

namespace tinyneuron::examples {

/// A small chart of the records made of characters: '*' records, 'o' the error after the last
/// iteration, '-' always predicting 0.5, '.' the lowest error any one neuron reaches.
inline void ascii_chart(const Curve &c, double baseline, double floor) {
    constexpr int width = 60;
    constexpr int height = 12;
    const auto [lowest, highest] = std::minmax_element(c.records.begin(), c.records.end());
    double bottom = std::min({*lowest, baseline, c.final_error, floor});
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
        canvas[row_of(floor)][col + 1] = '.';
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
    std::printf("  * record   o after the last iteration   - - always predicting 0.5   . . the "
                "lowest error\n");
}

/// The tutorial's picture in the terminal (gnuplot's text terminal if there is gnuplot), then
/// the numbers, each named for when it was taken.
inline void print_curve(const Curve &c, double baseline, double floor, bool gnuplot) {
    const std::size_t last = c.records.size() - 1;
    std::printf("cumulative error over the samples, Σ (prediction - target)^2, recorded every %s "
                "iterations:\n",
                count(c.setting.options.record_every).c_str());
    const Table all = curve_table(c, true);
    const double bottom = std::min({floor, baseline, c.final_error});
    const double top = std::max({c.records.front(), baseline, c.final_error});
    const double pad = std::max((top - bottom) * 0.08, 0.01);
    if (!gnuplot ||
        !run_gnuplot(
            datablock("curve", all) +
            "set terminal dumb size 76,22 nofeed\nset output\nset xlabel 'iteration'\n"
            "set key below width 3\nset yrange [" +
            exact(bottom - pad) + ":" + exact(top + pad) + "]\nplot $curve every ::0::" + std::to_string(last) +
            " using 1:2 with linespoints pt '*' title 'record', $curve every ::" + std::to_string(last + 1) +
            " using 1:2 with points pt 'o' title 'after the "
            "last iteration', " +
            exact(baseline) + " with lines title 'always 0.5', " + exact(floor) + " with lines title 'lowest'\n")) {
        ascii_chart(c, baseline, floor);
    }
    if (c.records.size() <= 12) {
        std::printf("\n  records:");
        for (const double e : c.records) {
            std::printf(" %s", fixed(e, 4).c_str());
        }
        std::printf("\n");
    }
    std::printf("  last record (iteration %s): %s    after %s iterations: %s\n",
                brief(recorded_at(c.setting, last)).c_str(), fixed(c.records.back(), 4).c_str(),
                count(c.setting.options.iterations).c_str(), fixed(c.final_error, 4).c_str());
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
    std::printf("  error: %s at the random start, %s after training; always predicting 0.5: %s\n",
                fixed(start_error, 4).c_str(), fixed(final_error, 4).c_str(), fixed(baseline, 4).c_str());
}

/// The run against the floor the model allows: how much of the error is training, how much
/// the model.
inline void print_floor(const Floor &floor, const Curve &c, double baseline) {
    std::printf("\nthe lowest error any one neuron reaches on this data: %s\n  (full-batch gradient "
                "descent from %zu random starts, %zu to a vanishing gradient within\n  %zu iterations; "
                "%zu end within 0.001 of the lowest;\n  its neuron: weights",
                fixed(floor.error, 4).c_str(), floor.starts, floor.converged, floor.iterations, floor.reached);
    for (Eigen::Index k = 0; k < floor.neuron.weights().size(); ++k) {
        std::printf(" %s", fixed(floor.neuron.weights()(k), 4).c_str());
    }
    std::printf(", bias %s)\n", fixed(floor.neuron.bias(), 4).c_str());
    if (floor.converged < floor.starts) {
        std::printf("  %zu start%s still moving when stopped: the floor may lie lower\n",
                    floor.starts - floor.converged, floor.starts - floor.converged > 1 ? "s were" : " was");
    }
    if (!floor.others.empty()) {
        std::printf("  the other start%s end%s higher:", floor.others.size() > 1 ? "s" : "",
                    floor.others.size() > 1 ? "" : "s");
        for (const double e : floor.others) {
            std::printf(" %s", fixed(e, 4).c_str());
        }
        std::printf("%s\n", floor.converged == floor.starts ? ", a local minimum of the error" : "");
    }
    std::printf("  this run after %s iterations: %s, %s above that floor; always predicting "
                "0.5:\n  %s, %s above it. The first gap is what training leaves; below the floor "
                "no training goes.\n",
                count(c.setting.options.iterations).c_str(), fixed(c.final_error, 4).c_str(),
                fixed(c.final_error - floor.error, 4).c_str(), fixed(baseline, 4).c_str(),
                fixed(baseline - floor.error, 4).c_str());
}

} // namespace tinyneuron::examples

#endif // TINYNEURON_EXAMPLES_REPORT_HPP
