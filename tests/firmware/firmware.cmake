# The firmware tests' steps (cmake -P, so that a step can fail a test): build a firmware for the
# Cortex-M4F, check its flash against a budget, check that it has no heap, run it in QEMU and
# compare what it prints with the same program built for the host. Usage:
#   cmake -DMODE=build -DARM_CXX=<arm-none-eabi-g++> -DSOURCE_DIR=<tests/firmware>
#         -DINCLUDE=<tinyneuron include dir> -DEIGEN=<Eigen include dir> -DOUT=<dir>
#         -DPROGRAM=<name> [-DNAME=<elf name>] [-DDEFINES=<NAME;...>] [-DWARNINGS=<flag;...>]
#         [-DEXTRA_SOURCES=<file;...>] [-DEXTRA_FLAGS=<flag;...>] -P firmware.cmake
#       compiles SOURCE_DIR/<name>.cpp with startup.cpp into OUT/<elf name, by default name>.elf
#       (and its link map, .map), with the flags below, the warnings and -Werror
#   cmake -DMODE=size -DSIZE=<arm-none-eabi-size> -DNM=<arm-none-eabi-nm> -DELF=<elf>
#         -DBUDGET=<bytes> [-DREFERENCE=<elf>] -P firmware.cmake
#       fails if the ELF's text (code and constants: what `size` calls text) exceeds BUDGET;
#       prints it with the REFERENCE's, and the largest symbols when over budget
#   cmake -DMODE=no_heap -DNM=<arm-none-eabi-nm> -DELF=<elf> -P firmware.cmake
#       fails if malloc, free, _sbrk, operator new or their kin are linked in; the link map beside
#       the ELF then says which object pulled them in
#   cmake -DMODE=build_host -DHOST_CXX=<c++> and the rest as build -P firmware.cmake
#       compiles SOURCE_DIR/<name>.cpp for the host into OUT/<name>.host
#   cmake -DMODE=run -DQEMU=<qemu-system-arm> -DELF=<elf> -DOUTPUT=<file> [-DEXPECT_EXIT=<status>]
#         [-DEXPECT_OUTPUT=<regex>] -P firmware.cmake
#       runs the ELF in QEMU (board mps2-an386), writes what it printed to OUTPUT; fails unless
#       it exits with EXPECT_EXIT (default 0) and its output matches EXPECT_OUTPUT
#   cmake -DMODE=compare -DQEMU=<qemu-system-arm> -DELF=<elf> and the rest as build_host
#       -P firmware.cmake
#       builds the host program, runs it and the ELF in QEMU, and compares what they print as
#       compare_output.cmake says (both are kept in OUT: <name>.qemu.txt, <name>.host.txt)
cmake_minimum_required(VERSION 3.16)

# The Cortex-M4F (ARMv7E-M with the single-precision FPU, hard-float calling convention) as a
# firmware author builds for it: newlib nano, no exceptions or RTTI, unused sections dropped. No
# float contraction, so that the FPU's fused multiply-add does not change the arithmetic the host
# build does. EIGEN_NO_MALLOC makes any heap allocation by Eigen an assertion failure (where
# asserts are on). Our own startup.cpp and mps2-an386.ld instead of newlib's crt0.
set(arm_flags -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16
    -std=c++17 -Os -fno-exceptions -fno-rtti -ffunction-sections -fdata-sections -ffp-contract=off
    -DEIGEN_NO_MALLOC
    --specs=nano.specs --specs=nosys.specs -nostartfiles -Wl,--gc-sections)
# The host build of the same program: the same float operations (no contraction; Eigen's SIMD
# paths off, as none exists for it on the M4), so only the C library's expf differs.
set(host_flags -std=c++17 -O2 -ffp-contract=off -DEIGEN_NO_MALLOC -DEIGEN_DONT_VECTORIZE)

# What a run may take at most, in seconds: the training firmware runs in well under one.
set(run_timeout 60)

function(require)
    foreach(var IN LISTS ARGN)
        if(NOT DEFINED ${var})
            message(FATAL_ERROR "firmware.cmake (MODE=${MODE}): -D${var}=... is required")
        endif()
    endforeach()
endfunction()

# compile(<output> <compiler> <flag>...): compiles, or fails the test showing the command and
# what the compiler said.
function(compile output)
    set(command ${ARGN} -o ${output})
    list(JOIN command " " shown)
    message(STATUS "${shown}")
    execute_process(COMMAND ${command} RESULT_VARIABLE rc OUTPUT_VARIABLE log ERROR_VARIABLE log)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "compiling ${output} failed (${rc}):\n${log}")
    endif()
    if(NOT log STREQUAL "")
        message(STATUS "${log}")
    endif()
endfunction()

# The -D flags and the flags common to both builds.
macro(program_flags)
    set(defines)
    foreach(name IN LISTS DEFINES)
        list(APPEND defines -D${name})
    endforeach()
    set(common ${WARNINGS} -Werror ${defines} -I${INCLUDE} -isystem ${EIGEN} ${EXTRA_FLAGS})
endmacro()

# text_size(<variable> <elf>): the text column of `size` (Berkeley format).
function(text_size variable elf)
    execute_process(COMMAND ${SIZE} ${elf} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
    if(NOT rc EQUAL 0 OR NOT out MATCHES "\n *([0-9]+)[ \t]+([0-9]+)[ \t]+([0-9]+)")
        message(FATAL_ERROR "${SIZE} ${elf} failed (${rc}):\n${out}")
    endif()
    set(${variable} ${CMAKE_MATCH_1} PARENT_SCOPE)
    set(${variable}_data ${CMAKE_MATCH_2} PARENT_SCOPE)
    set(${variable}_bss ${CMAKE_MATCH_3} PARENT_SCOPE)
endfunction()

# build_host(): OUT/<PROGRAM>.host, from the same source.
macro(build_host)
    program_flags()
    file(MAKE_DIRECTORY ${OUT})
    compile(${OUT}/${PROGRAM}.host ${HOST_CXX} ${host_flags} ${common} ${SOURCE_DIR}/${PROGRAM}.cpp ${EXTRA_SOURCES})
endmacro()

# run_qemu(<rc variable> <output variable>): runs ELF on QEMU's mps2-an386 board. The program's
# output (semihosting) comes on stdout through a chardev of its own, with no serial port, monitor
# or display; QEMU's own messages go to stderr, kept apart.
function(run_qemu rc_variable output_variable)
    set(qemu ${QEMU} -M mps2-an386 -display none -monitor none -serial none
        -chardev stdio,id=semihosting -semihosting-config enable=on,target=native,chardev=semihosting
        -kernel ${ELF})
    list(JOIN qemu " " shown)
    message(STATUS "${shown}")
    execute_process(COMMAND ${qemu} TIMEOUT ${run_timeout} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT err STREQUAL "")
        message(STATUS "QEMU said on stderr:\n${err}")
    endif()
    set(${rc_variable} "${rc}" PARENT_SCOPE)
    set(${output_variable} "${out}" PARENT_SCOPE)
endfunction()

# heap_chains(<variable>): for each allocating function in the link map beside ELF, the chain of
# archive members that pulled it in, up to the firmware's own code, from the map's section
# "Archive member included to satisfy reference by file (symbol)" (which gives, for each member,
# the first reference the linker met, so one reason of possibly several).
function(heap_chains variable)
    string(REGEX REPLACE "[.]elf$" ".map" map ${ELF})
    file(READ ${map} text)
    set(heading "Archive member included to satisfy reference by file (symbol)\n\n")
    string(FIND "${text}" "${heading}" start)
    if(start LESS 0)
        set(${variable} "(no archive members in ${map})" PARENT_SCOPE)
        return()
    endif()
    string(LENGTH "${heading}" length)
    math(EXPR start "${start} + ${length}")
    string(SUBSTRING "${text}" ${start} -1 text)
    string(FIND "${text}" "\n\n" end) # the blank line before the next section
    string(SUBSTRING "${text}" 0 ${end} text)
    # Brackets and semicolons would confuse CMake's lists.
    string(REPLACE "[" "<" text "${text}")
    string(REPLACE "]" ">" text "${text}")
    string(REPLACE ";" "," text "${text}")
    string(REGEX MATCHALL "[^\n]+" lines "${text}")
    set(members)   # an archive member
    set(referrers) # what needed it first
    set(needs)     # the symbol it needed
    set(member "")
    foreach(line IN LISTS lines)
        if(line MATCHES "^[^ ]+[.]a[(][^)]+[)]$")
            string(REGEX REPLACE "^.*/" "" member "${line}")
        elseif(line MATCHES "^ +([^ ]+) [(](.*)[)]$" AND NOT member STREQUAL "")
            set(symbol "${CMAKE_MATCH_2}")
            string(REGEX REPLACE "^.*/" "" referrer "${CMAKE_MATCH_1}")
            list(APPEND members "${member}")
            list(APPEND referrers "${referrer}")
            list(APPEND needs "${symbol}")
            set(member "")
        endif()
    endforeach()
    set(chains "")
    list(LENGTH members count)
    if(count EQUAL 0)
        set(${variable} "(none found in ${map})" PARENT_SCOPE)
        return()
    endif()
    math(EXPR last "${count} - 1")
    foreach(i RANGE ${last})
        list(GET needs ${i} symbol)
        if(NOT symbol MATCHES "^(malloc|calloc|realloc|_malloc_r|_calloc_r|_realloc_r|_sbrk|operator new(<>)?[(]unsigned int[)])$")
            continue()
        endif()
        list(GET members ${i} member)
        set(chain "  ${symbol} (${member})")
        set(j ${i})
        foreach(depth RANGE 20)
            list(GET referrers ${j} referrer)
            list(GET needs ${j} symbol)
            list(FIND members "${referrer}" j)
            if(j LESS 0) # not an archive member: the firmware's own code
                string(APPEND chain "\n    <- the firmware's code (${symbol})")
                break()
            endif()
            string(APPEND chain "\n    <- ${referrer} (${symbol})")
        endforeach()
        string(APPEND chains "${chain}\n")
    endforeach()
    string(REPLACE "new<>" "new[]" chains "${chains}")
    set(${variable} "${chains}" PARENT_SCOPE)
endfunction()

if(MODE STREQUAL "build")
    require(ARM_CXX SOURCE_DIR INCLUDE EIGEN OUT PROGRAM)
    program_flags()
    file(MAKE_DIRECTORY ${OUT})
    if(NOT DEFINED NAME)
        set(NAME ${PROGRAM})
    endif()
    compile(${OUT}/${NAME}.elf ${ARM_CXX} ${arm_flags} ${common}
        -T ${SOURCE_DIR}/mps2-an386.ld -Wl,-Map=${OUT}/${NAME}.map
        ${SOURCE_DIR}/${PROGRAM}.cpp ${SOURCE_DIR}/startup.cpp ${EXTRA_SOURCES})

elseif(MODE STREQUAL "size")
    require(SIZE NM ELF BUDGET)
    get_filename_component(name ${ELF} NAME)
    text_size(text ${ELF})
    set(report "${name}: text ${text} bytes, budget ${BUDGET} (data ${text_data}, bss ${text_bss})")
    if(DEFINED REFERENCE)
        get_filename_component(reference_name ${REFERENCE} NAME)
        text_size(reference ${REFERENCE})
        string(APPEND report "; ${reference_name}: text ${reference} bytes")
    endif()
    if(text GREATER BUDGET)
        # The largest symbols of code and constants, in decimal bytes, to show where the flash
        # goes (aliases of one address listed once).
        execute_process(COMMAND ${NM} --size-sort --reverse-sort -S -C ${ELF} OUTPUT_VARIABLE symbols)
        string(REGEX MATCHALL "[^\n]+" symbols "${symbols}")
        set(shown 0)
        set(seen)
        set(largest "")
        foreach(line IN LISTS symbols)
            if(NOT line MATCHES "^([0-9a-f]+) ([0-9a-f]+) ([TtWwRr]) (.*)$" OR CMAKE_MATCH_1 IN_LIST seen)
                continue()
            endif()
            list(APPEND seen ${CMAKE_MATCH_1})
            math(EXPR bytes "0x${CMAKE_MATCH_2}")
            string(APPEND largest "  ${bytes}\t${CMAKE_MATCH_3} ${CMAKE_MATCH_4}\n")
            math(EXPR shown "${shown} + 1")
            if(shown EQUAL 20)
                break()
            endif()
        endforeach()
        message(STATUS "${name}: its 20 largest symbols (bytes, nm's kind, name):\n${largest}")
        math(EXPR over "${text} - ${BUDGET}")
        message(FATAL_ERROR "${report}: over budget by ${over} bytes")
    endif()
    message(STATUS "${report}")

elseif(MODE STREQUAL "no_heap")
    require(NM ELF)
    execute_process(COMMAND ${NM} ${ELF} RESULT_VARIABLE rc OUTPUT_VARIABLE symbols ERROR_VARIABLE symbols)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "${NM} ${ELF} failed (${rc}):\n${symbols}")
    endif()
    # newlib's allocator and its reentrant forms, the break it grows, and operator new (size_t is
    # unsigned int here: _Znwj, _Znaj).
    string(REGEX MATCHALL "[^\n]+" symbols "${symbols}")
    set(found "")
    foreach(line IN LISTS symbols)
        if(line MATCHES " [TtWw] ((_?_?(malloc|free|calloc|realloc|memalign|_malloc_r|_free_r|_calloc_r|_realloc_r|_sbrk|_sbrk_r))|_Zn[wa]j[A-Za-z0-9_]*)$")
            string(APPEND found " ${CMAKE_MATCH_1}")
        endif()
    endforeach()
    if(found)
        heap_chains(chains)
        message(FATAL_ERROR "${ELF} links the heap:${found}\nWhat pulled them in (the link map, "
            "under \"Archive member included to satisfy reference by file (symbol)\"):\n${chains}")
    endif()
    message(STATUS "${ELF}: no malloc, free, _sbrk or operator new linked")

elseif(MODE STREQUAL "build_host")
    require(HOST_CXX SOURCE_DIR INCLUDE EIGEN OUT PROGRAM)
    build_host()

elseif(MODE STREQUAL "run")
    require(QEMU ELF OUTPUT)
    run_qemu(rc out)
    file(WRITE ${OUTPUT} "${out}")
    if(NOT DEFINED EXPECT_EXIT)
        set(EXPECT_EXIT 0)
    endif()
    if(NOT rc STREQUAL EXPECT_EXIT)
        message(FATAL_ERROR "QEMU exited with ${rc}, expected ${EXPECT_EXIT}; the firmware printed:\n${out}")
    endif()
    if(DEFINED EXPECT_OUTPUT AND NOT out MATCHES "${EXPECT_OUTPUT}")
        message(FATAL_ERROR "expected the firmware's output to match '${EXPECT_OUTPUT}'; it printed:\n${out}")
    endif()
    message(STATUS "QEMU exited with ${rc}; the firmware printed:\n${out}")

elseif(MODE STREQUAL "compare")
    require(QEMU ELF HOST_CXX SOURCE_DIR INCLUDE EIGEN OUT PROGRAM)
    build_host()
    run_qemu(qemu_rc qemu_out)
    file(WRITE ${OUT}/${PROGRAM}.qemu.txt "${qemu_out}")
    message(STATUS "${OUT}/${PROGRAM}.host")
    execute_process(COMMAND ${OUT}/${PROGRAM}.host TIMEOUT ${run_timeout}
        RESULT_VARIABLE host_rc OUTPUT_VARIABLE host_out ERROR_VARIABLE host_out)
    file(WRITE ${OUT}/${PROGRAM}.host.txt "${host_out}")
    if(NOT qemu_rc STREQUAL "0" OR NOT host_rc STREQUAL "0")
        message(FATAL_ERROR "expected both runs to exit 0; QEMU: ${qemu_rc}, host: ${host_rc}\n"
            "The firmware printed:\n${qemu_out}\nThe host build printed:\n${host_out}")
    endif()
    include(${SOURCE_DIR}/compare_output.cmake)
    compare_output("${qemu_out}" "${host_out}")

else()
    message(FATAL_ERROR "firmware.cmake: MODE is '${MODE}', expected build, size, no_heap, build_host, run or compare")
endif()
