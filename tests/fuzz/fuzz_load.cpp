// SPDX-License-Identifier: MIT
// Fuzz target for Neuron::load: arbitrary bytes go to Neuron<double>, Neuron<float, 2> and
// Neuron<long double>. A refusal must be std::invalid_argument; anything else aborts: a crash, a
// sanitizer report, another exception type, non-finite parameters, a neuron whose save() does not
// load back bit for bit, or a load that consumes more or less than its five lines.
#include "fuzz_check.hpp"

#include <tinyneuron/neuron.hpp>

#include <cmath>     // std::isfinite, std::signbit
#include <cstddef>   // std::size_t
#include <cstdint>   // std::uint8_t
#include <exception> // std::exception
#include <iterator>  // std::istreambuf_iterator
#include <optional>  // std::optional
#include <sstream>   // std::istringstream, std::ostringstream
#include <stdexcept> // std::invalid_argument
#include <string>    // std::string

namespace {

/// Bit-identical for the finite values a neuron holds: equal and of the same sign (which tells
/// 0 from -0). Comparing values, not bytes, skips the unspecified padding of x87 long double.
template <class T> bool same_value(T a, T b) { return a == b && std::signbit(a) == std::signbit(b); }

template <class T, int N> bool same_neuron(const tinyneuron::Neuron<T, N> &a, const tinyneuron::Neuron<T, N> &b) {
    if (a.inputs() != b.inputs() || !same_value(a.bias(), b.bias())) {
        return false;
    }
    for (Eigen::Index i = 0; i < a.inputs(); ++i) {
        if (!same_value(a.weights()(i), b.weights()(i))) {
            return false;
        }
    }
    return true;
}

/// Where load must stop: after the fifth newline, or at the end of the bytes.
std::size_t after_five_lines(const std::string &text) {
    std::size_t at = 0;
    for (int line = 0; line < 5; ++line) {
        const std::size_t newline = text.find('\n', at);
        if (newline == std::string::npos) {
            return text.size();
        }
        at = newline + 1;
    }
    return at;
}

/// The neuron in `bytes`, or nothing if load refused them with a located std::invalid_argument.
template <class T, int N> std::optional<tinyneuron::Neuron<T, N>> try_load(std::istringstream &in) {
    try {
        return tinyneuron::Neuron<T, N>::load(in);
    } catch (const std::invalid_argument &e) {
        TINYNEURON_FUZZ_CHECK(std::string(e.what()).rfind("tinyneuron::Neuron::load: ", 0) == 0);
    } catch (const std::exception &e) {
        tinyneuron_fuzz::failed(e.what(), __FILE__, __LINE__);
    } catch (...) {
        tinyneuron_fuzz::failed("an exception not derived from std::exception", __FILE__, __LINE__);
    }
    return std::nullopt;
}

/// Everything after a successful load: no exception of any type is expected here.
template <class T, int N>
void check_loaded(const tinyneuron::Neuron<T, N> &neuron, std::istringstream &in, const std::string &bytes) {
    using Neuron = tinyneuron::Neuron<T, N>;
    TINYNEURON_FUZZ_CHECK(neuron.inputs() >= 1);
    TINYNEURON_FUZZ_CHECK(N == Eigen::Dynamic || neuron.inputs() == N);
    TINYNEURON_FUZZ_CHECK(std::isfinite(neuron.bias()));
    TINYNEURON_FUZZ_CHECK(neuron.weights().allFinite());

    // Five lines consumed, nothing more.
    const std::string rest{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    TINYNEURON_FUZZ_CHECK(rest == bytes.substr(after_five_lines(bytes)));

    // What save writes loads back to the same bits and saves to the same text.
    std::ostringstream saved;
    neuron.save(saved);
    std::istringstream again(saved.str());
    const Neuron reloaded = Neuron::load(again);
    TINYNEURON_FUZZ_CHECK(same_neuron(neuron, reloaded));
    std::ostringstream resaved;
    reloaded.save(resaved);
    TINYNEURON_FUZZ_CHECK(resaved.str() == saved.str());
}

template <class T, int N> void check_load(const std::string &bytes) {
    std::istringstream in(bytes);
    const std::optional<tinyneuron::Neuron<T, N>> neuron = try_load<T, N>(in);
    if (!neuron) {
        return;
    }
    try {
        check_loaded(*neuron, in, bytes);
    } catch (const std::exception &e) {
        tinyneuron_fuzz::failed(e.what(), __FILE__, __LINE__);
    } catch (...) {
        tinyneuron_fuzz::failed("an exception not derived from std::exception", __FILE__, __LINE__);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const std::string bytes(reinterpret_cast<const char *>(data), size);
    check_load<double, Eigen::Dynamic>(bytes);
    check_load<float, 2>(bytes);
    check_load<long double, Eigen::Dynamic>(bytes);
    return 0;
}
