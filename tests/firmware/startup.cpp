// SPDX-License-Identifier: MIT
// A minimal startup for a Cortex-M4F: the vector table, then Reset_Handler, which enables the
// FPU before any float instruction can run, copies .data from flash, zeroes .bss, runs the
// static constructors, calls main and ends the program with main's status (semihosting). Every
// other exception prints its number and ends the program with status 2. The symbols it uses
// come from mps2-an386.ld.
#include "print.hpp"

#include <cstdint>

using Handler = void (*)();

extern "C" {
// From the linker script.
extern char __stack_top[];
extern std::uint32_t __data_load[], __data_start[], __data_end[], __bss_start[], __bss_end[];
extern Handler __preinit_array_start[], __preinit_array_end[], __init_array_start[], __init_array_end[];

/// What crtbegin.o (left out by -nostartfiles) defines: the handle __cxa_atexit is given for this
/// program when a static object with a destructor is constructed. Linked only if one is.
void *__dso_handle = nullptr;

void Reset_Handler();
void tinyneuron_firmware_init();
[[noreturn]] void tinyneuron_firmware_exit(int status);
void tinyneuron_firmware_fault();
[[noreturn]] void tinyneuron_firmware_unexpected(std::uint32_t ipsr);
}

/// The stack pointer to start with, then the handlers of the 15 system exceptions (reset,
/// NMI, HardFault, ...); no interrupt is ever enabled, so none has a handler.
struct VectorTable {
    void *initial_stack;
    Handler handlers[15];
};

// External linkage (the table has no other user), its own section for the linker script to put first.
extern const VectorTable tinyneuron_firmware_vectors;
__attribute__((section(".vectors"), used)) const VectorTable tinyneuron_firmware_vectors = {
    __stack_top,
    {Reset_Handler, tinyneuron_firmware_fault, tinyneuron_firmware_fault, tinyneuron_firmware_fault,
     tinyneuron_firmware_fault, tinyneuron_firmware_fault, tinyneuron_firmware_fault, tinyneuron_firmware_fault,
     tinyneuron_firmware_fault, tinyneuron_firmware_fault, tinyneuron_firmware_fault, tinyneuron_firmware_fault,
     tinyneuron_firmware_fault, tinyneuron_firmware_fault, tinyneuron_firmware_fault}};

/// Naked, so that the compiler adds nothing (no float register can be touched before the FPU is
/// on): CPACR (0xE000ED88) |= 0xF << 20 gives full access to CP10 and CP11, the FPU; dsb and isb
/// make it take effect before the next instruction. Then the C++ part, main, and the exit.
extern "C" __attribute__((naked)) void Reset_Handler() {
    __asm volatile("movw r0, #0xED88\n\t"
                   "movt r0, #0xE000\n\t"
                   "ldr r1, [r0]\n\t"
                   "orr r1, r1, #0xF00000\n\t"
                   "str r1, [r0]\n\t"
                   "dsb\n\t"
                   "isb\n\t"
                   "bl tinyneuron_firmware_init\n\t"
                   "bl main\n\t"
                   "b tinyneuron_firmware_exit");
}

// Plain loops: GCC would otherwise turn them into calls to memcpy and memset, 400 bytes of flash.
extern "C" __attribute__((optimize("no-tree-loop-distribute-patterns"))) void tinyneuron_firmware_init() {
    for (std::uint32_t *from = __data_load, *to = __data_start; to < __data_end;) {
        *to++ = *from++;
    }
    for (std::uint32_t *to = __bss_start; to < __bss_end;) {
        *to++ = 0;
    }
    for (Handler *f = __preinit_array_start; f < __preinit_array_end; ++f) {
        (*f)();
    }
    for (Handler *f = __init_array_start; f < __init_array_end; ++f) {
        (*f)();
    }
}

extern "C" void tinyneuron_firmware_exit(int status) { firmware::finish(status); }

/// Every other exception: a fresh stack first (the fault may have come from a wrecked stack
/// pointer, and the handler would fault again, locking the core up), then the report.
extern "C" __attribute__((naked)) void tinyneuron_firmware_fault() {
    __asm volatile("movw r0, #:lower16:__stack_top\n\t"
                   "movt r0, #:upper16:__stack_top\n\t"
                   "msr msp, r0\n\t"
                   "mrs r0, ipsr\n\t"
                   "b tinyneuron_firmware_unexpected");
}

extern "C" void tinyneuron_firmware_unexpected(std::uint32_t ipsr) {
    firmware::write("unexpected exception ");
    firmware::print_uint(ipsr & 0x1FF);
    firmware::write(" (3: HardFault, 4: MemManage, 5: BusFault, 6: UsageFault)\n");
    firmware::finish(2);
}
