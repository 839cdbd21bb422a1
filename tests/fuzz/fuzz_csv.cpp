// SPDX-License-Identifier: MIT
// Fuzz target for the data reader of the tinyneuron command and the eight_points demo
// (examples/cli/reader.hpp, through the demo's parse_csv, which also makes the targets): CSV or
// LIBSVM, detected. The first byte chooses the options (a separator, the format, dropping
// missing values). A refusal must be std::invalid_argument saying "fuzz:<line>:<column>: <what>";
// a data set it accepts must be one the neuron can train on: rows = targets > 0, at least one
// input, a name per column, every value finite, every target in [0, 1]. Anything else aborts.
#include "fuzz_check.hpp"

#include <cli/reader.hpp>
#include <eight_points/csv.hpp>

#include <cstddef>   // std::size_t
#include <cstdint>   // std::uint8_t
#include <exception> // std::exception
#include <sstream>   // std::istringstream
#include <stdexcept> // std::invalid_argument
#include <string>    // std::string

namespace {

bool is_digits(const std::string &s, std::size_t from, std::size_t to) {
    if (from >= to) {
        return false;
    }
    for (std::size_t i = from; i < to; ++i) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
    }
    return true;
}

/// "fuzz:<line>:<column>: " followed by a reason, both numbers from 1.
bool located(const std::string &message) {
    const std::string source = "fuzz:";
    if (message.rfind(source, 0) != 0) {
        return false;
    }
    const std::size_t line_end = message.find(':', source.size());
    if (line_end == std::string::npos || !is_digits(message, source.size(), line_end)) {
        return false;
    }
    const std::size_t column_end = message.find(':', line_end + 1);
    if (column_end == std::string::npos || !is_digits(message, line_end + 1, column_end)) {
        return false;
    }
    return message.compare(column_end, 2, ": ") == 0 && message.size() > column_end + 2 &&
           message[source.size()] != '0' && message[line_end + 1] != '0';
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    using namespace tinyneuron::examples;
    ReadOptions options;
    const unsigned choice = size > 0 ? data[0] : 0U;
    options.separator = "\0,;\t"[choice & 3U];
    options.format = (choice & 4U) != 0 ? Format::detect : (choice & 8U) != 0 ? Format::libsvm : Format::csv;
    options.drop_missing = (choice & 16U) != 0;
    std::istringstream in(std::string(reinterpret_cast<const char *>(data), size));
    try {
        const Dataset d = csv_detail::dataset_of(read_data(in, "fuzz", options, csv_detail::default_columns));
        TINYNEURON_FUZZ_CHECK(d.samples.rows() > 0);
        TINYNEURON_FUZZ_CHECK(d.samples.rows() == d.targets.size());
        TINYNEURON_FUZZ_CHECK(d.samples.cols() >= 1);
        TINYNEURON_FUZZ_CHECK(d.columns.size() == static_cast<std::size_t>(d.samples.cols()) + 1);
        TINYNEURON_FUZZ_CHECK(d.samples.allFinite());
        TINYNEURON_FUZZ_CHECK(d.targets.allFinite());
        TINYNEURON_FUZZ_CHECK((d.targets.array() >= 0.0).all());
        TINYNEURON_FUZZ_CHECK((d.targets.array() <= 1.0).all());
    } catch (const std::invalid_argument &e) {
        TINYNEURON_FUZZ_CHECK(located(e.what()));
    } catch (const std::exception &e) {
        tinyneuron_fuzz::failed(e.what(), __FILE__, __LINE__);
    } catch (...) {
        tinyneuron_fuzz::failed("an exception not derived from std::exception", __FILE__, __LINE__);
    }
    return 0;
}
