// SPDX-License-Identifier: MIT
// For measure_expf.py only, linked with -Wl,--wrap=expf into train.cpp's program: every expf
// the program calls (std::exp on a float) comes here. It prints "expf <x bits> <expf(x) bits>"
// with FIRMWARE_EXPF_LOG, and with FIRMWARE_EXPF_NUDGE=up, down or alternate moves each result
// by one ulp (up, down, or up and down in turn) before returning it, to see how far such a
// change carries through training.
#include "print.hpp"

#include <cmath>
#include <cstdint>
#include <limits>

#define FIRMWARE_NUDGE_none 0
#define FIRMWARE_NUDGE_up 1
#define FIRMWARE_NUDGE_down 2
#define FIRMWARE_NUDGE_alternate 3
#define FIRMWARE_NUDGE_(name) FIRMWARE_NUDGE_##name
#define FIRMWARE_NUDGE(name) FIRMWARE_NUDGE_(name)
#ifndef FIRMWARE_EXPF_NUDGE
#define FIRMWARE_EXPF_NUDGE none
#endif

extern "C" float __real_expf(float x);
extern "C" float __wrap_expf(float x);

extern "C" float __wrap_expf(float x) {
    float y = __real_expf(x);
    static std::uint32_t calls = 0;
    ++calls;
#if FIRMWARE_NUDGE(FIRMWARE_EXPF_NUDGE) == FIRMWARE_NUDGE_up
    y = std::nextafter(y, std::numeric_limits<float>::infinity());
#elif FIRMWARE_NUDGE(FIRMWARE_EXPF_NUDGE) == FIRMWARE_NUDGE_down
    y = std::nextafter(y, 0.0f);
#elif FIRMWARE_NUDGE(FIRMWARE_EXPF_NUDGE) == FIRMWARE_NUDGE_alternate
    y = std::nextafter(y, calls % 2 == 0 ? 0.0f : std::numeric_limits<float>::infinity());
#endif
#ifdef FIRMWARE_EXPF_LOG
    firmware::write("expf ");
    firmware::print_hex(firmware::bits_of(x), 8);
    firmware::write(" ");
    firmware::print_hex(firmware::bits_of(y), 8);
    firmware::write("\n");
#endif
    return y;
}
