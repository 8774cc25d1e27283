// libFuzzer harness: scenarios::read_market_files on one data file holding the input after its
// first byte, which picks the file: providers, homecare_capacity, properties, clients, caseload.
// Problems must be reported in `errors`, never as a crash or an exception.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "scenarios/market_files.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const std::string path =
      "/tmp/caremarket-fuzz-market-" + std::to_string(::getpid()) + ".csv";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
  }
  caremarket::scenarios::MarketFiles files;
  switch (data[0] % 5) {
    case 0:
      files.providers = path;
      break;
    case 1:
      files.homecare_capacity = path;
      break;
    case 2:
      files.properties = path;
      break;
    case 3:
      files.clients = path;
      break;
    default:
      files.caseload = path;
      break;
  }
  caremarket::scenarios::ImportContext context;
  for (int code = 105; code <= 116; ++code)
    context.district_codes.push_back("E07000" + std::to_string(code));
  context.start = {2027, 4, 1};
  context.property_bands = 3;
  context.need_bands = 3;
  std::vector<std::string> errors;
  (void)caremarket::scenarios::read_market_files(files, context, errors);
  std::remove(path.c_str());
  return 0;
}
