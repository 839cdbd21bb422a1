# Compiles one program with the compiler alone, as Makefile and plain-compiler users do, then
# runs it and checks how it ended.
# Usage: cmake -DCXX=<compiler> -DSOURCE=<main.cpp> -DOUT=<work dir> [-DFLAGS=<flag;...>]
#              [-DPKG_CONFIG=<pkg-config> -DPKG_CONFIG_PATH=<dir>]  adds `pkg-config --cflags tinyneuron`
#              [-DCOPY_HEADER=<neuron.hpp>]  copies that one file to <work dir>/include/tinyneuron
#              [-DEXPECT_COMPILE_ERROR=<regex>]  the compiler must fail with exactly one error,
#                                                matching <regex>; nothing is run then
#              [-DEXPECT_EXIT=0|abort|<code>] [-DEXPECT_OUTPUT=<regex>]  how the run must end
#              -P compile_and_run.cmake
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT})

if(DEFINED PKG_CONFIG)
    set(ENV{PKG_CONFIG_PATH} ${PKG_CONFIG_PATH})
    execute_process(COMMAND ${PKG_CONFIG} --cflags tinyneuron
        OUTPUT_VARIABLE cflags ERROR_VARIABLE cflags RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "pkg-config --cflags tinyneuron failed with PKG_CONFIG_PATH=${PKG_CONFIG_PATH}:\n${cflags}")
    endif()
    message(STATUS "pkg-config --cflags tinyneuron: ${cflags}")
    separate_arguments(cflags UNIX_COMMAND "${cflags}")
    list(APPEND FLAGS ${cflags})
endif()
if(DEFINED COPY_HEADER)
    file(COPY ${COPY_HEADER} DESTINATION ${OUT}/include/tinyneuron)
    list(APPEND FLAGS -I${OUT}/include)
endif()

if(DEFINED EXPECT_COMPILE_ERROR)
    set(command ${CXX} ${FLAGS} -fsyntax-only ${SOURCE})
else()
    set(command ${CXX} ${FLAGS} ${SOURCE} -o ${OUT}/program)
endif()
list(JOIN command " " shown)
message(STATUS "${shown}")
execute_process(COMMAND ${command} OUTPUT_VARIABLE output ERROR_VARIABLE output RESULT_VARIABLE rc)

if(DEFINED EXPECT_COMPILE_ERROR)
    string(REGEX MATCHALL "error: " errors "${output}")
    list(LENGTH errors error_count)
    if(rc EQUAL 0 OR NOT error_count EQUAL 1 OR NOT output MATCHES "${EXPECT_COMPILE_ERROR}")
        message(FATAL_ERROR "expected the compiler to stop with one error matching "
            "'${EXPECT_COMPILE_ERROR}'; it exited with ${rc} after ${error_count} errors:\n${output}")
    endif()
    message(STATUS "refused as expected:\n${output}")
    return()
endif()
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "compiling failed (${rc}):\n${output}")
endif()

execute_process(COMMAND ${OUT}/program OUTPUT_VARIABLE output ERROR_VARIABLE output RESULT_VARIABLE rc)
message(STATUS "the program ended with '${rc}' and printed:\n${output}")
if(NOT DEFINED EXPECT_EXIT)
    set(EXPECT_EXIT 0)
endif()
if(EXPECT_EXIT STREQUAL "abort")
    # A signal: CMake reports it as text (e.g. "Child aborted"), never as 0.
    if(rc STREQUAL "0" OR rc MATCHES "^[0-9]+$")
        message(FATAL_ERROR "expected the program to abort, it exited with ${rc}")
    endif()
elseif(NOT rc STREQUAL EXPECT_EXIT)
    message(FATAL_ERROR "expected exit code ${EXPECT_EXIT}, got ${rc}")
endif()
if(DEFINED EXPECT_OUTPUT AND NOT output MATCHES "${EXPECT_OUTPUT}")
    message(FATAL_ERROR "expected the output to match '${EXPECT_OUTPUT}'")
endif()
