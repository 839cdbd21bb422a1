// SPDX-License-Identifier: MIT
// eight_points: one function per picture. Each returns its data table and its gnuplot script;
// the caller writes and draws them. Every legend sits below its plot, where it hides no data.
#ifndef TINYNEURON_EXAMPLES_FIGURES_HPP
#define TINYNEURON_EXAMPLES_FIGURES_HPP

#include "csv.hpp"
#include "geometry.hpp"
#include "gnuplot.hpp"
#include "runs.hpp"
#include "text.hpp"

#include <algorithm> // std::min, std::max, std::minmax_element
#include <cmath>     // std::isfinite
#include <cstddef>   // std::size_t
#include <string>    // std::string
#include <vector>    // std::vector

namespace tinyneuron::examples {

const std::string error_label = "cumulative error  Σ (ŷ − t)²";

/// One run as a curve: its records, then its error after the last iteration.
struct Curve {
    Setting setting;
    std::vector<double> records;
    double final_error = 0;
};

/// Rows (iteration, error): the records, then the final error at the last iteration.
inline Table curve_table(const Curve &c, bool with_final) {
    Table t{{"iteration", "error"}, {}};
    for (std::size_t k = 0; k < c.records.size(); ++k) {
        t.rows.push_back({recorded_at(c.setting, k), c.records[k]});
    }
    if (with_final) {
        t.rows.push_back({static_cast<double>(c.setting.options.iterations), c.final_error});
    }
    return t;
}

/// The plot elements of one curve: its records as a line, its final error as a larger point.
inline std::string gp_curve(const std::string &block, const Curve &c, const char *colour, int point_type) {
    const std::size_t last = c.records.size() - 1;
    return "$" + block + " every ::0::" + std::to_string(last) + " using 1:2 with linespoints lw 2.5 pt " +
           std::to_string(point_type) + " ps 1.2 lc rgb '" + colour + "' title " +
           gp_quote("learning rate " + brief(c.setting.options.learning_rate) + ": a record every " +
                    count(c.setting.options.record_every) + " iterations, the last at " +
                    brief(recorded_at(c.setting, last))) +
           ", \\\n     $" + block + " every ::" + std::to_string(last + 1) +
           " using 1:2 with points pt 4 ps 2.4 lw 3 lc rgb '" + colour + "' title " +
           gp_quote("after " + count(c.setting.options.iterations) + " iterations: " + fixed(c.final_error, 4)) +
           ", \\\n";
}

/// The floor as plot elements: its level, or, where there is none (`floor` not finite), a key
/// entry that says why (`no_floor`, if not empty). Starts with ", \\\n     " if there is any.
inline std::string gp_floor(double floor, const std::string &no_floor) {
    if (std::isfinite(floor)) {
        return ", \\\n     " +
               gp_level(floor, floor_colour, "the lowest error any one neuron reaches: " + fixed(floor, 4));
    }
    return no_floor.empty() ? std::string()
                            : ", \\\n     keyentry with lines dt 2 lw 2 lc rgb '" + std::string(floor_colour) +
                                  "' title " + gp_quote(no_floor);
}

/// How many key entries gp_floor adds.
inline int floor_keys(double floor, const std::string &no_floor) {
    return std::isfinite(floor) || !no_floor.empty() ? 1 : 0;
}

/// The tutorial's picture: the error of the main run, against always predicting 0.5 and against
/// the lowest error any one neuron reaches (`floor`; where it is not finite, `no_floor` says why).
inline Figure error_curve_figure(const Curve &c, double baseline, double floor, const std::string &no_floor,
                                 std::size_t correct, std::size_t n) {
    Figure f{"error_curve", curve_table(c, true), gp_preamble("error_curve", 1000, 800), ""};
    f.script += datablock("curve", f.data);
    f.script += "set title \"Training one neuron: the error on the " + count(n) + " points\\n{/=13 after " +
                count(c.setting.options.iterations) + " iterations, " + count(correct) + " of " + count(n) +
                " points are right}\"\n";
    f.script += "set xlabel 'iteration'\nset ylabel '" + error_label + "'\n";
    f.script += "set xrange [0:" + count(c.setting.options.iterations) + "]\n";
    f.script += "set yrange [0:*]\n" + key_below(3 + floor_keys(floor, no_floor), 0.0);
    f.script += "plot " + gp_curve("curve", c, fast_colour, 7) + "     " +
                gp_level(baseline, baseline_colour, "always predicting 0.5: " + brief(baseline)) +
                gp_floor(floor, no_floor) + "\n";
    return f;
}

/// The commentary's first point: the same start trained with both settings, then a zoom into
/// the first.
inline Figure learning_rate_figure(const std::vector<Curve> &curves, double baseline) {
    Figure f{"learning_rate_comparison",
             {{"learning_rate", "iteration", "error"}, {}},
             gp_preamble("learning_rate_comparison", 1000, 1150),
             ""};
    const char *names[] = {"tutorial", "gentle"};
    double low = 1e300;
    double high = -1e300;
    for (std::size_t i = 0; i < 2; ++i) {
        const Table one = curve_table(curves[i], true);
        for (const std::vector<double> &row : one.rows) {
            f.data.rows.push_back({curves[i].setting.options.learning_rate, row[0], row[1]});
            low = i == 0 ? std::min(low, row[1]) : low;
            high = i == 0 ? std::max(high, row[1]) : high;
        }
        f.script += datablock(names[i], one);
    }
    const double margin = std::max((high - low) * 0.15, 0.01);
    f.script += "set multiplot layout 2,1 title 'The same start, two learning rates' font ',18'\n";
    f.script += "set xlabel 'iteration'\nset ylabel '" + error_label + "'\n";
    f.script += "set xrange [0:" + count(curves[1].setting.options.iterations) + "]\n";
    f.script += "set yrange [0:*]\n" + key_below(5, 0.5);
    f.script += "set title 'Overlaid: a ten times smaller step for three times as long'\n";
    f.script += "plot " + gp_curve("tutorial", curves[0], fast_colour, 7) + "     " +
                gp_curve("gentle", curves[1], slow_colour, 5) + "     " +
                gp_level(baseline, baseline_colour, "always predicting 0.5: " + brief(baseline)) + "\n";
    f.script += "set title " + gp_quote("Zoom: the " + curves[0].setting.label + " curve alone") +
                "\nset xrange [0:" + count(curves[0].setting.options.iterations) + "]\n";
    f.script += "set yrange [" + exact(low - margin) + ":" + exact(high + margin) + "]\n";
    f.script += "unset key\nset bmargin -1\nplot " + gp_curve("tutorial", curves[0], fast_colour, 7);
    f.script.erase(f.script.size() - 4); // the trailing ", \\\n"
    f.script += "\nunset multiplot\n";
    return f;
}

/// The plot elements of one spread, from its data block: its hatched band (appended to
/// `bands`), its median (to `medians`); returns its two key entries, band and median.
inline std::string band_elements(const std::string &block, const std::string &colour, int pattern,
                                 const std::string &label, const Summary &end, std::string &bands,
                                 std::string &medians) {
    const std::string fill =
        "fc rgb '" + colour + "' fs transparent pattern " + std::to_string(pattern) + " border lc rgb '" + colour + "'";
    bands += "$" + block + " using 1:2:4 with filledcurves " + fill + " notitle, \\\n     ";
    medians += "$" + block + " using 1:3 with lines lw 3 lc rgb '" + colour + "' notitle, \\\n     ";
    return "keyentry with filledcurves " + fill + " title " + gp_quote(label + ": 10–90 %") +
           ", \\\n     keyentry with lines lw 3 lc rgb '" + colour + "' title " +
           gp_quote("median; after the last iteration mean " + fixed(end.mean, 3) + ", sd " + fixed(end.sd, 3)) +
           ", \\\n     ";
}

/// Median and 10–90 % band of several spreads over seeds, each in its colour, from the records
/// and, at the last iteration, the final errors. The bands are hatched in different directions,
/// so that where they overlap both stay visible. The CSV's first column tells the spreads apart
/// by their learning rate or, if `by_loss`, by their loss (0 squared error, 1 cross-entropy).
/// Beside always predicting 0.5, the floor, as in error_curve_figure.
inline Figure bands_figure(const std::string &name, bool by_loss, const std::string &title,
                           const std::vector<Spread> &spreads, const std::vector<std::string> &labels,
                           const std::vector<const char *> &colours, double baseline, double floor,
                           const std::string &no_floor) {
    Figure f{name,
             {{by_loss ? "loss" : "learning_rate", "iteration", "p10", "median", "p90"}, {}},
             gp_preamble(name, 1000, 850),
             ""};
    std::string bands; // first, so that no median line is tinted by a band
    std::string medians;
    std::string keys; // each band beside its median, in the order of the spreads
    std::size_t longest = 0;
    for (std::size_t i = 0; i < spreads.size(); ++i) {
        const Setting &setting = spreads[i].setting;
        const Band band = band_of(spreads[i].histories);
        const Summary end = summary_of(spreads[i].finals);
        Table one{{"iteration", "p10", "median", "p90"}, {}};
        for (std::size_t k = 0; k < band.median.size(); ++k) {
            one.rows.push_back({recorded_at(setting, k), band.p10[k], band.median[k], band.p90[k]});
        }
        one.rows.push_back({static_cast<double>(setting.options.iterations), end.p10, end.median, end.p90});
        const double key =
            by_loss ? (setting.options.loss == Loss::cross_entropy ? 1.0 : 0.0) : setting.options.learning_rate;
        for (const std::vector<double> &row : one.rows) {
            f.data.rows.push_back({key, row[0], row[1], row[2], row[3]});
        }
        longest = std::max(longest, setting.options.iterations);
        f.script += datablock("s" + std::to_string(i + 1), one);
        const std::string element =
            band_elements("s" + std::to_string(i + 1), colours[i], i == 0 ? 5 : 4, labels[i], end, bands, medians);
        keys += element;
    }
    f.script += "set title " + gp_quote(title) + "\nset xlabel 'iteration'\nset ylabel '" + error_label +
                "'\nset xrange [0:" + count(longest) + "]\nset yrange [0:*]\n" +
                key_below(static_cast<int>(2 * spreads.size() + 1) + floor_keys(floor, no_floor), 0.0);
    f.script += "plot " + bands + medians + keys +
                gp_level(baseline, baseline_colour, "always predicting 0.5: " + brief(baseline)) +
                gp_floor(floor, no_floor) + "\n";
    return f;
}

} // namespace tinyneuron::examples

#endif // TINYNEURON_EXAMPLES_FIGURES_HPP
