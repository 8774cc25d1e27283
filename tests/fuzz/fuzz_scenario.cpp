// libFuzzer harness: scenarios::load_scenario on a file holding the input. Any input must give a
// scenario or a ScenarioError, never a crash, a sanitizer finding or another exception.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>

#include "scenarios/toml_scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path =
      "/tmp/caremarket-fuzz-scenario-" + std::to_string(::getpid()) + ".toml";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    (void)caremarket::scenarios::load_scenario(path, {});
  } catch (const caremarket::scenarios::ScenarioError&) {
    // refused with a message: fine
  }
  std::remove(path.c_str());
  return 0;
}
