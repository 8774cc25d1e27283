// A results folder's manifest read, and its files checked against it: what every report page
// shares of results/report_page.hpp's manifest checks.

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "geography/table.hpp"
#include "results/report_page.hpp"

namespace caremarket::results::page {

json parse_manifest_json(const std::string& text) {
  // JSON text holds no NUL byte; the parser would stop at one and drop what follows.
  if (const auto nul = text.find('\0'); nul != std::string::npos)
    throw ReportInputError("manifest.json holds a NUL byte (byte " + std::to_string(nul + 1) +
                           "): it is not the JSON text a caremarket command writes");
  // Far past any manifest a command writes (its objects hold tens of keys, nested a few deep),
  // and short of what would take the parser minutes or its stack.
  // (An object's keys are found one by one in ordered_json, so its time grows as their square:
  // at most 1,000 in one object and 1,000,000 in all bound it to about a second.)
  constexpr int deepest = 64;
  constexpr std::size_t most_keys = 1'000;
  constexpr std::size_t most_keys_in_all = 1'000'000;
  std::size_t keys_in_all = 0;
  // Each open object or list: an object's keys so far and its last, a list's elements so far. A
  // key given twice is named by its path ("council.name", "districts[3].code"), worked out only
  // then.
  struct Open {
    bool object = false;
    std::set<std::string> keys;
    std::string last_key;
    std::size_t elements = 0;
  };
  std::vector<Open> open;
  std::vector<std::string> twice;
  const auto path = [&]() {
    std::string out;
    for (const Open& o : open) {
      if (o.object) {
        out += (out.empty() ? "" : ".") + o.last_key;
      } else {
        out += "[" + std::to_string(o.elements - 1) + "]";
      }
    }
    return out;
  };
  const json::parser_callback_t note = [&](int depth, json::parse_event_t event, json& parsed) {
    const bool starts =
        event == json::parse_event_t::object_start || event == json::parse_event_t::array_start;
    if ((starts || event == json::parse_event_t::value) && !open.empty() && !open.back().object)
      ++open.back().elements;
    switch (event) {
      case json::parse_event_t::object_start:
      case json::parse_event_t::array_start:
        if (depth >= deepest)
          throw ReportInputError("manifest.json: nested deeper than " + std::to_string(deepest) +
                                 " levels: it is not a manifest a caremarket command writes");
        open.push_back({event == json::parse_event_t::object_start, {}, {}, 0});
        break;
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        if (!open.empty()) open.pop_back();
        break;
      case json::parse_event_t::key:
        if (!open.empty() && parsed.is_string()) {
          Open& o = open.back();
          o.last_key = parsed.get<std::string>();
          if (o.keys.size() == most_keys || ++keys_in_all > most_keys_in_all)
            throw ReportInputError(std::string("manifest.json: ") +
                                   (o.keys.size() == most_keys ? "an object of more than 1,000 keys"
                                                               : "more than 1,000,000 keys") +
                                   ": it is not a manifest a caremarket command writes");
          if (!o.keys.insert(o.last_key).second) {
            const std::string at = path();
            if (std::find(twice.begin(), twice.end(), at) == twice.end()) twice.push_back(at);
          }
        }
        break;
      case json::parse_event_t::value:
        break;
    }
    return true;
  };
  json m;
  try {
    m = json::parse(text, note);
  } catch (const json::exception& e) {
    throw ReportInputError("manifest.json is not valid JSON: " + json_fault_words(e));
  }
  if (twice.empty()) return m;
  std::vector<std::string> faults;
  for (const std::string& at : twice)
    faults.push_back("manifest.json: \"" + geography::printable(at) +
                     "\" is given twice in one object (JSON keeps only the last; a caremarket "
                     "manifest gives each key once)");
  throw ReportInputError(std::move(faults));
}

std::int64_t manifest_runs(const json& m) {
  if (!m.is_object() || !m.contains("replications") || !m["replications"].is_number_integer())
    return 0;
  return std::max<std::int64_t>(0, m["replications"].get<std::int64_t>());
}

void Table::runs_as_manifest(std::int64_t runs, std::string_view field, bool at_most) const {
  const std::string_view col = "replications";
  if (runs <= 0) return;
  // Every run's, sweep's and comparison's file has the column beside a manifest's count: one
  // without it would pass as any number of runs. (A sensitivity's came later than its manifest's.)
  if (!has_column(col)) {
    if (at_most) return;
    const std::string message = name + " lacks the column replications, which a caremarket " +
                                "command writes beside manifest.json's \"" + std::string(field) +
                                "\": the file is not of that run";
    if (!CellFaults::note(message)) throw ReportInputError(message);
    return;
  }
  const std::size_t c = column(col);
  const std::string want = std::to_string(runs);
  const std::vector<std::string>* first = nullptr;
  std::size_t differ = 0;
  for (const auto& row : rows) {
    const std::string& s = row.at(c);
    // A count as a results file writes one (digits, no leading zero); anything else, and 0, is
    // count()'s to say.
    if (!written_count(s) || s == "0" || s == want) continue;
    if (at_most && s.size() <= 18 && std::stoll(s) < runs) continue;
    if (first == nullptr) first = &row;
    ++differ;
  }
  if (first == nullptr) return;
  const std::string message = place(*first, c) + ": " + first->at(c) +
                              (first->at(c) == "1" ? " run" : " runs") +
                              ", but manifest.json's \"" + std::string(field) + "\" is " + want +
                              (at_most ? ", the most a row can count" : "") + " (" +
                              std::to_string(differ) + " of " + rows_words() +
                              (differ == 1 ? (at_most ? " counts more" : " differs")
                                           : (at_most ? " count more" : " differ")) +
                              ")";
  say_runs_differ(message);
}

void Table::text_as_manifest(std::string_view col, const std::string& value,
                             std::string_view field) const {
  if (!has_column(col)) return;
  const std::size_t c = column(col);
  const std::vector<std::string>* first = nullptr;
  std::size_t differ = 0;
  for (const auto& row : rows) {
    if (row.at(c) == value) continue;
    if (first == nullptr) first = &row;
    ++differ;
  }
  if (first == nullptr) return;
  const std::string message = place(*first, c) + ": '" + geography::printable(first->at(c)) +
                              "', but manifest.json's \"" + std::string(field) + "\" is '" +
                              geography::printable(value) + "' (" + std::to_string(differ) +
                              " of " + rows_words() + (differ == 1 ? " differs" : " differ") + ")";
  say_runs_differ(message);
}

}  // namespace caremarket::results::page
