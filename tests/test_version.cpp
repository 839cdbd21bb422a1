// SPDX-License-Identifier: MIT
#include "catch_compat.hpp"

#include <tinyneuron/neuron.hpp>

TEST_CASE("the header's version macros match the CMake project version", "[version]") {
    CHECK(TINYNEURON_VERSION_MAJOR == TINYNEURON_PROJECT_VERSION_MAJOR);
    CHECK(TINYNEURON_VERSION_MINOR == TINYNEURON_PROJECT_VERSION_MINOR);
    CHECK(TINYNEURON_VERSION_PATCH == TINYNEURON_PROJECT_VERSION_PATCH);
}
