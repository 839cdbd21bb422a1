// SPDX-License-Identifier: MIT
// What the tinyneuron command prints: how a fit ended in words, the parameters (as R's
// summary(glm) prints them where they mean what R's mean), and a prediction's accuracy, log-loss
// and confusion matrix. Each function prints one block to the stream it is given.
#ifndef TINYNEURON_EXAMPLES_REPORT_HPP
#define TINYNEURON_EXAMPLES_REPORT_HPP

#include "model.hpp"
#include "reader.hpp"
#include "targets.hpp"

#include <tinyneuron/neuron.hpp>

#include <algorithm> // std::max, std::min
#include <cmath>     // std::abs, std::floor, std::log10, std::isfinite
#include <cstddef>   // std::size_t
#include <cstdio>    // std::fprintf, std::FILE
#include <string>    // std::string
#include <vector>    // std::vector

namespace tinyneuron::examples {

/// "a, b, c" for at most `most` names, then "and 7 more".
inline std::string name_list(const std::vector<std::string> &names, std::size_t most = 10) {
    std::string out;
    for (std::size_t i = 0; i < names.size() && i < most; ++i) {
        out += (i == 0 ? "" : ", ") + names[i];
    }
    if (names.size() > most) {
        out += " and " + std::to_string(names.size() - most) + " more";
    }
    return out;
}

/// How a fit ended, in words, with what to do about it.
inline std::string fit_ending(const FitResult<double> &result, double l2, std::size_t rows) {
    switch (result.status) {
    case FitStatus::converged:
        return "converged: the objective is at its minimum";
    case FitStatus::max_iterations:
        return "not converged: stopped after " + std::to_string(result.iterations) +
               " steps, the most fit takes, before reaching the minimum";
    case FitStatus::no_minimum:
        return std::string("no minimum: ") +
               (l2 == 0.0 ? "the classes are separated: a plane puts " + std::to_string(result.separated_rows) +
                                " of the " + std::to_string(rows) +
                                " rows strictly on their label's side and the rest on it, so the objective only "
                                "falls as the weights grow along it (R's glm warns that fitted probabilities are 0 "
                                "or 1); --C or --l2 gives a finite optimum"
                          : "the objective falls for ever along a direction that puts " +
                                std::to_string(result.separated_rows) + " of the " + std::to_string(rows) +
                                " rows strictly on their target's side");
    case FitStatus::stalled:
        return "stalled: no step lowers the objective any more, yet it is not at a minimum as far as double can "
               "tell (a plateau or a saddle of the squared error, or inputs at the edge of double's range)";
    case FitStatus::stopped:
        break;
    }
    return "stopped";
}

namespace report_detail {

/// Decimals enough to show every value of `values` with `digits` significant digits, as R's
/// format() chooses them for a column (at most 10).
inline int decimals_for(const std::vector<double> &values, int digits) {
    int decimals = 0;
    for (const double v : values) {
        if (std::isfinite(v) && v != 0.0) {
            const int magnitude = static_cast<int>(std::floor(std::log10(std::abs(v))));
            decimals = std::max(decimals, digits - 1 - magnitude);
        }
    }
    return std::min(decimals, 10);
}

inline std::string fixed(double value, int decimals) {
    if (!std::isfinite(value)) {
        return "NA";
    }
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

inline const char *stars(double p) {
    return !(p < 0.1) ? "" : p < 0.001 ? "***" : p < 0.01 ? "**" : p < 0.05 ? "*" : ".";
}

/// The rows of a parameter table, the bias first (R's "(Intercept)"), at most `most` of them.
inline std::vector<Eigen::Index> table_order(Eigen::Index inputs, std::size_t most) {
    std::vector<Eigen::Index> order{inputs};
    for (Eigen::Index i = 0; i < inputs && order.size() < most; ++i) {
        order.push_back(i);
    }
    return order;
}

inline std::string parameter_name(const Model &model, Eigen::Index j) {
    return j == model.neuron.inputs() ? "(bias)" : model.inputs[static_cast<std::size_t>(j)];
}

inline int name_width(const Model &model, const std::vector<Eigen::Index> &order) {
    std::size_t width = 6;
    for (const Eigen::Index j : order) {
        width = std::max(width, parameter_name(model, j).size());
    }
    return static_cast<int>(std::min<std::size_t>(width, 40));
}

inline void print_more(std::FILE *out, const Model &model, std::size_t shown) {
    const auto total = static_cast<std::size_t>(model.neuron.inputs()) + 1;
    if (shown < total) {
        std::fprintf(out, "... and %zu more parameters (--save writes them all)\n", total - shown);
    }
}

} // namespace report_detail

/// The parameters as R's summary(glm) prints its coefficients (bias first), then the
/// deviances and the AIC: for the unpenalised cross-entropy at its minimum.
inline void print_summary(std::FILE *out, const Model &model, const Summary<double> &s, std::size_t rows,
                          std::size_t most = 60) {
    using namespace report_detail;
    const std::vector<Eigen::Index> order = table_order(model.neuron.inputs(), most);
    std::vector<double> magnitudes;
    for (const Eigen::Index j : order) {
        magnitudes.push_back(s.estimate(j));
        magnitudes.push_back(s.standard_error(j));
    }
    const int decimals = decimals_for(magnitudes, 4);
    std::vector<double> p_values; // formatted together too, those R shows as <2e-16 apart
    p_values.reserve(order.size());
    for (const Eigen::Index j : order) {
        p_values.push_back(s.p_value(j) < 2e-16 ? 0.0 : s.p_value(j));
    }
    const int p_decimals = decimals_for(p_values, 3);
    const int width = name_width(model, order);
    std::fprintf(out, "%-*s %14s %14s %8s %9s\n", width, "", "Estimate", "Std. Error", "z value", "Pr(>|z|)");
    for (const Eigen::Index j : order) {
        const double p = s.p_value(j);
        const std::string p_text = !std::isfinite(p) ? "NA" : p < 2e-16 ? "<2e-16" : fixed(p, p_decimals);
        std::fprintf(out, "%-*s %14s %14s %8s %9s%s%s\n", width, parameter_name(model, j).c_str(),
                     fixed(s.estimate(j), decimals).c_str(), fixed(s.standard_error(j), decimals).c_str(),
                     fixed(s.z_value(j), 3).c_str(), p_text.c_str(), *stars(p) == '\0' ? "" : " ", stars(p));
    }
    print_more(out, model, order.size());
    std::fprintf(out, "---\nSignif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1\n");
    const Eigen::Index aliased = s.aliased.count();
    if (aliased > 0) {
        std::fprintf(out, "(%td not defined because of singularities: aliased, NA as in R)\n", aliased);
    }
    std::fprintf(out, "\n    Null deviance: %.3f on %zu degrees of freedom\n", s.null_deviance, rows - 1);
    std::fprintf(out, "Residual deviance: %.3f on %zu degrees of freedom\nAIC: %.3f\n\n", s.deviance,
                 rows - static_cast<std::size_t>(s.rank), s.aic);
}

/// The parameters alone (bias first), where standard errors would mean nothing.
inline void print_estimates(std::FILE *out, const Model &model, std::size_t most = 60) {
    using namespace report_detail;
    const std::vector<Eigen::Index> order = table_order(model.neuron.inputs(), most);
    const int width = name_width(model, order);
    std::fprintf(out, "%-*s %18s\n", width, "", "Estimate");
    for (const Eigen::Index j : order) {
        const double value = j == model.neuron.inputs() ? model.neuron.bias() : model.neuron.weights()(j);
        std::fprintf(out, "%-*s %18.10g\n", width, parameter_name(model, j).c_str(), value);
    }
    print_more(out, model, order.size());
    std::fprintf(out, "\n");
}

/// The share of rows on their target's side of 0.5, the mean cross-entropy, and for labels
/// the confusion matrix (rows: the data's labels; columns: the predicted ones).
inline void print_scores(std::FILE *out, const Labels &labels, const Eigen::VectorXd &targets,
                         const Eigen::VectorXd &probabilities, double cross_entropy) {
    const auto rows = static_cast<std::size_t>(targets.size());
    std::size_t counts[2][2] = {{0, 0}, {0, 0}};
    for (Eigen::Index i = 0; i < targets.size(); ++i) {
        ++counts[targets(i) >= 0.5 ? 1 : 0][probabilities(i) >= 0.5 ? 1 : 0];
    }
    const std::size_t right = counts[0][0] + counts[1][1];
    std::fprintf(out, "accuracy %.4f (%zu of %zu rows)\nlog-loss %.6f (the mean cross-entropy)\n",
                 static_cast<double>(right) / static_cast<double>(rows), right, rows,
                 cross_entropy / static_cast<double>(rows));
    const std::string names[2] = {labels.zero, labels.one};
    const int width =
        static_cast<int>(std::min<std::size_t>(std::max({names[0].size(), names[1].size(), std::size_t{9}}), 30));
    std::fprintf(out, "confusion matrix (rows: the data's %s, columns: the predicted ones)\n",
                 labels.probabilities ? "targets from 0.5 up as 1" : "labels");
    std::fprintf(out, "%-*s %*s %*s\n", width, "", width, names[0].c_str(), width, names[1].c_str());
    for (int t = 0; t < 2; ++t) {
        std::fprintf(out, "%-*s %*zu %*zu\n", width, names[t].c_str(), width, counts[t][0], width, counts[t][1]);
    }
}

} // namespace tinyneuron::examples

#endif // TINYNEURON_EXAMPLES_REPORT_HPP
