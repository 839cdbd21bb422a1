// SPDX-License-Identifier: MIT
// Shared by the fuzz targets: a check that survives NDEBUG and aborts, which libFuzzer reports
// as a crash and the replay program as a failed test.
#ifndef TINYNEURON_TESTS_FUZZ_CHECK_HPP
#define TINYNEURON_TESTS_FUZZ_CHECK_HPP

#include <cstdio>  // std::fprintf
#include <cstdlib> // std::abort

namespace tinyneuron_fuzz {

[[noreturn]] inline void failed(const char *what, const char *file, int line) {
    std::fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", file, line, what);
    std::abort();
}

} // namespace tinyneuron_fuzz

/// Aborts, naming the condition, unless `condition` holds; in every build type.
#define TINYNEURON_FUZZ_CHECK(condition)                                                                               \
    ((condition) ? static_cast<void>(0) : ::tinyneuron_fuzz::failed(#condition, __FILE__, __LINE__))

#endif // TINYNEURON_TESTS_FUZZ_CHECK_HPP
