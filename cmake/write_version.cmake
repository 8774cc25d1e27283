# Writes caremarket/version.hpp at build time (run by the caremarket_version_header target on
# every build), so `caremarket --version` and every manifest name the commit the binary was
# built from, with "-dirty" when tracked files differ from it. configure_file leaves the file
# untouched when its text is unchanged, so nothing recompiles then. Inputs: SOURCE_DIR,
# OUTPUT, VERSION, GIT_EXECUTABLE (empty: no git).
set(commit "unknown")
if(GIT_EXECUTABLE AND EXISTS "${SOURCE_DIR}/.git")
  execute_process(COMMAND "${GIT_EXECUTABLE}" rev-parse --short=12 HEAD
    WORKING_DIRECTORY "${SOURCE_DIR}" OUTPUT_VARIABLE head
    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
  if(rc EQUAL 0 AND head)
    set(commit "${head}")
    execute_process(COMMAND "${GIT_EXECUTABLE}" status --porcelain --untracked-files=no
      WORKING_DIRECTORY "${SOURCE_DIR}" OUTPUT_VARIABLE changes
      OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
    if(rc EQUAL 0 AND changes)
      set(commit "${commit}-dirty")
    endif()
  endif()
endif()
set(PROJECT_VERSION "${VERSION}")
set(CAREMARKET_GIT_COMMIT "${commit}")
configure_file("${SOURCE_DIR}/cmake/version.hpp.in" "${OUTPUT}" @ONLY)
