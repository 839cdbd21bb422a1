// SPDX-License-Identifier: MIT
// What a target column's cells mean to the neuron, whose targets are numbers from 0 to 1: two
// labels of any kind (0/1, -1/+1, 1/2, yes/no, M/B, TRUE/FALSE), mapped to 0 and 1 in sorted
// order as R's factor levels and scikit-learn's classes_ are (numeric order where both are
// numbers), or probabilities, taken as they are. Shared by the tinyneuron command, the
// eight_points demo and the tests, over reader.hpp's TargetCells.
#ifndef TINYNEURON_EXAMPLES_TARGETS_HPP
#define TINYNEURON_EXAMPLES_TARGETS_HPP

#include "reader.hpp"

#include <Eigen/Core>

#include <cstddef>   // std::size_t
#include <stdexcept> // std::invalid_argument
#include <string>    // std::string, std::to_string
#include <utility>   // std::swap

namespace tinyneuron::examples {

/// How a target column's cells become targets.
enum class TargetRule {
    labels,                 ///< exactly two distinct values, mapped to 0 and 1
    probabilities,          ///< numbers from 0 to 1, as they are (--soft-targets)
    probabilities_or_labels ///< probabilities where every cell is one, else two labels
};

/// The meaning of a target: two labels (`zero` maps to 0, `one` to 1), or probabilities.
struct Labels {
    bool probabilities = false;
    std::string zero = "0", one = "1";

    /// Both labels are numbers, compared by value (1 and 1.0 are one label).
    bool numeric() const {
        double ignored = 0;
        return reader_detail::number(zero, false, ignored) == reader_detail::Cell::number &&
               reader_detail::number(one, false, ignored) == reader_detail::Cell::number;
    }
    /// The label of a prediction: `one` from 0.5 up.
    const std::string &of(double prediction) const { return prediction >= 0.5 ? one : zero; }
};

/// Targets from 0 to 1, one per row of the data, and what they mean.
struct Targets {
    Labels labels;
    Eigen::VectorXd values;
};

namespace targets_detail {

using reader_detail::fail;
using reader_detail::shown;

/// The distinct values of the target column, as the rule for labels counts them: by value
/// where every cell is a number, else by text.
inline const std::vector<TargetCells::Seen> &distinct(const TargetCells &t) {
    return t.all_numbers ? t.values : t.texts;
}
inline bool more_than_kept(const TargetCells &t) { return t.all_numbers ? t.more_values : t.more_texts; }

/// "'a', 'b' and 'c'" (with "and more" beyond what was kept).
inline std::string listed(const TargetCells &t) {
    const std::vector<TargetCells::Seen> &seen = distinct(t);
    std::string out;
    for (std::size_t i = 0; i < seen.size(); ++i) {
        out += (i == 0 ? "" : i + 1 == seen.size() && !more_than_kept(t) ? " and " : ", ") + shown(seen[i].text);
    }
    return out + (more_than_kept(t) ? " and more" : "");
}

/// Probabilities: every cell a number from 0 to 1, else the first that is not, refused.
inline Eigen::VectorXd probabilities(const Data &data) {
    const TargetCells &t = data.target;
    const std::string in_column = " in the target column " + shown(data.target_name());
    if (!t.all_numbers) {
        fail(data.source, t.first_text.line, t.first_text.column,
             shown(t.first_text.text) + in_column + " is not a number, expected a probability from 0 to 1");
    }
    if (!t.first_outside_unit.text.empty()) {
        fail(data.source, t.first_outside_unit.line, t.first_outside_unit.column,
             shown(t.first_outside_unit.text) + in_column + " is outside [0, 1], expected a probability from 0 to 1");
    }
    return Eigen::Map<const Eigen::VectorXd>(t.numbers.data(), static_cast<Eigen::Index>(t.numbers.size()));
}

/// Two labels, sorted: by value where both are numbers, else byte by byte.
inline Targets two_labels(const Data &data, bool soft_allowed) {
    const TargetCells &t = data.target;
    const std::vector<TargetCells::Seen> &seen = distinct(t);
    const std::string column = "the target column " + shown(data.target_name());
    if (seen.size() == 1) {
        fail(data.source, seen[0].line, seen[0].column,
             column + " has one value, " + shown(seen[0].text) + ", in all " + std::to_string(data.rows) +
                 " rows, expected two labels, one for each class");
    }
    if (seen.size() > 2) {
        fail(data.source, seen[2].line, seen[2].column,
             column + " has " +
                 (more_than_kept(t) ? "more than " + std::to_string(seen.size()) : std::to_string(seen.size())) +
                 " values, " + listed(t) + ", expected two labels" +
                 (soft_allowed ? "; --soft-targets reads numbers from 0 to 1 as probabilities" : ""));
    }
    std::size_t zero = 0, one = 1;
    if (t.all_numbers ? seen[1].number < seen[0].number : seen[1].text < seen[0].text) {
        std::swap(zero, one);
    }
    Targets out;
    out.labels.zero = seen[zero].text;
    out.labels.one = seen[one].text;
    out.values.resize(static_cast<Eigen::Index>(t.numbers.size()));
    for (std::size_t i = 0; i < t.numbers.size(); ++i) {
        const bool is_one = t.all_numbers ? t.numbers[i] == seen[one].number : t.codes[i] == one;
        out.values(static_cast<Eigen::Index>(i)) = is_one ? 1.0 : 0.0;
    }
    return out;
}

} // namespace targets_detail

/// The targets of `data` (which must have a target column) by `rule`. Throws
/// std::invalid_argument naming source:line:column of the cell that breaks the rule: the first
/// that is not a probability, or the third distinct value (the message lists those found).
inline Targets make_targets(const Data &data, TargetRule rule) {
    const TargetCells &t = data.target;
    const bool as_probabilities =
        rule == TargetRule::probabilities ||
        (rule == TargetRule::probabilities_or_labels && t.all_numbers && t.first_outside_unit.text.empty());
    if (!as_probabilities) {
        return targets_detail::two_labels(data, rule == TargetRule::labels);
    }
    Targets out;
    out.labels.probabilities = true;
    out.values = targets_detail::probabilities(data);
    return out;
}

/// The targets of `data` by labels already chosen (a model's): each value must be one of the
/// two labels, or a probability if `labels` are probabilities. Throws std::invalid_argument
/// naming the first value that is neither label.
inline Eigen::VectorXd targets_by(const Data &data, const Labels &labels) {
    if (labels.probabilities) {
        return targets_detail::probabilities(data);
    }
    const TargetCells &t = data.target;
    const bool numeric = labels.numeric() && t.all_numbers;
    double zero = 0, one = 0;
    (void)reader_detail::number(labels.zero, false, zero);
    (void)reader_detail::number(labels.one, false, one);
    const auto label_of = [&](const TargetCells::Seen &s) {
        return numeric ? (s.number == one    ? 1
                          : s.number == zero ? 0
                                             : -1)
                       : (s.text == labels.one    ? 1
                          : s.text == labels.zero ? 0
                                                  : -1);
    };
    const std::vector<TargetCells::Seen> &seen = numeric ? t.values : t.texts;
    for (const TargetCells::Seen &s : seen) {
        if (label_of(s) < 0) {
            reader_detail::fail(data.source, s.line, s.column,
                                reader_detail::shown(s.text) + " in the target column " +
                                    reader_detail::shown(data.target_name()) + " is neither of the model's labels, " +
                                    reader_detail::shown(labels.zero) + " and " + reader_detail::shown(labels.one));
        }
    }
    Eigen::VectorXd values(static_cast<Eigen::Index>(t.numbers.size()));
    for (std::size_t i = 0; i < t.numbers.size(); ++i) {
        values(static_cast<Eigen::Index>(i)) =
            numeric ? (t.numbers[i] == one ? 1.0 : 0.0) : static_cast<double>(label_of(t.texts[t.codes[i]]));
    }
    return values;
}

} // namespace tinyneuron::examples

#endif // TINYNEURON_EXAMPLES_TARGETS_HPP
