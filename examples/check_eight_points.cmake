# Runs eight_points for ctest and checks what it did (cmake -P, so the check itself can fail).
#   -DEXE=<eight_points> -DOUT=<dir> -DMODE=curve    a default --no-plots run into OUT: exit 0,
#        and error_curve.csv holds the header "iteration,error" and 10 rows: iterations 0, 100,
#        ..., 900 and finite errors, the last below the first
#   -DEXE=<eight_points> -DOUT=<dir> -DMODE=same [-DARGS=<flags>]
#        two --no-plots runs with the same flags into OUT/first and OUT/second write the same
#        files, byte for byte (the four CSVs at least); a third run with --seed 1 writes another
#        error_curve.csv, so the comparison is not comparing constants
#   -DEXE=<eight_points> -DOUT=<dir> -DMODE=refuse -DARGS=<flag;value> -DEXPECT=<regex>
#        [-DCSV=<line;line;...>]
#        the flags are refused: a non-zero exit, EXPECT in the output, nothing written to OUT.
#        With CSV, its lines are first written to OUT.input.csv and passed as --data.
cmake_minimum_required(VERSION 3.16)

foreach(var EXE OUT MODE)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "check_eight_points.cmake: -D${var}=... is required")
    endif()
endforeach()
file(REMOVE_RECURSE ${OUT})

if(MODE STREQUAL "refuse")
    set(args ${ARGS})
    if(DEFINED CSV)
        set(input ${OUT}.input.csv)
        string(REPLACE ";" "\n" text "${CSV}")
        file(WRITE ${input} "${text}\n")
        list(APPEND args --data ${input})
    endif()
    execute_process(COMMAND ${EXE} ${args} --no-plots --out ${OUT}
        RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE output)
    if(status EQUAL 0)
        message(FATAL_ERROR "eight_points ${args} exited with 0, expected a refusal:\n${output}")
    endif()
    if(NOT output MATCHES "${EXPECT}")
        message(FATAL_ERROR "eight_points ${args} said\n${output}\nexpected to match: ${EXPECT}")
    endif()
    if(EXISTS ${OUT})
        message(FATAL_ERROR "eight_points ${args} was refused but still created ${OUT}")
    endif()
    message(STATUS "refused as expected (exit ${status}): ${output}")
    return()
endif()

# Runs eight_points --no-plots with `extra` flags into `dir`; fails the test unless it exits 0.
function(run_demo dir)
    execute_process(COMMAND ${EXE} ${ARGN} --no-plots --out ${dir} RESULT_VARIABLE status
        OUTPUT_VARIABLE output ERROR_VARIABLE output)
    if(NOT status EQUAL 0)
        message(FATAL_ERROR "eight_points ${ARGN} --no-plots exited with ${status}:\n${output}")
    endif()
endfunction()

if(MODE STREQUAL "same")
    run_demo(${OUT}/first ${ARGS})
    run_demo(${OUT}/second ${ARGS})
    file(GLOB first RELATIVE ${OUT}/first ${OUT}/first/*)
    file(GLOB second RELATIVE ${OUT}/second ${OUT}/second/*)
    list(SORT first)
    list(SORT second)
    if(NOT first STREQUAL second)
        message(FATAL_ERROR "two runs wrote different files:\n  ${first}\n  ${second}")
    endif()
    foreach(name error_curve learning_rate_comparison error_spread inputs_and_weights)
        if(NOT "${name}.csv" IN_LIST first)
            message(FATAL_ERROR "eight_points did not write ${name}.csv into ${OUT}/first")
        endif()
    endforeach()
    foreach(name ${first})
        execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT}/first/${name}
            ${OUT}/second/${name} RESULT_VARIABLE differ)
        if(NOT differ EQUAL 0)
            message(FATAL_ERROR "${name} differs between two runs with the same seed: "
                "${OUT}/first/${name} and ${OUT}/second/${name}")
        endif()
    endforeach()
    run_demo(${OUT}/other ${ARGS} --seed 1)
    execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT}/first/error_curve.csv
        ${OUT}/other/error_curve.csv RESULT_VARIABLE differ)
    if(differ EQUAL 0)
        message(FATAL_ERROR "--seed 1 wrote the same error_curve.csv as the first run")
    endif()
    message(STATUS "two runs wrote the same ${first}; another seed wrote another curve")
    return()
elseif(NOT MODE STREQUAL "curve")
    message(FATAL_ERROR "check_eight_points.cmake: MODE is '${MODE}', expected curve, same or refuse")
endif()

run_demo(${OUT})
set(csv ${OUT}/error_curve.csv)
if(NOT EXISTS ${csv})
    message(FATAL_ERROR "eight_points did not write ${csv}")
endif()

file(STRINGS ${csv} lines)
list(LENGTH lines count)
list(GET lines 0 header)
if(NOT header STREQUAL "iteration,error")
    message(FATAL_ERROR "${csv}: header is '${header}', expected 'iteration,error'")
endif()
math(EXPR rows "${count} - 1")
if(NOT rows EQUAL 10)
    message(FATAL_ERROR "${csv}: ${rows} data rows, expected 10")
endif()

# A finite decimal number: CMake has no floating point, so check the form, then compare as
# numbers with if(LESS), which CMake evaluates as doubles.
set(number "^-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?$")
set(errors)
foreach(i RANGE 1 ${rows})
    list(GET lines ${i} line)
    string(REPLACE "," ";" fields "${line}")
    list(LENGTH fields width)
    if(NOT width EQUAL 2)
        message(FATAL_ERROR "${csv}:${i}: '${line}' has ${width} fields, expected 2")
    endif()
    list(GET fields 0 iteration)
    math(EXPR expected "(${i} - 1) * 100")
    if(NOT iteration STREQUAL "${expected}")
        message(FATAL_ERROR "${csv}:${i}: iteration '${iteration}', expected ${expected}")
    endif()
    list(GET fields 1 error)
    if(NOT error MATCHES "${number}")
        message(FATAL_ERROR "${csv}:${i}: error '${error}' is not a finite number")
    endif()
    list(APPEND errors ${error})
endforeach()
list(GET errors 0 first)
list(GET errors -1 last)
if(NOT last LESS first)
    message(FATAL_ERROR "${csv}: the last error ${last} is not below the first ${first}")
endif()
message(STATUS "${csv}: 10 finite errors, ${first} -> ${last}")
