// SPDX-License-Identifier: MIT
// Numbers as text, exactly and identically on the microcontroller and on the host: integer
// arithmetic only, no printf (newlib nano's has no %f), no locale, no libm. A float prints as its
// IEEE 754 bits in 8 hexadecimal digits, then its value rounded to 7 decimals, e.g.
// "0x3f4c6f1b 0.7985703".
#ifndef TINYNEURON_FIRMWARE_PRINT_HPP
#define TINYNEURON_FIRMWARE_PRINT_HPP

#include "platform.hpp"

#include <cstdint>
#include <cstring>

namespace firmware {

/// `value` in decimal.
inline void print_uint(std::uint32_t value) {
    char text[11];
    char *p = text + sizeof text;
    *--p = '\0';
    do {
        *--p = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value != 0);
    write(p);
}

/// `value`'s last `digits` (at most 16) hexadecimal digits, with 0x.
inline void print_hex(std::uint64_t value, int digits) {
    char text[19]; // not zero-initialised: that would cost a call to memset
    text[0] = '0';
    text[1] = 'x';
    for (int i = 0; i < digits; ++i) {
        text[2 + i] = "0123456789abcdef"[(value >> (4 * (digits - 1 - i))) & 0xF];
    }
    text[2 + digits] = '\0';
    write(text);
}

inline std::uint32_t bits_of(float value) {
    std::uint32_t bits = 0;
    std::memcpy(&bits, &value, sizeof bits);
    return bits;
}

/// `value` as "0x<bits> <decimal>": the decimal is |value| rounded to 7 decimals, half to even,
/// from the bits (whole part below 2^32; larger values, infinities and NaN give only the bits).
inline void print_float(float value) {
    const std::uint32_t bits = bits_of(value);
    print_hex(bits, 8);
    const int exponent = static_cast<int>((bits >> 23) & 0xFF);
    const std::uint32_t fraction = bits & 0x7FFFFF;
    // |value| = mantissa · 2^-shift exactly, with mantissa < 2^24.
    const std::uint32_t mantissa = exponent == 0 ? fraction : fraction | 0x800000;
    const int shift = exponent == 0 ? 149 : 150 - exponent;
    if (shift < -8) { // 2^32 or more, infinite or NaN
        write(" (too large for decimals)");
        return;
    }
    std::uint32_t whole = 0;
    std::uint32_t decimals = 0; // the fractional part, in units of 10^-7
    constexpr std::uint32_t scale = 10000000;
    if (shift <= 0) {
        whole = mantissa << -shift;
    } else {
        whole = shift < 32 ? mantissa >> shift : 0;
        // The fractional part is part / 2^shift; part·10^7 < 2^48 is exact in 64 bits.
        const std::uint64_t part = shift < 32 ? mantissa & ((std::uint32_t{1} << shift) - 1) : mantissa;
        const std::uint64_t scaled = part * scale;
        if (shift < 64) {
            const std::uint64_t low = scaled & ((std::uint64_t{1} << shift) - 1);
            const std::uint64_t half = std::uint64_t{1} << (shift - 1);
            decimals = static_cast<std::uint32_t>(scaled >> shift);
            if (low > half || (low == half && (decimals & 1) != 0)) {
                ++decimals;
            }
        } // else below 2^-40: 0 to 7 decimals
        if (decimals == scale) {
            decimals = 0;
            ++whole;
        }
    }
    write((bits >> 31) != 0 ? " -" : " ");
    print_uint(whole);
    char text[9];
    text[0] = '.';
    for (int i = 7; i >= 1; --i) {
        text[i] = static_cast<char>('0' + decimals % 10);
        decimals /= 10;
    }
    text[8] = '\0';
    write(text);
}

} // namespace firmware

#endif
