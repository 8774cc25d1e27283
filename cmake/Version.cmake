# The git commit goes into `caremarket --version` and every manifest. A build from a tarball
# without git says "unknown".
find_package(Git QUIET)
set(CAREMARKET_GIT_COMMIT "unknown")
if(GIT_FOUND AND EXISTS "${PROJECT_SOURCE_DIR}/.git")
  execute_process(COMMAND "${GIT_EXECUTABLE}" rev-parse --short=12 HEAD
    WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}" OUTPUT_VARIABLE _commit
    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE _rc)
  if(_rc EQUAL 0 AND _commit)
    set(CAREMARKET_GIT_COMMIT "${_commit}")
  endif()
endif()
configure_file("${PROJECT_SOURCE_DIR}/cmake/version.hpp.in" "${PROJECT_BINARY_DIR}/generated/caremarket/version.hpp" @ONLY)
add_library(caremarket_version INTERFACE)
target_include_directories(caremarket_version INTERFACE "${PROJECT_BINARY_DIR}/generated")
