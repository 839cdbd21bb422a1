# Runs the tinyneuron command once and checks how it ended: its exit status, its standard error
# exactly, its standard output against regular expressions, and that a file it was asked to
# write exists, or, after a refusal, does not (nothing is written on bad input).
# Usage: cmake -DEXE=<tinyneuron> "-DARGS=<arg>;..." [-DREFUSE=<exact message on stderr>]
#              ["-DEXPECT=<regex>;..."] [-DWRITES=<file>] -P check_cli.cmake
# With REFUSE the command must exit non-zero, print exactly "tinyneuron: <message>\n" or CLI11's
# "<message>\nRun with --help for more information.\n" on stderr, nothing on stdout, and leave
# WRITES absent. Without, it must exit 0 and write WRITES if given.
if(DEFINED WRITES)
    file(REMOVE ${WRITES} ${WRITES}.partial)
endif()
execute_process(COMMAND ${EXE} ${ARGS} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(DEFINED REFUSE)
    if(rc EQUAL 0)
        message(FATAL_ERROR "accepted, expected the refusal '${REFUSE}'; stdout:\n${out}")
    endif()
    if(NOT err STREQUAL "tinyneuron: ${REFUSE}\n" AND NOT err STREQUAL "${REFUSE}\nRun with --help for more information.\n")
        message(FATAL_ERROR "stderr is\n${err}\nexpected\ntinyneuron: ${REFUSE}")
    endif()
    if(NOT out STREQUAL "")
        message(FATAL_ERROR "a refusal printed on stdout:\n${out}")
    endif()
    if(DEFINED WRITES)
        if(EXISTS "${WRITES}" OR EXISTS "${WRITES}.partial")
            message(FATAL_ERROR "a refusal wrote ${WRITES}")
        endif()
    endif()
    return()
endif()
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "exit ${rc}; stderr:\n${err}")
endif()
foreach(regex IN LISTS EXPECT)
    if(NOT out MATCHES "${regex}")
        message(FATAL_ERROR "stdout does not match '${regex}':\n${out}")
    endif()
endforeach()
if(DEFINED WRITES)
    if(NOT EXISTS "${WRITES}")
        message(FATAL_ERROR "${WRITES} was not written")
    endif()
endif()
