# The playground's browser test, run by ctest from the native build:
#   1. builds the page with emcmake into OUT/web (the README's command, in a directory of its own)
#   2. installs the pinned driver (puppeteer-core, which downloads no browser) into OUT/driver
#   3. drives the page in headless Chromium against the native reference (test/browser_test.js)
# Inputs: SOURCE (the repository), HERE (this directory), OUT, EMCMAKE, CHROMIUM, NODE, NPM,
# REFERENCE (the native playground_reference).
cmake_minimum_required(VERSION 3.16)

function(run what)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE status)
    if(NOT status EQUAL 0)
        message(FATAL_ERROR "playground browser test: ${what} failed (${status})")
    endif()
endfunction()

# The README's command, as a user types it.
run("emcmake cmake" ${EMCMAKE} ${CMAKE_COMMAND} -S ${SOURCE} -B ${OUT}/web)
run("building the page" ${CMAKE_COMMAND} --build ${OUT}/web --target playground)

# npm ci only when the lockfile changed since the last install.
set(driver ${OUT}/driver)
file(MAKE_DIRECTORY ${driver})
file(SHA256 ${HERE}/test/package-lock.json lock_hash)
set(stamp ${driver}/node_modules/.installed-${lock_hash})
if(NOT EXISTS ${stamp})
    file(COPY ${HERE}/test/package.json ${HERE}/test/package-lock.json DESTINATION ${driver})
    set(ENV{PUPPETEER_SKIP_DOWNLOAD} 1)
    run("npm ci" ${NPM} ci --prefix ${driver} --ignore-scripts --no-audit --no-fund)
    file(TOUCH ${stamp})
endif()
file(COPY ${HERE}/test/browser_test.js DESTINATION ${driver})

run("the browser test" ${NODE} ${driver}/browser_test.js
    --page ${OUT}/web/playground/index.html --chromium ${CHROMIUM} --reference ${REFERENCE}
    --out ${OUT})
