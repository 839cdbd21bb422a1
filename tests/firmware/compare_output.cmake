# compare_output(<QEMU's output> <the host's output>), for firmware.cmake's MODE=compare: the
# firmware and the same program built for the host must print the same lines, with the same
# words and numbers, where the arithmetic is the same. A float prints as its bits (0x and 8
# hexadecimal digits) then 7 decimals (print.hpp); on the lines listed in `tolerant` below, a
# float may differ by up to `tolerance` ulps (its decimals are then not compared, being its bits
# again), and every other word must still be equal; every other line must be equal byte for byte.
#
# Why a tolerance, and which: the two builds do the same float operations in the same order
# (-ffp-contract=off, no SIMD), so every value computed without libm is bit-identical: the
# starting parameters, the 1000 row indices uniform_index draws from the engine (printed 100 to a
# line) and the engine's state before and after training are demanded byte for byte. Every other
# value passes through std::exp on a float, which is newlib's expf on the firmware (the old
# fdlibm one, lib_a-wf_exp.o and lib_a-ef_exp.o in the link map: float arithmetic, error below
# 1 ulp) and glibc's on the host (below 0.502 ulp). Measured by measure_expf.py (1000 steps of
# one row, a record every 100 steps, learning rate 0.01, the tutorial's 8 points from w = (1.45,
# -0.66), b = 0; Debian 12's arm-none-eabi-gcc 12.2 and newlib 3.3.0, glibc 2.36, QEMU 7.2):
# - train meets 1088 expf arguments (a step's slope, 8 rows per record, 8 predictions); on 117 of
#   them (10.8 %) the two libms differ, always by 1 ulp, and glibc's is always the nearer to e^x.
#   Counting calls from 0, the first result differs at call 4, the first argument at call 101.
# - Effect, in ulps of the value printed: the 10 records are bit-identical; the trained w0, w1, b
#   differ by 6, 3 and 2 ulps; the 8 predictions by 1 to 11.
# - A bound: the host build with every expf result moved 1 ulp (all 1088 of them, not 10.8 %, and
#   all the same way, where newlib's differences go both ways) moves the records by at most 9
#   ulps, the parameters by at most 60 and the predictions by at most 74 (alternately up and
#   down: 1, 18 and 21). A 1-ulp change of e = exp(-|z|) changes σ = 1/(1 + e) by about an ulp, so
#   a step's change r·slope·x by about 10^-9 here, below half an ulp of the weights most of the
#   time; what survives the rounding is not amplified much over 1000 steps this small.
# - So on train's record, trained and predict lines a float may differ by 128 ulps: above that
#   bound, and at most 1.5e-5 of the value (every value compared is above 0.1 in magnitude, so ulps
#   are a fair scale). A real difference is far larger: one other row drawn at the last step
#   moves a weight by r·slope·x, 10^-3 to 10^-2 here, 10^4 ulps and more.
# - predict's lines: one expf per prediction, σ = 1/(1 + e) with e ≤ 1: a 1-ulp change of e
#   changes 1 + e by at most 1 ulp, σ by at most 2 ulps (measured: none on its 4 inputs). 2 ulps.
function(compare_output qemu_output host_output)
    if(PROGRAM STREQUAL "train")
        set(tolerant record trained predict)
        set(tolerance 128)
    elseif(PROGRAM STREQUAL "predict")
        set(tolerant predict)
        set(tolerance 2)
    else()
        message(FATAL_ERROR "compare_output.cmake: no tolerance set for the program '${PROGRAM}'")
    endif()

    string(REGEX MATCHALL "[^\n]+" qemu_lines "${qemu_output}")
    string(REGEX MATCHALL "[^\n]+" host_lines "${host_output}")
    list(LENGTH qemu_lines count)
    list(LENGTH host_lines host_count)
    set(both "The firmware printed:\n${qemu_output}\nThe host build printed:\n${host_output}")
    if(count EQUAL 0 OR NOT count EQUAL host_count)
        message(FATAL_ERROR "the firmware printed ${count} lines, the host build ${host_count}.\n${both}")
    endif()

    set(exact_lines 0)
    set(identical_floats 0)
    set(floats 0)
    set(largest 0)
    set(largest_line "")
    math(EXPR last "${count} - 1")
    foreach(i RANGE ${last})
        list(GET qemu_lines ${i} a)
        list(GET host_lines ${i} b)
        string(REGEX MATCH "^[a-z]+" label "${a}")
        if(a STREQUAL b)
            math(EXPR exact_lines "${exact_lines} + 1")
        endif()
        if(NOT label IN_LIST tolerant)
            if(NOT a STREQUAL b)
                message(FATAL_ERROR "line ${i} must be the same on both, and is not:\n  firmware: ${a}\n  host:     ${b}\n${both}")
            endif()
            continue()
        endif()
        string(REPLACE " " ";" a_words "${a}")
        string(REPLACE " " ";" b_words "${b}")
        list(LENGTH a_words words)
        list(LENGTH b_words b_count)
        if(NOT words EQUAL b_count)
            message(FATAL_ERROR "line ${i} has ${words} words on the firmware, ${b_count} on the host:\n  firmware: ${a}\n  host:     ${b}")
        endif()
        set(skip OFF)
        math(EXPR last_word "${words} - 1")
        foreach(w RANGE ${last_word})
            list(GET a_words ${w} x)
            list(GET b_words ${w} y)
            if(skip) # the decimals of a float just compared by its bits
                set(skip OFF)
            elseif(x MATCHES "^0x[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]$"
                    AND y MATCHES "^0x[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]$")
                set(skip ON)
                # The floats' places on the number line, one apart for neighbours: the bits as an
                # integer, negated without the sign bit for negative values.
                foreach(v x y)
                    math(EXPR ${v}_place "${${v}}")
                    if(${v}_place GREATER_EQUAL 2147483648)
                        math(EXPR ${v}_place "2147483648 - ${${v}_place}")
                    endif()
                endforeach()
                math(EXPR ulps "${x_place} - ${y_place}")
                if(ulps LESS 0)
                    math(EXPR ulps "-${ulps}")
                endif()
                math(EXPR floats "${floats} + 1")
                if(ulps EQUAL 0)
                    math(EXPR identical_floats "${identical_floats} + 1")
                endif()
                if(ulps GREATER largest)
                    set(largest ${ulps})
                    set(largest_line "\n  firmware: ${a}\n  host:     ${b}")
                endif()
                if(ulps GREATER tolerance)
                    message(FATAL_ERROR "line ${i}: ${x} and ${y} are ${ulps} ulps apart, more than the ${tolerance} "
                        "allowed (compare_output.cmake says why):\n  firmware: ${a}\n  host:     ${b}\n${both}")
                endif()
            elseif(NOT x STREQUAL y)
                message(FATAL_ERROR "line ${i}: '${x}' on the firmware, '${y}' on the host:\n  firmware: ${a}\n  host:     ${b}\n${both}")
            endif()
        endforeach()
    endforeach()
    list(JOIN tolerant ", " tolerant)
    message(STATUS "${PROGRAM}: the firmware in QEMU and the host build agree: ${exact_lines} of ${count} lines "
        "byte for byte; on the lines through expf (${tolerant}) ${identical_floats} of ${floats} floats "
        "bit-identical, the others at most ${largest} ulps apart (allowed: ${tolerance})${largest_line}")
endfunction()
