// Cross-field checks of a scenario read from TOML, and resolution of the district codes and
// provider names it gives against its geography and synthesised market.

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <map>
#include <memory>
#include <string>

#include "geography/read_stop.hpp"
#include "geography/table.hpp"
#include "scenarios/limits.hpp"
#include "scenarios/toml_scenario.hpp"
#include "scenarios/toml_schema.hpp"

namespace caremarket::scenarios::detail {

namespace {

/// "never", "once", "twice", "3 times".
std::string times_text(int n) {
  if (n == 0) return "never";
  if (n == 1) return "once";
  if (n == 2) return "twice";
  return std::to_string(n) + " times";
}

/// "1 year", "2.5 years".
std::string years_text(double years) {
  return message_number(years) + (years == 1.0 ? " year" : " years");
}

/// Which of the run's keys place a dated value outside it: a date before the start, the start;
/// a date after the end, the horizon and the start (the end is the start plus the horizon); a
/// reopening (counted in months from the start), the horizon alone.
enum class Outside { before_start, after_end, after_horizon };

/// A dated value of `key` outside the run (`what` says which, e.g. "the date 2030-01-01"): blamed
/// on the key or on the run's key that places it outside, whichever the user changed
/// (Reader::blame), naming the other and where it was given.
void outside_span(Reader& r, const std::string& key, const std::string& what, const Scenario& s,
                  Outside side) {
  const std::string to_blame = side == Outside::before_start ? r.blame({key, "run.start_date"})
                               : side == Outside::after_end
                                   ? r.blame({key, "run.horizon_months", "run.start_date"})
                                   : r.blame({key, "run.horizon_months"});
  if (to_blame == key) {
    r.error_at(key, what + " " + outside_run(s.run.start, s.run.horizon_months));
    return;
  }
  r.error_at(to_blame, "leaves out " + key + " (" + r.location(key) + "): " + what + " " +
                           outside_run(s.run.start, s.run.horizon_months));
}

/// `key` names reopening `index` (0-based) of a framework that reopens `reopenings` times:
/// blamed on the key or on framework.reopen_after_years, whichever the user changed.
void no_such_reopening(Reader& r, const std::string& key, int index, int reopenings) {
  const std::string list = "framework.reopen_after_years";
  const std::string times = reopenings == 0 ? "the framework never reopens"
                                            : "the framework reopens " + times_text(reopenings);
  const std::string number = "reopening " + std::to_string(index + 1);
  if (r.blame({key, list}) == key) {
    r.error_at(key, "there is no " + number + " (" + times + ")" + r.given_elsewhere(key, list));
    return;
  }
  r.error_at(list, times + ", so " + key + " (" + r.location(key) + ") names no " + number);
}

void check_reopenings(Reader& r, const Scenario& s) {
  const std::string key = "framework.reopen_after_years";
  // A reopening happens at a whole month after the start (years x 12, rounded; month 0 is the
  // start itself, as in the back-test): two that round to the same month would be one.
  long previous = -1;
  for (const double years : s.reopen_after_years) {
    const auto month = std::lround(years * 12.0);
    if (month < 0) continue;  // refused where it was read: a number >= 0
    if (month <= previous) {
      r.error_at(key, "reopenings must be in increasing order, at least a month apart (after " +
                          years_text(years) + " is month " + std::to_string(month) +
                          ", the previous one month " + std::to_string(previous) + ")");
    }
    if (month >= s.run.horizon_months) {
      const sim::Date date = sim::add_months(s.run.start, static_cast<int>(month));
      outside_span(r, key,
                   "a reopening after " + years_text(years) + " (month " + std::to_string(month) +
                       ", " + sim::to_iso(date) + ")",
                   s, Outside::after_horizon);
    }
    previous = std::max(previous, month);
  }
  if (!s.framework.open && !s.reopen_after_years.empty()) {
    if (r.blame({"framework.type", key}) == "framework.type") {
      r.error_at("framework.type",
                 "a closed framework does not reopen: set reopen_after_years = []" +
                     r.given_elsewhere("framework.type", key));
    } else {
      r.error_at(key, "the framework is closed (framework.type, " + r.location("framework.type") +
                          "), so it does not reopen: set reopen_after_years = []");
    }
  }
}

void check_timing(Reader& r, const Scenario& s) {
  const double end_days =
      static_cast<double>(sim::days_from_civil(sim::add_months(s.run.start, s.run.horizon_months)) -
                          sim::days_from_civil(s.run.start));
  const auto date_text = [&](double at_days) {
    return sim::to_iso(sim::civil_from_days(sim::days_from_civil(s.run.start) +
                                            static_cast<std::int64_t>(std::floor(at_days))));
  };
  const auto in_run = [&](double at_days) { return at_days >= 0.0 && at_days < end_days; };
  const auto side = [](double at_days) {
    return at_days < 0.0 ? Outside::before_start : Outside::after_end;
  };
  const auto reopenings = static_cast<int>(s.reopen_after_years.size());
  for (std::size_t i = 0; i < s.shocks.size(); ++i) {
    const double at = s.shocks[i].at_days;
    if (!in_run(at)) {
      outside_span(r, "exits.shocks[" + std::to_string(i) + "].at", "the date " + date_text(at), s,
                   side(at));
    }
  }
  for (std::size_t i = 0; i < s.actions.size(); ++i) {
    const std::string path = "actions[" + std::to_string(i) + "]";
    const sim::ActionSpec& a = s.actions[i];
    if (a.at_reopening >= 0 && a.at_reopening >= reopenings)
      no_such_reopening(r, path + ".at_reopening", a.at_reopening, reopenings);
    if (a.at_reopening < 0 && !in_run(a.at_days)) {
      outside_span(r, path + ".at", "the date " + date_text(a.at_days), s, side(a.at_days));
    }
  }
  for (std::size_t si = 0; si < sim::service_count; ++si) {
    const auto& uplifts = s.costs.rate_uplifts[si];
    for (std::size_t i = 0; i < uplifts.size(); ++i) {
      if (!in_run(uplifts[i].at_days)) {
        outside_span(r,
                     "costs." + service_names[si] + ".rate_uplifts[" + std::to_string(i) + "].at",
                     "the date " + date_text(uplifts[i].at_days), s, side(uplifts[i].at_days));
      }
    }
  }
  for (std::size_t i = 0; i < s.framework.recruitment.size(); ++i) {
    const int k = s.framework.recruitment[i].at_reopening;
    if (k >= reopenings)
      no_such_reopening(r, "framework.recruitment[" + std::to_string(i) + "].at_reopening", k,
                        reopenings);
  }
}

// Bounds on the size of the simulated population, so that a run's memory and time stay sane
// (scenarios/limits.hpp): a replication holds every person in care, and each referral is an event.

void check_scale(Reader& r, const Scenario& s) {
  double people = 0.0;
  double referrals = 0.0;
  // The groups that contribute most, to name the key (and so the file or option) to blame.
  double most_people = -1.0, most_referrals = -1.0;
  std::string people_key = "demand", referrals_key = "demand", referrals_other;
  const double years = static_cast<double>(s.run.horizon_months) / 12.0;
  for (std::size_t si = 0; si < sim::service_count; ++si) {
    for (std::size_t gi = 0; gi < sim::group_count; ++gi) {
      const GroupDemand& g = s.demand[si][gi];
      // Each group's people are placed as whole people, rounded (synthesis: llround).
      people += std::round(g.initial_people);
      const std::string group_key = "demand." + service_names[si] + "." + group_names[gi] + ".";
      if (g.initial_people > most_people) {
        most_people = g.initial_people;
        people_key = group_key + "initial_people";
      }
      const double stay_years = g.length_of_stay_days.mean / 365.25;
      const double rate = g.referrals_per_year >= 0.0
                              ? g.referrals_per_year
                              : (stay_years > 0.0 ? g.initial_people / stay_years : 0.0);
      const double at_end = rate * std::pow(1.0 + std::max(0.0, g.growth_per_year), years);
      referrals += at_end;
      if (at_end > most_referrals) {
        most_referrals = at_end;
        // Of the keys that make the rate at the end, the one the user gave (a --set, else the
        // file named over those it extends): growth set in a user's file over a shipped rate
        // is blamed, not the shipped line. A derived rate is made of the initial people and
        // their mean stay too, and growth compounds over the run's horizon.
        const std::string rate_key = group_key + "referrals_per_year";
        const std::string growth_key = group_key + "growth_per_year";
        referrals_key =
            g.referrals_per_year >= 0.0
                ? r.blame({rate_key, growth_key, "run.horizon_months"})
                : r.blame({rate_key, growth_key, group_key + "initial_people",
                           group_key + "length_of_stay_days.mean", "run.horizon_months"});
        referrals_other = referrals_key == rate_key || referrals_key == "run.horizon_months"
                              ? growth_key
                              : rate_key;
      }
    }
  }
  // A caseload or clients file replaces the groups' initial_people: its count is checked where
  // it is read (import_files, below), not theirs.
  const bool people_from_file = !s.files.caseload.empty() || !s.files.clients.empty();
  if (!people_from_file && !(people <= limits::max_people_in_care)) {
    r.error_at(
        people_key,
        "the groups' initial_people, each rounded to whole people as they are placed, add up to " +
            message_count(people) + "; at most " + limits::text(limits::max_people_in_care) +
            " people in care at the start are supported");
  }
  // With a caseload or clients file the derived rates come from its people, not the groups':
  // the built model's check (synthesis.cpp, check_referrals) holds those.
  if (!people_from_file && !(referrals <= limits::max_referrals_per_year)) {
    r.error_at(
        referrals_key,
        "the referrals add up to " + message_count(referrals) +
            " a year with each group at its highest in the run (the end where it grows, the start "
            "where it shrinks; derived rates included); at most " +
            limits::text(limits::max_referrals_per_year) + " a year are supported" +
            r.given_elsewhere(referrals_key, referrals_other));
  }
}

std::map<std::string, std::string> external_districts(const Scenario& s) {
  Scenario all = s;
  all.geography.include_external = true;
  std::map<std::string, std::string> out;
  try {
    const geography::DistrictGraph graph = load_scenario_geography(all);
    for (std::size_t i = 0; i < graph.size(); ++i) {
      if (graph.district(i).external) out[graph.district(i).code] = graph.district(i).name;
    }
  } catch (const geography::ReadStopped&) {
    throw;  // a signal: the command stops, it is not a fault of the geography
  } catch (const std::exception&) {
    // The geography's own errors are reported where it is loaded.
  }
  return out;
}

std::string unknown_district(const std::string& code, const std::vector<std::string>& codes,
                             const std::map<std::string, std::string>& external,
                             const std::string& area_code) {
  // The council's own code (a county's, E10...) where a district's is asked for.
  if (!code.empty() && code == area_code)
    return "'" + code + "' is the council's code (area_code), not a district's";
  if (const auto it = external.find(code); it != external.end()) {
    // One meaning of include_external everywhere: an external district may be a node of the graph
    // (caremarket geography --include-external lists it) but is never one of the council's.
    return external_district_text(code, it->second);
  }
  std::string message = "unknown district code '" + code + "' (not in the scenario's geography)";
  if (const auto suggestion = closest(code, codes))
    message += "; did you mean '" + *suggestion + "'?";
  return message;
}

/// Reads the data files of [market.files] and keeps their contents in the scenario.
/// A group spread over districts by a population that is 0 in every district would be spread
/// equally, silently: refused at the group's district_weights.
void check_population_weights(Reader& r, const Scenario& s, const geography::DistrictGraph& graph) {
  const std::vector<std::string> codes = model_district_codes(graph);
  for (std::size_t si = 0; si < sim::service_count; ++si) {
    for (std::size_t gi = 0; gi < sim::group_count; ++gi) {
      const GroupDemand& g = s.demand[si][gi];
      const std::string& by = g.district_weights;
      if (!by.starts_with("population")) continue;
      std::int64_t total = 0;
      for (const std::string& code : codes) {
        const auto i = graph.find(code);
        if (!i) continue;
        const geography::District& d = graph.district(*i);
        total += by == "population_18_64"     ? d.population_18_64
                 : by == "population_65_plus" ? d.population_65_plus
                                              : d.population;
      }
      if (total <= 0) {
        r.error_at("demand." + service_names[si] + "." + group_names[gi] + ".district_weights",
                   "spreads people by " + by +
                       ", which is 0 in every district of the "
                       "geography (" +
                       s.geography.data + "): give the populations, or other weights");
      }
    }
  }
}

void import_files(Reader& r, Scenario& s, const geography::DistrictGraph& graph) {
  const MarketFiles& f = s.files;
  s.imported.reset();
  if (!f.any()) return;
  const std::size_t errors_before = r.errors().size();
  if (!f.clients.empty() && !f.caseload.empty())
    r.error_at("market.files.caseload", "give clients or caseload, not both");
  if (f.providers.empty() && f.market())
    r.error_at(
        f.homecare_capacity.empty() ? "market.files.properties" : "market.files.homecare_capacity",
        "needs market.files.providers, the file of the providers it names");
  if (!f.providers.empty() && f.homecare_capacity.empty() && f.properties.empty())
    r.error_at("market.files.providers",
               "needs market.files.homecare_capacity or market.files.properties (or both)");
  if (r.errors().size() != errors_before) return;
  ImportContext context;
  context.district_codes = model_district_codes(graph);
  context.council_districts = context.district_codes.size();
  if (s.geography.external_providers) context.district_codes = model_district_codes(graph, true);
  context.start = s.run.start;
  context.horizon_months = s.run.horizon_months;
  // A date of the files left out by a run the user changed: the message says where.
  const auto note = [&](const std::string& key, const std::string& what) {
    return r.where().contains(key) ? "; the run's " + what + " is from " + r.location(key)
                                   : std::string();
  };
  context.start_note = note("run.start_date", "start");
  context.horizon_note = note("run.horizon_months", "horizon");
  context.external_districts = external_districts(s);
  context.property_bands = std::max<std::size_t>(1, s.placement.band_accepts.size());
  context.need_bands = s.placement.band_accepts.empty()
                           ? 1
                           : std::max<std::size_t>(1, s.placement.band_accepts.front().size());
  std::vector<std::string> errors;
  ImportedData data = read_market_files(f, context, errors);
  for (auto& e : errors) r.add_error(std::move(e));
  if (errors.empty() && (data.has_caseload || !data.clients.empty())) {
    // people holds both files' counts (a clients.csv row adds 1 to its cell).
    double people = 0.0;
    for (const auto& by_group : data.people)
      for (const auto& by_district : by_group)
        for (const std::int64_t n : by_district) people += static_cast<double>(n);
    if (people > limits::max_people_in_care) {
      r.error_at(f.caseload.empty() ? "market.files.clients" : "market.files.caseload",
                 "the file's people in care at the start add up to " + message_count(people) +
                     "; at most " + limits::text(limits::max_people_in_care) + " are supported");
      return;
    }
  }
  if (errors.empty()) s.imported = std::make_shared<const ImportedData>(std::move(data));
}

/// The council's code names its county-wide rows in every results file's area_code column,
/// beside its districts' rows: one district's code there would make the two one. A GSS code
/// (ONS: a letter and 8 digits) is written in capitals; one in lower case joins no ONS table. A
/// space at either end (which a reader that trims fields drops) or one that shows as a blank or
/// as nothing (a no-break space) would make it another code that looks the same.
void check_area_code(Reader& r, const Scenario& s, std::vector<std::string> codes,
                     const std::map<std::string, std::string>& external) {
  const std::string& code = s.area_code;
  const std::string shown = "'" + code + "'";
  if (scenarios::text_fault(code)) return;  // said where it was read (a tab, a line break)
  // External districts are district rows of the results where they hold providers.
  if (s.geography.external_providers)
    for (const auto& [c, name] : external) codes.push_back(c);
  const bool a_district = std::find(codes.begin(), codes.end(), code) != codes.end();
  if (code.empty()) {
    r.error_at("area_code",
               "an empty code; the council's code names its county-wide rows in "
               "every results file (area_code), e.g. E10000016 for Kent");
    return;
  }
  if (!code.empty() && (std::isspace(static_cast<unsigned char>(code.front())) != 0 ||
                        std::isspace(static_cast<unsigned char>(code.back())) != 0)) {
    r.error_at("area_code", shown +
                                " starts or ends with a space, which a reader of the "
                                "results that trims fields drops; give the code without it");
    return;
  }
  if (const std::string note = geography::hidden_space_note(code); !note.empty()) {
    r.error_at("area_code", shown + " holds a space that shows as a blank or as nothing" + note +
                                "; give the code without it");
    return;
  }
  const bool gss_shape = code.size() == 9 && std::isalpha(static_cast<unsigned char>(code[0])) &&
                         std::all_of(code.begin() + 1, code.end(), [](char c) {
                           return std::isdigit(static_cast<unsigned char>(c)) != 0;
                         });
  if (gss_shape && std::islower(static_cast<unsigned char>(code[0]))) {
    std::string capitals = code;
    capitals[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(code[0])));
    // No district's code is offered: it would be refused next.
    const bool taken = std::find(codes.begin(), codes.end(), capitals) != codes.end();
    r.error_at("area_code",
               shown + ": a GSS code is written in capitals" +
                   (taken ? ", and " + capitals + " is the code of one of the scenario's districts"
                          : "; did you mean '" + capitals + "'?"));
    return;
  }
  if (!a_district) return;
  const std::string why =
      "; the council's code names its county-wide rows beside its "
      "districts' in every results file, so it must differ from theirs";
  // Said of the value the user changed: the code, or the geography that holds it.
  const std::string to_blame = r.blame({"area_code", "geography.data"});
  if (to_blame == "area_code") {
    r.error_at("area_code", shown + " is the code of one of the scenario's districts" + why);
    return;
  }
  r.error_at(to_blame, "a district of this geography has the code " + code +
                           ", the scenario's area_code (" + r.location("area_code") + ")" + why);
}

void resolve(Reader& r, Scenario& s, const References& refs,
             const geography::DistrictGraph& graph) {
  const std::vector<std::string> codes = model_district_codes(graph);
  const std::map<std::string, std::string> external = external_districts(s);
  const auto index_of = [&](const std::string& code) -> std::optional<sim::DistrictIndex> {
    const auto it = std::find(codes.begin(), codes.end(), code);
    if (it == codes.end()) return std::nullopt;
    return static_cast<sim::DistrictIndex>(it - codes.begin());
  };
  check_area_code(r, s, codes, external);
  for (std::size_t si = 0; si < sim::service_count; ++si) {
    for (std::size_t gi = 0; gi < sim::group_count; ++gi) {
      const GroupDemand& g = s.demand[si][gi];
      const std::string key = "demand." + service_names[si] + "." + group_names[gi];
      for (const auto& [code, weight] : g.custom_weights) {
        if (index_of(code)) continue;
        std::string message = unknown_district(code, codes, external, s.area_code);
        // Not given in any file: the default, kent-baseline's, names Kent's districts.
        if (!r.where().contains(key + ".custom_weights")) {
          message += "; the default weights are kent-baseline's: give " + key +
                     ".custom_weights (custom_weights = {} clears them) and district_weights";
        }
        r.error_at(key + ".custom_weights." + code, message);
      }
      for (const auto& [code, growth] : g.district_growth_per_year) {
        if (!index_of(code))
          r.error_at(key + ".district_growth_per_year." + code,
                     unknown_district(code, codes, external, s.area_code));
      }
      // Weights refused above are missing from the map: its emptiness or sum says nothing.
      if (r.refused_under(key + ".custom_weights")) continue;
      if (g.district_weights == "custom" && g.custom_weights.empty()) {
        r.error_at(r.blame({key + ".district_weights", key + ".custom_weights"}),
                   "district_weights = \"custom\" needs custom_weights = { <GSS code> = "
                   "weight, ... }");
      } else if (g.district_weights == "custom") {
        // All zero would not place the demand anywhere; the run would spread it equally.
        double sum = 0.0;
        for (const auto& [code, weight] : g.custom_weights) sum += weight;
        if (sum <= 0.0) {
          // Blamed where the weights were last given: a --set of one entry, before the file.
          std::vector<std::string> given{key + ".custom_weights"};
          for (const auto& [code, weight] : g.custom_weights)
            given.push_back(key + ".custom_weights." + code);
          r.error_at(r.blame(given),
                     "the weights add up to 0; at least one district must have a weight > 0");
        }
      }
    }
  }
  if (refs.entrant_weights_given) {
    s.framework.entrant_district_weights.clear();
    if (!refs.entrant_district_weights.empty())
      s.framework.entrant_district_weights.assign(codes.size(), 0.0);
    for (const auto& [code, weight] : refs.entrant_district_weights) {
      if (const auto d = index_of(code)) {
        s.framework.entrant_district_weights[*d] = weight;
      } else {
        r.error_at("framework.entrant_district_weights." + code,
                   unknown_district(code, codes, external, s.area_code));
      }
    }
    // All zero would leave an entrant no district to be drawn to (an empty table draws
    // them in proportion to the starting homecare demand).
    double sum = 0.0;
    for (const auto& [code, weight] : refs.entrant_district_weights) sum += weight;
    if (!refs.entrant_district_weights.empty() && sum <= 0.0) {
      std::vector<std::string> given{"framework.entrant_district_weights"};
      for (const auto& [code, weight] : refs.entrant_district_weights)
        given.push_back("framework.entrant_district_weights." + code);
      r.error_at(r.blame(given),
                 "the weights add up to 0; at least one district must have a weight > 0 (or "
                 "give {} to draw them in proportion to the starting homecare demand)");
    } else if (std::isfinite(sum)) {
      // Only their proportions are drawn from: as shares, {A = 1} and {A = 2} are one model
      // (a sweep of one district's weight alone is said to move nothing).
      for (double& w : s.framework.entrant_district_weights) w /= sum;
    }
  }
  bool needs_market = false;
  for (const Reference& ref : refs.items) {
    if (ref.owner == Reference::Owner::shock_provider) {
      needs_market = true;
      continue;
    }
    const auto d = index_of(ref.text);
    if (!d) {
      r.error_at(ref.key_path, unknown_district(ref.text, codes, external, s.area_code));
      continue;
    }
    switch (ref.owner) {
      case Reference::Owner::shock:
        s.shocks[ref.index].district = *d;
        break;
      case Reference::Owner::action:
        s.actions[ref.index].district = *d;
        break;
      case Reference::Owner::recruitment:
        s.framework.recruitment[ref.index].district = *d;
        break;
      case Reference::Owner::shock_provider:
        break;
    }
  }
  if (!needs_market || !r.errors().empty()) return;
  if (s.imported && s.imported->has_market) {
    // Imported providers: by id, else by name when the name is unique.
    const auto& ids = s.imported->provider_ids;
    const auto& names = s.imported->provider_names;
    for (const Reference& ref : refs.items) {
      if (ref.owner != Reference::Owner::shock_provider) continue;
      if (const auto it = std::find(ids.begin(), ids.end(), ref.text); it != ids.end()) {
        s.shocks[ref.index].provider = static_cast<std::size_t>(it - ids.begin());
        continue;
      }
      const auto named = std::count(names.begin(), names.end(), ref.text);
      if (named == 1) {
        s.shocks[ref.index].provider = static_cast<std::size_t>(
            std::find(names.begin(), names.end(), ref.text) - names.begin());
        continue;
      }
      std::string message =
          named > 1 ? "'" + ref.text + "' names " + std::to_string(named) + " providers in " +
                          s.files.providers + ": give the provider id"
                    : "no provider with id or name '" + ref.text + "' in " + s.files.providers;
      std::vector<std::string> candidates = ids;
      candidates.insert(candidates.end(), names.begin(), names.end());
      if (const auto suggestion = closest(ref.text, candidates); suggestion && named == 0)
        message += "; did you mean '" + *suggestion + "'?";
      r.error_at(ref.key_path, message);
    }
    return;
  }
  const sim::ModelParams model = build_model(s, graph);
  std::vector<std::string> names;
  for (const auto& p : model.market.providers) names.push_back(p.name);
  for (const Reference& ref : refs.items) {
    if (ref.owner != Reference::Owner::shock_provider) continue;
    const auto it = std::find(names.begin(), names.end(), ref.text);
    if (it != names.end()) {
      s.shocks[ref.index].provider = static_cast<std::size_t>(it - names.begin());
      continue;
    }
    std::string message = "no provider named '" + ref.text + "' in the synthesised market";
    // The name as a person reads it: case, spaces and '_' for a space set aside.
    const auto plain = [](std::string_view text) {
      std::string out;
      for (const char c : text) {
        const bool space = c == ' ' || c == '_' || c == '\t';
        if (space && (out.empty() || out.back() == ' ')) continue;
        out += space ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      if (!out.empty() && out.back() == ' ') out.pop_back();
      return out;
    };
    const std::string wanted = plain(ref.text);
    const auto same = std::find_if(names.begin(), names.end(),
                                   [&](const std::string& n) { return plain(n) == wanted; });
    const auto space = wanted.rfind(' ');
    const std::string kind = space == std::string::npos ? std::string() : wanted.substr(0, space);
    const std::string number =
        space == std::string::npos ? std::string() : wanted.substr(space + 1);
    // A synthesised kind ("supported living framework provider") and the key of its count.
    std::string count_key;
    for (std::size_t si = 0; si < service_names.size(); ++si) {
      for (const char* k : {"framework", "spot"}) {
        if (kind == synthesised_provider_prefix(si, k))
          count_key = synthesised_provider_count_key(si, k);
      }
    }
    const auto count = std::count_if(names.begin(), names.end(), [&](const std::string& n) {
      return n.starts_with(kind + " ");
    });
    const bool digits =
        !number.empty() && number.size() <= 18 &&
        std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; });
    const long long n = digits ? std::stoll(number) : 0;
    if (same != names.end()) {
      message += "; did you mean '" + *same + "'?";  // written otherwise (case, spaces)
    } else if (!count_key.empty() && digits && n >= 1 && n <= count) {
      message += "; did you mean '" + kind + " " + std::to_string(n) + "'?";  // 01 for 1
    } else if (!count_key.empty()) {
      // Numbered past its kind's count (provider 61 of 48), or not by a whole number: the
      // count and its key are the cause, not a near name (another provider).
      message += count == 0
                     ? ": it has no " + kind + "s (" + count_key + " is 0)"
                     : ": it has " + counted(static_cast<std::size_t>(count), kind) +
                           ", numbered 1" + (count == 1 ? "" : " to " + std::to_string(count)) +
                           " (" + count_key + ")";
      // Blamed on the count where the user changed it (a --set, or the file named over the
      // one it extends), naming the shock and where it is given (Reader::blame).
      if (digits && r.blame({ref.key_path, count_key}) == count_key) {
        r.error_at(count_key, "leaves out " + ref.key_path + " (" + r.location(ref.key_path) +
                                  "): " + message);
        continue;
      }
    } else {
      message += " (names are like 'homecare framework provider 1')";
      if (const auto suggestion = closest(ref.text, names))
        message += "; did you mean '" + *suggestion + "'?";
    }
    r.error_at(ref.key_path, message);
  }
}

}  // namespace

std::vector<std::string> model_district_codes(const geography::DistrictGraph& graph,
                                              bool with_external) {
  std::vector<std::string> codes;
  for (std::size_t i = 0; i < graph.size(); ++i) {
    if (!graph.district(i).external) codes.push_back(graph.district(i).code);
  }
  for (std::size_t i = 0; with_external && i < graph.size(); ++i) {
    if (graph.district(i).external) codes.push_back(graph.district(i).code);
  }
  return codes;
}

void check_scenario(Reader& r, Scenario& s, const References& refs) {
  check_reopenings(r, s);
  check_timing(r, s);
  check_scale(r, s);
  check_bands(r, s);
  if (s.geography.external_providers && !s.geography.include_external)
    r.error_at("geography.external_providers",
               "needs geography.include_external = true: the external districts must be nodes "
               "of the graph to hold providers");
  geography::DistrictGraph graph;
  try {
    graph = load_scenario_geography(s);
  } catch (const geography::ReadStopped&) {
    throw;  // a signal: the command stops, it is not a fault of the geography
  } catch (const std::exception& e) {
    r.error_at("geography.data", std::string("cannot load the geography: ") + e.what());
    return;
  }
  check_population_weights(r, s, graph);
  import_files(r, s, graph);
  resolve(r, s, refs, graph);
}

}  // namespace caremarket::scenarios::detail
