# The git commit goes into `caremarket --version` and every manifest. The header is written at
# build time, not when CMake configures, so a rebuild after a commit names the new commit
# (cmake/write_version.cmake). A build from a tarball without git says "unknown".
find_package(Git QUIET)
set(_version_header "${PROJECT_BINARY_DIR}/generated/caremarket/version.hpp")
add_custom_target(caremarket_version_header ALL
  COMMAND "${CMAKE_COMMAND}" "-DSOURCE_DIR=${PROJECT_SOURCE_DIR}" "-DOUTPUT=${_version_header}"
          "-DVERSION=${PROJECT_VERSION}" "-DGIT_EXECUTABLE=${GIT_EXECUTABLE}"
          -P "${PROJECT_SOURCE_DIR}/cmake/write_version.cmake"
  BYPRODUCTS "${_version_header}"
  COMMENT "Recording the git commit in version.hpp"
  VERBATIM)
add_library(caremarket_version INTERFACE)
target_include_directories(caremarket_version INTERFACE "${PROJECT_BINARY_DIR}/generated")
add_dependencies(caremarket_version caremarket_version_header)
