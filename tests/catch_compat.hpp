// SPDX-License-Identifier: MIT
// One include for Catch2 v2 (a single header, as Debian ships it) and v3 (split headers).
#ifndef TINYNEURON_TESTS_CATCH_COMPAT_HPP
#define TINYNEURON_TESTS_CATCH_COMPAT_HPP

#if __has_include(<catch2/catch_all.hpp>)
#include <catch2/catch_all.hpp>
namespace tinyneuron_test {
/// Substring matcher: ContainsSubstring in Catch2 v3.
inline auto contains(const std::string &s) { return Catch::Matchers::ContainsSubstring(s); }
} // namespace tinyneuron_test
#elif __has_include(<catch2/catch.hpp>)
#include <catch2/catch.hpp>
namespace tinyneuron_test {
/// Substring matcher: Contains in Catch2 v2.
inline auto contains(const std::string &s) { return Catch::Matchers::Contains(s); }
} // namespace tinyneuron_test
#else
#error "tinyneuron tests need Catch2 v2 or v3"
#endif

#endif // TINYNEURON_TESTS_CATCH_COMPAT_HPP
