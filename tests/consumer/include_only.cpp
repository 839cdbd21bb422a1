// SPDX-License-Identifier: MIT
// Includes the header and nothing else: what a compiler says about it is all the header's.
#include <tinyneuron/neuron.hpp>

int main() { return 0; }
