#include "analysis/command_values.hpp"

#include <optional>
#include <stdexcept>
#include <utility>

#include "geography/table.hpp"
#include "results/kpis.hpp"
#include "scenarios/suggest.hpp"
#include "scenarios/toml_scenario.hpp"
#include "sim/params.hpp"

namespace caremarket::analysis {

VariedKey parse_vary(const std::string& text) {
  const auto eq = scenarios::key_value_split(text);
  if (eq == std::string::npos || scenarios::trimmed(text.substr(0, eq)).empty() ||
      scenarios::trimmed(text.substr(eq + 1)).empty()) {
    throw std::invalid_argument("--vary takes KEY=V1,V2,..., found '" + text + "'");
  }
  VariedKey v;
  v.key = scenarios::plain_key(text.substr(0, eq));
  v.text = text;
  const std::string rest = text.substr(eq + 1);
  // Split on commas outside brackets, braces and quotes, so array values like [2,5] stay whole.
  std::string value;
  int depth = 0;
  bool quoted = false;
  auto finish = [&] {
    value = scenarios::trimmed(value);
    if (value.empty())
      throw std::invalid_argument("--vary " + v.key + ": an empty value in '" + rest + "'");
    v.values.push_back(value);
    value.clear();
  };
  for (const char c : rest) {
    if (c == '"') quoted = !quoted;
    if (!quoted && (c == '[' || c == '{')) ++depth;
    if (!quoted && (c == ']' || c == '}')) --depth;
    if (c == ',' && depth == 0 && !quoted) {
      finish();
      continue;
    }
    value += c;
  }
  if (depth != 0 || quoted)
    throw std::invalid_argument("--vary " + v.key + ": unbalanced brackets or quotes in '" + rest +
                                "'");
  finish();
  return v;
}

std::vector<std::vector<std::string>> sweep_grid(const std::vector<VariedKey>& keys) {
  std::vector<std::vector<std::string>> grid{{}};
  for (const VariedKey& k : keys) {
    std::vector<std::vector<std::string>> next;
    for (const auto& point : grid) {
      for (const std::string& v : k.values) {
        auto p = point;
        p.push_back(v);
        next.push_back(std::move(p));
      }
    }
    grid = std::move(next);
  }
  return grid;
}

namespace {

using sim::Service;

/// A target no run can meet is refused before any run: a share lies in [0, 1] and every KPI
/// but the capacity gaps and the off-contract premium is at least 0.
void refuse_unreachable(const KpiTarget& t, const results::KpiDefinition& k) {
  const bool share = k.unit == "share";
  // A capacity gap is negative with spare capacity; the premium, with a spot premium below 0.
  const bool signed_kpi =
      k.name.starts_with("capacity_gap_") || k.name == "off_contract_premium_gbp_total";
  const std::string bounds = share ? "a share between 0 and 1" : "never below 0";
  const std::string words =
      "--target '" + t.text + "': " + k.name + " is " + bounds + ", so no run can meet it; ";
  if (t.at_most && !signed_kpi && t.value < 0.0) {
    throw std::invalid_argument(words + "give a value of at least 0");
  }
  if (!t.at_most && share && t.value > 1.0) {
    throw std::invalid_argument(words + "give a value of at most 1");
  }
}

}  // namespace

KpiTarget parse_target(const std::string& text) {
  KpiTarget t;
  t.text = text;
  auto op = text.find("<=");
  t.at_most = true;
  if (op == std::string::npos) {
    op = text.find(">=");
    t.at_most = false;
  }
  if (op == std::string::npos)
    throw std::invalid_argument("--target takes KPI<=X or KPI>=X, found '" + text + "'");
  std::string name = scenarios::trimmed(text.substr(0, op));
  const std::string number = scenarios::trimmed(text.substr(op + 2));
  // Read as a data file's numbers are: decimal, finite, within a double's range.
  const std::optional<double> value = geography::parse_number(number);
  if (!value) throw std::invalid_argument("--target: " + geography::number_fault(number));
  t.value = *value;
  Service service = Service::homecare;
  for (const Service s : {Service::homecare, Service::supported_living}) {
    const std::string prefix = std::string(sim::to_string(s)) + ".";
    if (name.starts_with(prefix)) {
      service = s;
      name = name.substr(prefix.size());
      break;  // one service: "homecare.supported_living.X" names no KPI
    }
  }
  const auto table = results::kpi_table();
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (table[i].name == name && table[i].service == service) {
      t.kpi = i;
      refuse_unreachable(t, table[i]);
      return t;
    }
  }
  // A name matches exactly or is refused: a near miss never silently becomes another KPI.
  std::vector<std::string> known;
  for (const auto& k : table) {
    if (k.service == service) known.push_back(k.name);
  }
  throw std::invalid_argument(
      "--target '" + text +
      "': " + scenarios::refuse_name(std::string(sim::to_string(service)) + " KPI", name, known));
}

void refuse_target_against_direction(const KpiTarget& target) {
  const results::KpiDefinition& k = results::kpi_table()[target.kpi];
  const results::Direction d = results::kpi_direction(k);
  const bool lower_better = d == results::Direction::lower_is_better;
  if (d == results::Direction::neutral) {
    throw std::invalid_argument(
        "--target '" + target.text + "': " + k.name +
        " is neutral (docs/metrics.md: a figure of context or of where the money goes, " +
        "neither better nor worse), and advise adds contracted capacity to move a KPI the " +
        "better way: give a target of a KPI that has one, such as " +
        (k.service == sim::Service::supported_living ? "supported_living." : "") +
        "off_contract_placement_share<=X");
  }
  if (lower_better == target.at_most) return;
  // The KPI as the user named it, with its service where given.
  const std::string typed =
      scenarios::trimmed(target.text.substr(0, target.text.find(target.at_most ? "<=" : ">=")));
  throw std::invalid_argument(
      "--target '" + target.text + "': " + k.name + " is " + results::to_string(d) +
      " (docs/metrics.md), and advise adds contracted capacity to move a KPI the better way; " +
      "a target of " + (target.at_most ? "at most" : "at least") + " a value asks it the worse " +
      "way: give " + typed + (target.at_most ? ">=" : "<=") + "X");
}

}  // namespace caremarket::analysis
