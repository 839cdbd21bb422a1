# Runs eight_points for ctest and checks what it did (cmake -P, so the check itself can fail).
#   -DEXE=<eight_points> -DOUT=<dir> -DMODE=curve    a default --no-plots run into OUT: exit 0,
#        and error_curve.csv holds the header "iteration,error" and 10 finite rows whose last
#        error is below the first
#   -DEXE=<eight_points> -DOUT=<dir> -DMODE=refuse -DARGS=<flag;value> -DEXPECT=<regex>
#        the flags are refused: a non-zero exit, EXPECT in the output, nothing written to OUT
cmake_minimum_required(VERSION 3.16)

foreach(var EXE OUT MODE)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "check_eight_points.cmake: -D${var}=... is required")
    endif()
endforeach()
file(REMOVE_RECURSE ${OUT})

if(MODE STREQUAL "refuse")
    execute_process(COMMAND ${EXE} ${ARGS} --no-plots --out ${OUT}
        RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE output)
    if(status EQUAL 0)
        message(FATAL_ERROR "eight_points ${ARGS} exited with 0, expected a refusal:\n${output}")
    endif()
    if(NOT output MATCHES "${EXPECT}")
        message(FATAL_ERROR "eight_points ${ARGS} said\n${output}\nexpected to match: ${EXPECT}")
    endif()
    if(EXISTS ${OUT})
        message(FATAL_ERROR "eight_points ${ARGS} was refused but still created ${OUT}")
    endif()
    message(STATUS "refused as expected (exit ${status}): ${output}")
    return()
elseif(NOT MODE STREQUAL "curve")
    message(FATAL_ERROR "check_eight_points.cmake: MODE is '${MODE}', expected curve or refuse")
endif()

execute_process(COMMAND ${EXE} --no-plots --out ${OUT} RESULT_VARIABLE status
    OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "eight_points --no-plots exited with ${status}:\n${output}")
endif()
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
