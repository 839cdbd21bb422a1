// SPDX-License-Identifier: MIT
// test_support.hpp's read_csv, compiled once: the examples' reader (examples/cli/reader.hpp, the
// tinyneuron command's), which no other test file needs to parse.
#include "test_support.hpp"

#include "../examples/cli/reader.hpp"
#include "../examples/cli/targets.hpp"

#include <string>
#include <variant> // std::visit

namespace tinyneuron_test {

Csv read_csv(const std::string &path) {
    using namespace tinyneuron::examples;
    const Data data = read_data_file(path, ReadOptions{}, [](const std::vector<std::string> &names, Format) {
        Columns columns;
        columns.target = static_cast<std::ptrdiff_t>(names.size()) - 1;
        for (std::ptrdiff_t i = 0; i < columns.target; ++i) {
            columns.inputs.push_back(i);
        }
        return columns;
    });
    Csv csv;
    std::visit([&](const auto &samples) { csv.samples = samples_view(samples); }, data.samples);
    csv.targets = make_targets(data, TargetRule::probabilities).values;
    csv.columns = data.names;
    return csv;
}

} // namespace tinyneuron_test
