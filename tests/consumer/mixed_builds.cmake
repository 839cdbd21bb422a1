# Compiles SOURCE twice at -O0, with exceptions and with -fno-exceptions, links the two objects in
# both orders, and checks that each program refuses a call the way each object was built to: the
# object with exceptions throws (the program exits with 0), the one without aborts (issue 26).
# Usage: cmake -DCXX=<compiler> -DSOURCE=<mixed_builds.cpp> -DOUT=<work dir> [-DFLAGS=<flag;...>]
#              -P mixed_builds.cmake
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT})

# run(<what> <expected: 0 or abort> <command>...): runs the command and checks how it ended.
function(run what expected)
    execute_process(COMMAND ${ARGN} OUTPUT_VARIABLE output ERROR_VARIABLE output RESULT_VARIABLE rc)
    message(STATUS "${what}: ended with '${rc}', printed:\n${output}")
    # An abort is a signal, which CMake reports as text (e.g. "Child aborted"), never a number.
    if(expected STREQUAL "abort" AND (rc STREQUAL "0" OR rc MATCHES "^[0-9]+$"))
        message(FATAL_ERROR "${what}: expected an abort, got exit code ${rc}")
    elseif(NOT expected STREQUAL "abort" AND NOT rc STREQUAL expected)
        message(FATAL_ERROR "${what}: expected exit code ${expected}, got '${rc}'")
    endif()
    set(output "${output}" PARENT_SCOPE)
endfunction()

run("compiling with exceptions" 0 ${CXX} ${FLAGS} -O0 -c ${SOURCE} -o ${OUT}/throwing.o)
run("compiling without exceptions" 0 ${CXX} ${FLAGS} -O0 -fno-exceptions -c ${SOURCE} -o ${OUT}/aborting.o)
foreach(first IN ITEMS aborting throwing)
    if(first STREQUAL "aborting")
        set(objects ${OUT}/aborting.o ${OUT}/throwing.o)
    else()
        set(objects ${OUT}/throwing.o ${OUT}/aborting.o)
    endif()
    set(program ${OUT}/${first}_first)
    run("linking ${first}.o first" 0 ${CXX} ${FLAGS} ${objects} -o ${program})
    run("${first}.o first, the object with exceptions refusing" 0 ${program})
    if(NOT output MATCHES "with exceptions threw: tinyneuron::Neuron::predict: input has 3 values, expected 2")
        message(FATAL_ERROR "${first}.o first: the object with exceptions did not throw its message")
    endif()
    run("${first}.o first, the object without exceptions refusing" abort ${program} refuse)
    if(NOT output MATCHES "^tinyneuron::Neuron::predict: input has 3 values, expected 2\n$")
        message(FATAL_ERROR "${first}.o first: the object without exceptions did not write its message alone")
    endif()
endforeach()
