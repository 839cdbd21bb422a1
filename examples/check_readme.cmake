# Keeps README.md and an example (quickstart.cpp, fit.cpp) in step: the README shows the program
# (from its first #include on) and exactly what it prints.
# Usage: cmake -DEXE=<program> -DSOURCE=<program.cpp> -DREADME=<README.md> -P check_readme.cmake
file(READ ${README} readme)
file(READ ${SOURCE} source)
string(FIND "${source}" "#include" start)
string(SUBSTRING "${source}" ${start} -1 program)
string(FIND "${readme}" "```cpp\n${program}```" at)
if(at EQUAL -1)
    message(FATAL_ERROR "README.md does not show ${SOURCE} as it is now (from its #include on)")
endif()
execute_process(COMMAND ${EXE} OUTPUT_VARIABLE output RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${EXE} exited with ${rc}")
endif()
string(FIND "${readme}" "```\n${output}```" at)
if(at EQUAL -1)
    message(FATAL_ERROR "README.md does not show what ${EXE} prints now:\n${output}")
endif()
