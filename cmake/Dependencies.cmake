# Every third-party part comes from Debian's packages and is found here; nothing is downloaded.
find_package(Boost 1.74 REQUIRED)          # Boost.Graph is header-only; used in geography/ only
find_package(TBB 2021 REQUIRED)            # oneTBB: the parallel ensemble in sim/
find_package(CLI11 2.1 REQUIRED)           # command line, cli/ only
find_package(tomlplusplus 3.3 REQUIRED)    # scenario files, scenarios/ only
find_package(nlohmann_json 3.11 REQUIRED)  # manifest and JSON output, results/ and cli/
find_path(RANDOM123_INCLUDE_DIR Random123/philox.h REQUIRED) # counter-based random streams, sim/
if(CAREMARKET_BUILD_TESTS)
  find_package(Catch2 2.13 REQUIRED)
endif()
