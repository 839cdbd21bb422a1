// SPDX-License-Identifier: MIT
// The eight_points demo's data, read by the tinyneuron command's reader (../cli/reader.hpp): a
// CSV or LIBSVM file, the target the column named "target", else the last column, else a
// LIBSVM file's label; its values probabilities from 0 to 1, or two labels of any kind, mapped to
// 0 and 1 (../cli/targets.hpp). Anything it cannot use is refused with
// "<source>:<line>:<column>: <what>".
#ifndef TINYNEURON_EXAMPLES_CSV_HPP
#define TINYNEURON_EXAMPLES_CSV_HPP

#include "../cli/reader.hpp"
#include "../cli/targets.hpp"

#include <Eigen/Core>

#include <cstddef> // std::size_t, std::ptrdiff_t
#include <istream> // std::istream
#include <string>  // std::string
#include <variant> // std::visit
#include <vector>  // std::vector

namespace tinyneuron::examples {

/// A data set: `samples` is rows × inputs (one sample per row), `targets` holds one value in
/// [0, 1] per row, `columns` the inputs' names and then the target's.
struct Dataset {
    Eigen::MatrixXd samples;
    Eigen::VectorXd targets;
    std::vector<std::string> columns;
};

namespace csv_detail {

/// The target: the column named "target", else the last (a LIBSVM file's label); the inputs: the rest.
inline Columns default_columns(const std::vector<std::string> &names, Format format) {
    Columns columns;
    columns.target = format == Format::libsvm ? 0 : static_cast<std::ptrdiff_t>(names.size()) - 1;
    for (std::size_t i = 0; i < names.size(); ++i) {
        columns.target = names[i] == "target" ? static_cast<std::ptrdiff_t>(i) : columns.target;
    }
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (static_cast<std::ptrdiff_t>(i) != columns.target) {
            columns.inputs.push_back(static_cast<std::ptrdiff_t>(i));
        }
    }
    return columns;
}

inline Dataset dataset_of(const Data &data) {
    Dataset out;
    std::visit([&](const auto &samples) { out.samples = samples_view(samples); }, data.samples);
    out.targets = make_targets(data, TargetRule::probabilities_or_labels).values;
    for (std::size_t i = 0; i < data.columns.inputs.size(); ++i) {
        out.columns.push_back(data.input_name(i));
    }
    out.columns.push_back(data.target_name());
    return out;
}

} // namespace csv_detail

/// Reads a data set from `in`, named `source` in messages. Throws std::invalid_argument naming
/// source:line:column for anything it cannot use.
inline Dataset parse_csv(std::istream &in, const std::string &source) {
    return csv_detail::dataset_of(read_data(in, source, ReadOptions{}, csv_detail::default_columns));
}

/// Reads the file at `path` as parse_csv does; a file that cannot be read at all is refused at 1:1.
inline Dataset read_csv(const std::string &path) {
    return csv_detail::dataset_of(read_data_file(path, ReadOptions{}, csv_detail::default_columns));
}

} // namespace tinyneuron::examples

#endif // TINYNEURON_EXAMPLES_CSV_HPP
