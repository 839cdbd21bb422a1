# Runs eight_points for ctest and checks what it did (cmake -P, so the check itself can fail).
# Every mode takes -DEXE=<eight_points> -DOUT=<dir> -DMODE=<mode>, and optionally
# -DARGS=<flag;value;...> and -DCSV=<line;line;...> (its lines are written to OUT.input.csv and
# passed as --data). The modes:
#   curve   a --no-plots run exits 0; error_curve.csv holds "iteration,error", the records at
#           0, 100, ..., 900, then the error after the last iteration at 1000, all finite, the
#           last below the first and not a copy of the last record; the output names both
#   same    two --no-plots runs write the same files, byte for byte (the six CSVs at least);
#           a third run with --seed 1 writes another error_curve.csv
#   refuse  refused before any work: a non-zero exit, each regex of EXPECT in the output, no
#           training started, nothing written to OUT. With -DOUT_UNDER_FILE=1, --out names a
#           directory below a regular file
#   fails   stopped after training started: a non-zero exit, EXPECT matched, nothing in OUT
#   says    a --no-plots run exits 0 and its output matches each regex of EXPECT; with
#           -DFILE=<name in OUT>, that file matches each regex of FILE_EXPECT and none of
#           FILE_REJECT
#   quiet   a run with pictures (gnuplot must be on PATH) exits 0, writes nothing to stderr
#           (no gnuplot warning, no progress for a short run) and draws a PNG for each CSV
cmake_minimum_required(VERSION 3.16)

foreach(var EXE OUT MODE)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "check_eight_points.cmake: -D${var}=... is required")
    endif()
endforeach()
file(REMOVE_RECURSE ${OUT} ${OUT}.file)
set(args ${ARGS})
if(DEFINED CSV)
    set(input ${OUT}.input.csv)
    string(REPLACE ";" "\n" text "${CSV}")
    file(WRITE ${input} "${text}\n")
    list(APPEND args --data ${input})
endif()
set(figures error_curve learning_rate_comparison error_spread inputs_and_weights radial_predictor
    loss_comparison)

# Runs eight_points with `args` and ARGN into `dir`; sets status, output (stdout and stderr) and
# errors (stderr alone) in the caller.
function(run_demo dir)
    execute_process(COMMAND ${EXE} ${args} ${ARGN} --out ${dir} RESULT_VARIABLE status
        OUTPUT_VARIABLE out ERROR_VARIABLE err)
    set(status ${status} PARENT_SCOPE)
    set(output "${out}${err}" PARENT_SCOPE)
    set(errors "${err}" PARENT_SCOPE)
endfunction()

# Fails unless the run exited 0.
function(require_success)
    if(NOT status EQUAL 0)
        message(FATAL_ERROR "eight_points ${args} exited with ${status}:\n${output}")
    endif()
endfunction()

# Fails unless `text` (named `what`) matches every regex in ARGN.
function(require_matches what text)
    foreach(regex IN LISTS ARGN)
        if(NOT text MATCHES "${regex}")
            message(FATAL_ERROR "${what}:\n${text}\nexpected to match: ${regex}")
        endif()
    endforeach()
endfunction()

if(MODE STREQUAL "refuse" OR MODE STREQUAL "fails")
    set(out_dir ${OUT})
    if(OUT_UNDER_FILE)
        file(WRITE ${OUT}.file "a regular file\n")
        set(out_dir ${OUT}.file/plots)
    endif()
    run_demo(${out_dir} --no-plots)
    if(status EQUAL 0)
        message(FATAL_ERROR "eight_points ${args} exited with 0, expected a refusal:\n${output}")
    endif()
    require_matches("eight_points ${args} said" "${output}" ${EXPECT})
    if(MODE STREQUAL "refuse" AND output MATCHES "trained by stochastic gradient descent")
        message(FATAL_ERROR "eight_points ${args} started training before refusing:\n${output}")
    endif()
    if(EXISTS ${OUT})
        message(FATAL_ERROR "eight_points ${args} was refused but still created ${OUT}")
    endif()
    message(STATUS "refused as expected (exit ${status}): ${output}")
elseif(MODE STREQUAL "says")
    run_demo(${OUT} --no-plots)
    require_success()
    require_matches("eight_points ${args} said" "${output}" ${EXPECT})
    if(DEFINED FILE)
        file(READ ${OUT}/${FILE} text)
        require_matches("${OUT}/${FILE} holds" "${text}" ${FILE_EXPECT})
        foreach(regex IN LISTS FILE_REJECT)
            if(text MATCHES "${regex}")
                message(FATAL_ERROR "${OUT}/${FILE} holds\n${text}\nexpected not to match: ${regex}")
            endif()
        endforeach()
    endif()
    message(STATUS "eight_points ${args} said what was expected")
elseif(MODE STREQUAL "quiet")
    run_demo(${OUT})
    require_success()
    if(NOT errors STREQUAL "")
        message(FATAL_ERROR "eight_points ${args} wrote to stderr:\n${errors}")
    endif()
    file(GLOB written RELATIVE ${OUT} ${OUT}/*.csv)
    if(written STREQUAL "")
        message(FATAL_ERROR "eight_points ${args} wrote no CSV into ${OUT}:\n${output}")
    endif()
    foreach(csv ${written})
        string(REGEX REPLACE "[.]csv$" ".png" png ${csv})
        if(NOT EXISTS ${OUT}/${png})
            message(FATAL_ERROR "eight_points ${args} drew no ${OUT}/${png}:\n${output}")
        endif()
    endforeach()
    message(STATUS "eight_points ${args} drew ${written} as pictures without a word on stderr")
elseif(MODE STREQUAL "same")
    foreach(dir first second)
        run_demo(${OUT}/${dir} --no-plots)
        require_success()
    endforeach()
    file(GLOB first RELATIVE ${OUT}/first ${OUT}/first/*)
    file(GLOB second RELATIVE ${OUT}/second ${OUT}/second/*)
    list(SORT first)
    list(SORT second)
    if(NOT first STREQUAL second)
        message(FATAL_ERROR "two runs wrote different files:\n  ${first}\n  ${second}")
    endif()
    foreach(name ${figures})
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
    run_demo(${OUT}/other --no-plots --seed 1)
    require_success()
    execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT}/first/error_curve.csv
        ${OUT}/other/error_curve.csv RESULT_VARIABLE differ)
    if(differ EQUAL 0)
        message(FATAL_ERROR "--seed 1 wrote the same error_curve.csv as the first run")
    endif()
    message(STATUS "two runs wrote the same ${first}; another seed wrote another curve")
elseif(MODE STREQUAL "curve")
    run_demo(${OUT} --no-plots)
    require_success()
    require_matches("eight_points ${args} said" "${output}"
        "last record [(]iteration 900[)]: " "after 1000 iterations: ")
    set(csv ${OUT}/error_curve.csv)
    file(STRINGS ${csv} lines)
    list(LENGTH lines count)
    list(GET lines 0 header)
    if(NOT header STREQUAL "iteration,error")
        message(FATAL_ERROR "${csv}: header is '${header}', expected 'iteration,error'")
    endif()
    if(NOT count EQUAL 12)
        math(EXPR rows "${count} - 1")
        message(FATAL_ERROR "${csv}: ${rows} data rows, expected 11: 10 records and the final")
    endif()
    # A finite decimal number: CMake has no floating point, so check the form, then compare as
    # numbers with if(LESS), which CMake evaluates as doubles.
    set(number "^-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?$")
    set(errors)
    foreach(i RANGE 1 11)
        list(GET lines ${i} line)
        string(REPLACE "," ";" fields "${line}")
        list(GET fields 0 iteration)
        list(GET fields 1 error)
        math(EXPR expected "(${i} - 1) * 100")
        if(NOT iteration STREQUAL "${expected}" OR NOT error MATCHES "${number}")
            message(FATAL_ERROR "${csv}:${i}: '${line}', expected iteration ${expected} and a "
                "finite error")
        endif()
        list(APPEND errors ${error})
    endforeach()
    list(GET errors 0 first)
    list(GET errors 9 last_record)
    list(GET errors 10 final)
    if(NOT final LESS first OR final STREQUAL last_record)
        message(FATAL_ERROR "${csv}: the final error ${final} is not below the first ${first}, "
            "or is the last record ${last_record} again")
    endif()
    message(STATUS "${csv}: 10 records ${first} -> ${last_record}, after 1000 iterations ${final}")
else()
    message(FATAL_ERROR "check_eight_points.cmake: MODE is '${MODE}', expected curve, same, "
        "refuse, fails, says or quiet")
endif()
