# Compiles SOURCE with -fsyntax-only using COMPILER (and FLAGS, a command-line string) against
# INCLUDES (a |-separated list). With EXPECT empty the compile must succeed; otherwise it must
# fail, and the first line that reports an error must contain EXPECT: the library's own
# static_assert message comes first, not a page of errors from inside Eigen.
separate_arguments(flags UNIX_COMMAND "${FLAGS}")
string(REPLACE "|" ";" includes "${INCLUDES}")
set(include_flags)
foreach(dir IN LISTS includes)
    list(APPEND include_flags -isystem "${dir}")
endforeach()
# -std=c++17 first, so a standard in FLAGS (C++20 builds) wins.
execute_process(
    COMMAND "${COMPILER}" -std=c++17 ${flags} -fsyntax-only -fdiagnostics-color=never
            -I "${LIBRARY_INCLUDE}" ${include_flags} "${SOURCE}"
    RESULT_VARIABLE result
    OUTPUT_VARIABLE output
    ERROR_VARIABLE output)
if(EXPECT STREQUAL "")
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "${SOURCE} should compile with ${COMPILER}, but:\n${output}")
    endif()
    return()
endif()
if(result EQUAL 0)
    message(FATAL_ERROR "${SOURCE} compiled with ${COMPILER}; it must not")
endif()
string(REPLACE ";" "," output_text "${output}") # semicolons would split the list of lines
string(REPLACE "\n" ";" lines "${output_text}")
foreach(line IN LISTS lines)
    if(line MATCHES "(^|[ :])error:")
        string(FIND "${line}" "${EXPECT}" at)
        if(at EQUAL -1)
            message(FATAL_ERROR "the first error of ${COMPILER} on ${SOURCE} is not the "
                                "library's message '${EXPECT}':\n${line}\n\nfull output:\n${output}")
        endif()
        message(STATUS "first error, as expected: ${line}")
        return()
    endif()
endforeach()
message(FATAL_ERROR "${COMPILER} failed on ${SOURCE} without an error line:\n${output}")
