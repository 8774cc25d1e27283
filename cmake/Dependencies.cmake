# Every third-party part comes from Debian's packages and is found here; nothing is downloaded.
find_package(Boost 1.74 REQUIRED)          # Boost.Graph is header-only; used in geography/ only
find_package(TBB 2021 REQUIRED)            # oneTBB: the parallel ensemble in sim/
find_package(CLI11 2.1 REQUIRED)           # command line, cli/ only
find_package(tomlplusplus 3.3 REQUIRED)    # scenario files, scenarios/ only
find_package(nlohmann_json 3.11 REQUIRED)  # manifest and JSON output, results/ and cli/
find_package(SQLite3 3.23 REQUIRED)        # results.sqlite (run --sqlite), results/ only
find_path(RANDOM123_INCLUDE_DIR Random123/philox.h REQUIRED) # counter-based random streams, sim/
if(CAREMARKET_BUILD_TESTS)
  find_package(Catch2 2.13 REQUIRED)
endif()
if(CAREMARKET_MPI)
  find_package(MPI COMPONENTS CXX)       # Open MPI: distributed runs, distributed/ only
  if(NOT MPI_CXX_FOUND)
    message(STATUS "MPI not found: building without distributed runs (scripts/setup installs Open MPI)")
    set(CAREMARKET_MPI OFF)  # for this configure only: found once installed
  endif()
endif()
