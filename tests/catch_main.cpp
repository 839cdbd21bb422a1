// SPDX-License-Identifier: MIT
// Catch2's main compiled with our flags, for builds whose standard library differs from the one
// the installed Catch2WithMain was built with (clang++ -stdlib=libc++ against Debian's Catch2).
#if __has_include(<catch2/catch_all.hpp>)
#include <catch2/catch_session.hpp>
int main(int argc, char *argv[]) { return Catch::Session().run(argc, argv); }
#else
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
#endif
