// libFuzzer harness: the command-line values that carry scenario text, `--set KEY=VALUE`,
// `--vary KEY=V1,V2,...` and `--target KPI<=X`. The first byte chooses which; the rest is the
// value. `--set` and every `--vary` point are applied to kent-baseline as the commands apply
// them. Any input must give a result, a ScenarioError or std::invalid_argument (the messages
// the commands print), never a crash, a sanitizer finding or another exception.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/command_values.hpp"
#include "scenarios/toml_scenario.hpp"

namespace cs = caremarket::scenarios;
namespace ca = caremarket::analysis;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    switch (data[0] % 3) {
      case 0:
        (void)cs::load_scenario("kent-baseline", {text});
        break;
      case 1: {
        const ca::VariedKey key = ca::parse_vary(text);
        const auto grid = ca::sweep_grid({key});
        // A few points, as sweep loads each before running any.
        for (std::size_t p = 0; p < grid.size() && p < 3; ++p) {
          try {
            (void)cs::load_scenario_with("kent-baseline",
                                         {{key.key + "=" + grid[p][0], "--vary " + key.text}});
          } catch (const cs::ScenarioError&) {
            // refused with a message: fine
          }
        }
        break;
      }
      default:
        (void)ca::parse_target(text);
        break;
    }
  } catch (const cs::ScenarioError&) {
    // refused with a message: fine
  } catch (const std::invalid_argument&) {
    // refused with a message: fine
  }
  return 0;
}
