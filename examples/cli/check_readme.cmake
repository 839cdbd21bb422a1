# Keeps README.md's sessions of the tinyneuron command true: each ```console block there that
# runs ./build/examples/tinyneuron is run again, command by command, in a scratch directory
# holding copies of the files it names under tests/data, and each command's standard output must
# be the lines the README shows after it.
# Usage: cmake -DEXE=<tinyneuron> -DREADME=<README.md> -DSOURCE=<repository> -DWORK=<dir> -P check_readme.cmake
file(READ ${README} readme)
# Semicolons would split CMake's lists of blocks and sessions: they are compared as a word.
string(REPLACE ";" "<semicolon>" readme "${readme}")
file(REMOVE_RECURSE ${WORK})
file(COPY ${SOURCE}/tests/data DESTINATION ${WORK}/tests)
set(commands 0)
string(REGEX MATCHALL "```console\n[^`]*```" blocks "${readme}")
foreach(block IN LISTS blocks)
    if(NOT block MATCHES "\\$ [.]/build/examples/tinyneuron ")
        continue()
    endif()
    string(REGEX REPLACE "^```console\n(.*)```$" "\\1" body "${block}")
    # Each "$ " line and the output lines after it.
    string(REGEX MATCHALL "\\$ [^\n]*\n[^$]*" sessions "${body}")
    foreach(session IN LISTS sessions)
        string(REGEX MATCH "^\\$ ([^\n]*)\n(.*)$" _ "${session}")
        set(line "${CMAKE_MATCH_1}")
        set(expected "${CMAKE_MATCH_2}")
        string(REPLACE "./build/examples/tinyneuron " "" arguments "${line}")
        string(REPLACE "<semicolon>" ";" arguments "${arguments}")
        separate_arguments(arguments UNIX_COMMAND "${arguments}")
        execute_process(COMMAND ${EXE} ${arguments} WORKING_DIRECTORY ${WORK}
            OUTPUT_VARIABLE output RESULT_VARIABLE rc)
        if(NOT rc EQUAL 0)
            message(FATAL_ERROR "'${line}' exited with ${rc}")
        endif()
        string(REPLACE ";" "<semicolon>" output "${output}")
        if(NOT output STREQUAL expected)
            message(FATAL_ERROR "README.md shows for '${line}':\n${expected}\nthe command prints:\n${output}")
        endif()
        math(EXPR commands "${commands} + 1")
    endforeach()
endforeach()
if(commands EQUAL 0)
    message(FATAL_ERROR "README.md shows no ```console block running ./build/examples/tinyneuron")
endif()
message(STATUS "${commands} commands of README.md print what it shows")
