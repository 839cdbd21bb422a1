// SPDX-License-Identifier: MIT
// The firmwares' whole contact with the world, so that one program source builds for the
// microcontroller and for the host: write(text) and finish(status). On ARM (arm-none-eabi) they
// are semihosting calls, which QEMU (-semihosting-config enable=on) or a debugger answers; on
// the host, stdio and std::exit. A semihosting call without a debugger or QEMU to answer it
// stops a real board with a HardFault: these are test programs.
#ifndef TINYNEURON_FIRMWARE_PLATFORM_HPP
#define TINYNEURON_FIRMWARE_PLATFORM_HPP

#include <cstdint>

#if defined(__arm__)
namespace firmware {
namespace semihosting {

/// One semihosting call, as the ARM semihosting specification gives it for M-profile: the
/// operation in r0, its argument in r1, then `bkpt 0xAB`; the result comes back in r0.
inline std::uint32_t call(std::uint32_t operation, const void *argument) {
    std::uint32_t result = 0;
    __asm volatile("mov r0, %1\n\t"
                   "mov r1, %2\n\t"
                   "bkpt 0xAB\n\t"
                   "mov %0, r0"
                   : "=r"(result)
                   : "r"(operation), "r"(argument)
                   : "r0", "r1", "memory");
    return result;
}

constexpr std::uint32_t sys_write0 = 0x04;                // print a NUL-terminated string
constexpr std::uint32_t sys_exit = 0x18;                  // stop, with a reason only
constexpr std::uint32_t sys_exit_extended = 0x20;         // stop, with a reason and a status (v2)
constexpr std::uint32_t application_exit = 0x20026;       // ADP_Stopped_ApplicationExit
constexpr std::uint32_t run_time_error_unknown = 0x20023; // ADP_Stopped_RunTimeErrorUnknown

} // namespace semihosting

inline void write(const char *text) { semihosting::call(semihosting::sys_write0, text); }

/// Stops the program; QEMU exits with `status`. SYS_EXIT_EXTENDED carries the status (QEMU
/// 7.2 takes it from 32-bit guests); a host without it falls through to SYS_EXIT, where only
/// "application exit" means success.
[[noreturn]] inline void finish(int status) {
    const std::uint32_t block[2] = {semihosting::application_exit, static_cast<std::uint32_t>(status)};
    semihosting::call(semihosting::sys_exit_extended, block);
    semihosting::call(semihosting::sys_exit,
                      reinterpret_cast<const void *>(static_cast<std::uintptr_t>(
                          status == 0 ? semihosting::application_exit : semihosting::run_time_error_unknown)));
    for (;;) {
    }
}

} // namespace firmware
#else
#include <cstdio>
#include <cstdlib>

namespace firmware {

inline void write(const char *text) { std::fputs(text, stdout); }

[[noreturn]] inline void finish(int status) {
    std::fflush(stdout);
    std::exit(status);
}

} // namespace firmware
#endif

namespace firmware {

/// What both firmwares define TINYNEURON_ON_ERROR as: the header's message, then a failure.
[[noreturn]] inline void refused(const char *message) {
    write("refused: ");
    write(message);
    write("\n");
    finish(1);
}

} // namespace firmware

#endif
