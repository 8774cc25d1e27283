#include "results/report_data.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "geography/table.hpp"
#include "results/analysis_words.hpp"
#include "results/report_page.hpp"
#include "results/spend_report.hpp"
#include "sim/calendar.hpp"

namespace caremarket::results::report_data {

using namespace page;  // NOLINT(google-build-using-namespace)

const std::vector<std::string> services{"homecare", "supported_living"};

namespace {

// A row's mean and percentiles, finite (no mean of a run's figures is infinite); of a share
// (`share`), each from 0 to 1 (Table::probability).
Stats row_stats(const Table& t, const std::vector<std::string>& row, bool share) {
  static const std::array<std::string_view, 4> cols{"mean", "p05", "p50", "p95"};
  std::array<double, 4> v{};
  for (std::size_t i = 0; i < cols.size(); ++i)
    v[i] = share ? t.probability(row, cols[i]) : t.real(row, cols[i]);
  return {v[0], v[1], v[2], v[3]};
}

// A metrics file's periods against the manifest's span: the first starts on "start_date", the
// last ends the day before "horizon_months" calendar months after it (sim::period_boundaries).
// Fields a manifest leaves out, or gives wrongly (said by manifest_field_faults), and cells that
// are no dates (said where they are read), are not compared.
void check_span_as_manifest(const Table& t, const json& m) {
  if (!m.is_object() || t.rows.empty()) return;
  const auto extreme = [&](const char* col, bool first) -> std::string {
    if (!t.has_column(col)) return {};
    std::string out;
    for (const auto& row : t.rows) {
      const std::string& d = row[t.column(col)];
      if (sim::date_fault(d)) return {};
      if (out.empty() || (first ? d < out : d > out)) out = d;
    }
    return out;
  };
  const bool dated = m.contains("start_date") && m["start_date"].is_string() &&
                     !sim::date_fault(m["start_date"].get<std::string>());
  const bool long_as = m.contains("horizon_months") && m["horizon_months"].is_number_unsigned();
  // A manifest without the start or the horizon that its reopenings are judged by
  // (manifest_field_faults judges them where it has them) has them judged by the file's periods
  // instead: a reopening outside them would stretch every chart's time axis to it. A start given
  // judges the first side there, so a reopening before it is said once. Said in the same words
  // of each metrics file, so once when both files span the same periods. A start or horizon
  // given wrongly is said by manifest_field_faults.
  const bool start_missing = !m.contains("start_date");
  const bool horizon_missing = !m.contains("horizon_months");
  if ((start_missing || horizon_missing) && (dated || start_missing) &&
      (long_as || horizon_missing) && m.contains("reopenings") && m["reopenings"].is_array()) {
    const std::string first = extreme("period_start", true);
    const std::string last = extreme("period_end", false);
    const std::string lacks = start_missing && horizon_missing
                                  ? "gives neither \"start_date\" nor \"horizon_months\""
                              : start_missing ? "gives no \"start_date\""
                                              : "gives no \"horizon_months\"";
    const json& r = m["reopenings"];
    for (std::size_t i = 0; i < r.size() && !first.empty() && !last.empty(); ++i) {
      if (!r[i].is_string() || sim::date_fault(r[i].get<std::string>())) continue;
      const std::string at = r[i].get<std::string>();
      if ((dated || at >= first) && at <= last) continue;
      page::say_fault("manifest.json: \"reopenings[" + std::to_string(i) + "]\": " + at +
                      " is outside the periods of the run's files (" + first + " to " + last +
                      "), and the manifest " + lacks + " to place it; a run's reopenings fall " +
                      "within it");
    }
  }
  if (!dated) return;
  const std::string start = m["start_date"].get<std::string>();
  if (const std::string first = extreme("period_start", true); !first.empty() && first != start)
    page::say_runs_differ(t.name + ": the first period starts on " + first +
                          ", but manifest.json's \"start_date\" is " + start);
  if (!m.contains("horizon_months") || !m["horizon_months"].is_number_unsigned()) return;
  const auto months = m["horizon_months"].get<std::uint64_t>();
  const std::string last = extreme("period_end", false);
  if (months == 0 || last.empty()) return;
  std::string end;  // the run's last day; none past year 9999 (no date YYYY-MM-DD is after it)
  if (months <= 12000) {
    const std::int64_t day =
        sim::days_from_civil(sim::add_months(sim::parse_iso_date(start), static_cast<int>(months)));
    const sim::Date e = sim::civil_from_days(day - 1);
    if (e.year <= 9999) end = sim::to_iso(e);
  }
  // As many periods as the manifest's "period" makes of its span (a month's files said to be
  // of quarters would draw each month as a quarter).
  if (!end.empty() && m.contains("period") && m["period"].is_string()) {
    const std::string period = m["period"].get<std::string>();
    const std::optional<sim::PeriodLength> length = sim::period_length(period);
    std::set<std::string> ends;
    for (const auto& row : t.rows) ends.insert(row[t.column("period_end")]);
    const std::size_t made = length ? sim::period_boundaries(sim::parse_iso_date(start),
                                                             static_cast<int>(months), *length)
                                              .size() -
                                          1
                                    : 0;
    // A period no run writes is said of the manifest (manifest_field_faults).
    if (length && ends.size() != made) {
      page::say_runs_differ(t.name + ": " + std::to_string(ends.size()) +
                            (ends.size() == 1 ? " period" : " periods") +
                            ", but manifest.json's \"period\" '" + period + "' makes " +
                            std::to_string(made) + " of its " + std::to_string(months) +
                            (months == 1 ? " month" : " months"));
    }
  }
  if (last == end) return;
  page::say_runs_differ(t.name + ": the last period ends on " + last +
                        ", but manifest.json's \"horizon_months\" " + std::to_string(months) +
                        " from \"start_date\" " + start +
                        (end.empty() ? std::string(" ends after 9999") : " ends on " + end));
}

// A run's file against its manifest: every row of its scenario, and (a metrics file) of as many
// periods as it says ("periods"), as well as of its runs.
void check_as_manifest(const Table& t, const json& m, bool periods) {
  t.runs_as_manifest(manifest_runs(m));
  if (!m.is_object()) return;
  if (m.contains("scenario") && m["scenario"].is_string())
    t.text_as_manifest("scenario", m["scenario"].get<std::string>(), "scenario");
  // A file whose reading stopped at a row (said) has periods after it unread: not judged.
  if (t.cut_line != 0) return;
  if (periods) check_span_as_manifest(t, m);
  if (!periods || !m.contains("periods") || !m["periods"].is_number_unsigned() ||
      !t.has_column("period_end"))
    return;
  std::set<std::string> ends;
  for (const auto& row : t.rows) ends.insert(row[t.column("period_end")]);
  const auto asked = m["periods"].get<std::uint64_t>();
  if (ends.size() == asked) return;
  const std::string message = t.name + ": " + std::to_string(ends.size()) +
                              (ends.size() == 1 ? " period" : " periods") +
                              ", but manifest.json's \"periods\" is " + std::to_string(asked);
  page::say_runs_differ(message);
}

// A metrics file's periods (period_start, period_end), in order of their starts, or empty
// when a cell is no date (said where it is read), the file lacks the columns or its reading
// stopped at a row (said).
std::vector<std::pair<std::string, std::string>> periods_of(const Table& t) {
  if (!t.has_column("period_start") || !t.has_column("period_end") || t.cut_line != 0) return {};
  std::set<std::pair<std::string, std::string>> periods;
  for (const auto& row : t.rows) {
    const std::string& start = row[t.column("period_start")];
    const std::string& end = row[t.column("period_end")];
    if (sim::date_fault(start) || sim::date_fault(end)) return {};
    periods.insert({start, end});
  }
  return {periods.begin(), periods.end()};
}

// A run's periods follow one another day by day, each ending on or after its start: a file
// whose do not was edited or is of no run (a period's start moved back years let a reopening
// outside the run be drawn).
void check_periods_follow(const Table& t,
                          const std::vector<std::pair<std::string, std::string>>& periods) {
  for (std::size_t i = 0; i < periods.size(); ++i) {
    const auto& [start, end] = periods[i];
    const std::string span = start + " to " + end;
    if (end < start) {
      page::say_fault(t.name + ": the period " + span +
                      " ends before it starts: the file is not one a run writes");
      return;
    }
    if (i == 0) continue;
    const std::string& before = periods[i - 1].second;
    const std::string next_day =
        sim::to_iso(sim::civil_from_days(sim::days_from_civil(sim::parse_iso_date(before)) + 1));
    if (start < next_day) {
      page::say_fault(t.name + ": the period " + span + " overlaps the period " +
                      periods[i - 1].first + " to " + before +
                      ": a run's periods follow one another, so the file is not one a run "
                      "writes");
      return;
    }
    if (start != next_day) {
      page::say_fault(t.name + ": the period " + span +
                      " does not start the day after the period before it ends (" + before +
                      "): a run's periods follow one another, so the file is not one a run "
                      "writes");
      return;
    }
  }
}

SeriesMap read_series(const Table& t, const std::set<std::string>& metrics, const json& m,
                      const std::vector<std::string>& areas,
                      std::vector<std::pair<std::string, std::string>>* periods) {
  t.require_rows({"district_name", "service", "period_end", "metric", "mean", "p05", "p50", "p95"});
  const std::size_t c_name = t.column("district_name");
  const std::size_t c_service = t.column("service");
  const std::size_t c_end = t.column("period_end");
  const std::size_t c_metric = t.column("metric");
  SeriesMap out;
  // By series (area, service, metric): the period_end read last, and its rows.
  struct SeriesRead {
    std::string last_end;
    std::size_t rows = 0;
  };
  std::map<std::string, SeriesRead> read;
  for (const auto& row : t.rows) {
    // A period's end is a date: the charts' labels and years are read from it. Every row's
    // cells are checked, drawn or not: a file at fault is refused whole.
    static_cast<void>(t.date(row, "period_end"));
    if (t.has_column("period_start")) static_cast<void>(t.date(row, "period_start"));
    const Stats stats = row_stats(t, row, row[c_metric] == "off_contract_share");
    if (t.has_column("replications")) static_cast<void>(t.count(row, "replications", 1));
    for (const char* col : {"sd", "sem"})
      if (t.has_column(col)) static_cast<void>(t.nonnegative(row, col));
    // Each series (area, service, metric) has each period once, in order: a month written
    // twice was drawn twice (and summed twice in the yearly entries and exits).
    SeriesRead& series = read[row[c_name] + "'s " + row[c_service] + " " + row[c_metric] + '\x1f'];
    if (series.rows++ > 0 && !sim::date_fault(row[c_end]) && !sim::date_fault(series.last_end) &&
        row[c_end] <= series.last_end)
      page::say_fault(t.place(row, c_end) + ": '" + row[c_end] + "' is not after " +
                      series.last_end + ", the period before it of " + row[c_name] + "'s " +
                      row[c_service] + " " + row[c_metric] +
                      ": a run writes each period once, in order");
    series.last_end = row[c_end];
    if (!metrics.contains(row[c_metric])) continue;
    Series& s = out[{row[c_name], row[c_service], row[c_metric]}];
    s.dates.push_back(row[c_end]);
    s.stats.push_back(stats);
  }
  // A metric no run writes for its service was left out of every chart unsaid.
  t.metric_columns();
  // Every area of the run (`areas`, or those the file gives where the manifest names none) has
  // every metric the page draws of both services (a run writes both, a service it does not have
  // as zeros): one missing is a series lost, its chart drawn without it.
  std::map<std::string, std::set<std::string>> given;  // "area's service" -> metrics
  for (const auto& row : t.rows)
    if (row[c_service] == "homecare" || row[c_service] == "supported_living")
      given[row[c_name] + "'s " + row[c_service]].insert(row[c_metric]);
  std::vector<std::string> expected_areas = areas;
  if (expected_areas.empty())
    for (const auto& row : t.rows)
      if (std::find(expected_areas.begin(), expected_areas.end(), row[c_name]) ==
          expected_areas.end())
        expected_areas.push_back(row[c_name]);
  std::vector<std::string> lost;  // "Ashford's homecare people_waiting"
  for (const std::string& area : expected_areas) {
    for (const char* service : {"homecare", "supported_living"}) {
      const std::string key = area + "'s " + service;
      const auto at = given.find(key);
      for (const std::string& metric : written_metrics(service))
        if (metrics.contains(metric) && (at == given.end() || !at->second.contains(metric)))
          lost.push_back(geography::printable(key) + " " + metric);
    }
  }
  // A file whose reading stopped at a row (said) lacks the rows after it: not lost.
  if (!lost.empty() && t.cut_line == 0)
    page::say_fault(t.name + ": no rows of " + some_of(lost) +
                    ": a run writes every metric the report draws of every area and service");
  *periods = periods_of(t);
  check_periods_follow(t, *periods);
  // Every series has every period of the file: one left out is a row lost (its month drawn as
  // a gap, or the line joined across it).
  if (!periods->empty()) {
    std::vector<std::string> short_series;  // "Ashford's homecare people_waiting (11)"
    for (const auto& [key, series] : read)
      if (series.rows != periods->size())
        short_series.push_back(key.substr(0, key.size() - 1) + " (" + std::to_string(series.rows) +
                               ")");
    if (!short_series.empty() && t.cut_line == 0)
      page::say_fault(
          t.name + ": " + some_of(short_series) + " ha" + (short_series.size() == 1 ? "s" : "ve") +
          " another count of periods than the file's " + std::to_string(periods->size()) +
          ": a run writes every period of every series");
  }
  check_as_manifest(t, m, true);
  return out;
}

}  // namespace

std::string metric_label(std::string_view metric) {
  if (metric == "off_contract_share") return "Off-contract share of people placed (%)";
  if (metric == "people_waiting") return "People waiting";
  if (metric == "people_placed_local") return "Placed on contract in own district";
  if (metric == "people_placed_neighbour") return "Placed on contract in a neighbouring district";
  if (metric == "people_off_contract") return "Placed off contract (spot)";
  if (metric == "providers_contracted") return "Contracted providers (framework and in-house)";
  if (metric == "provider_exits") return "Provider exits, every kind";
  if (metric == "provider_entries") return "Provider entries, every kind";
  if (metric == "framework_exits") return "Framework providers leaving";
  if (metric == "spot_exits") return "Spot providers closing";
  if (metric == "framework_entries") return "Providers joining the framework";
  if (metric == "spot_entries") return "New spot providers";
  return std::string(metric);
}

std::string capacity_unit(std::string_view service) {
  return service == "homecare" ? "hours_per_week" : "homes";
}

std::string kpi_name(std::string_view pattern, std::string_view service) {
  std::string name(pattern);
  const auto at = name.find("<unit>");
  if (at != std::string::npos) name.replace(at, 6, capacity_unit(service));
  return name;
}

const Kpi* find_kpi(const ReportData& d, std::string_view service, std::string_view name) {
  for (const Kpi& k : d.kpis) {
    if (k.service == service && k.name == name) return &k;
  }
  return nullptr;
}

// The council's code and name as the manifest gives them (none where it gives none).
std::map<std::string, std::string> manifest_council(const json& m) {
  if (!m.is_object() || !m.contains("council") || !m["council"].is_object()) return {};
  const json& c = m["council"];
  if (!c.contains("code") || !c["code"].is_string() || !c.contains("name") ||
      !c["name"].is_string())
    return {};
  return {{c["code"].get<std::string>(), c["name"].get<std::string>()}};
}

// The districts' codes and names as the manifest gives them (read into d.districts).
std::map<std::string, std::string> manifest_district_names(const ReportData& d) {
  std::map<std::string, std::string> out;
  for (const DistrictInfo& i : d.districts) out.emplace(i.code, i.name);
  return out;
}

ReportData load(const ReportSources& src) {
  ReportData d;
  Table dt;  // district_metrics.csv
  // Each metrics file's periods, to compare (empty where a file is not read, or not whole).
  std::vector<std::pair<std::string, std::string>> county_periods, district_periods;
  // Each file is read on its own: one that cannot be read (a column missing, no rows) hides no
  // fault of the others, which are all said at once (read_tables).
  const auto unread = [&](const char* name) {
    return std::find(src.unread.begin(), src.unread.end(), name) != src.unread.end();
  };
  read_tables(
      {[&] {
         if (!src.unread_problems.empty()) throw ReportInputError(src.unread_problems);
       },
       [&] {
         if (unread("manifest.json")) return;
         d.manifest = parse_manifest_json(src.manifest_json);
         if (!d.manifest.is_object() || !d.manifest.contains("scenario")) {
           throw ReportInputError("manifest.json is not a caremarket manifest (no \"scenario\")");
         }
         if (auto faults = analysis::manifest_field_faults(d.manifest); !faults.empty())
           throw ReportInputError(std::move(faults));
         try {
           d.scenario = d.manifest.value("scenario", std::string());
           d.council_name =
               d.manifest.contains("council") ? d.manifest["council"].value("name", "") : "";
           if (d.manifest.contains("reopenings") && d.manifest["reopenings"].is_array()) {
             for (const auto& r : d.manifest["reopenings"])
               d.reopenings.push_back(r.get<std::string>());
           }
           if (d.manifest.contains("districts") && d.manifest["districts"].is_array()) {
             for (const auto& j : d.manifest["districts"]) {
               DistrictInfo info;
               info.code = j.value("code", "");
               info.name = j.value("name", "");
               info.hex_col =
                   j.contains("hex_col") && j["hex_col"].is_number() ? j["hex_col"].get<int>() : 0;
               info.hex_row =
                   j.contains("hex_row") && j["hex_row"].is_number() ? j["hex_row"].get<int>() : 0;
               d.districts.push_back(std::move(info));
             }
           }
         } catch (const json::exception& e) {
           throw ReportInputError("manifest.json: " + json_fault_words(e));
         }
       },
       [&] {
         if (unread("kpis.csv")) return;
         const Table kpis = parse_csv(src.kpis_csv, "kpis.csv");
         kpis.require_rows({"service", "kpi", "unit", "mean", "p05", "p50", "p95"});
         for (const auto& row : kpis.rows) {
           for (const char* col : {"sd", "sem"})
             if (kpis.has_column(col)) static_cast<void>(kpis.nonnegative(row, col));
           d.kpis.push_back({row[kpis.column("service")], row[kpis.column("kpi")],
                             row[kpis.column("unit")],
                             row_stats(kpis, row, row[kpis.column("unit")] == "share")});
           if (kpis.has_column("replications")) d.replications = kpis.count(row, "replications", 1);
         }
         kpis.kpi_columns();
         kpis.unique_rows({"service", "kpi"});
         kpis.all_kpis();
         check_as_manifest(kpis, d.manifest, false);
       },
       [&] {
         if (unread("providers.csv")) return;
         const Table providers = parse_csv(src.providers_csv, "providers.csv");
         providers.require({"provider", "name", "kind", "service", "district_name",
                            "share_of_district_contracted_capacity", "probability_of_exit",
                            "mean_people_displaced", "people_at_start"});
         // A provider's kind is drawn as written: framework, spot or in-house; its district is
         // one of the run's (blank for a provider that holds nothing).
         providers.one_of("kind", {"framework", "spot", "in_house"});
         if (providers.has_column("district_code"))
           providers.areas_as_manifest("district_code", "district_name", manifest_district_names(d),
                                       "manifest.json's districts", true);
         std::map<std::string, std::size_t> by_id;
         for (const auto& row : providers.rows) {
           // Every row's numbers, drawn or not (a provider's later rows repeat its figures).
           for (const char* col : {"mean_people_displaced", "people_at_start"})
             static_cast<void>(providers.nonnegative(row, col));
           if (providers.has_column("capacity_at_start"))
             static_cast<void>(providers.nonnegative(row, "capacity_at_start"));
           for (const char* col : {"probability_of_exit", "share_of_district_contracted_capacity"})
             static_cast<void>(providers.probability(row, col));
           const std::string& id = row[providers.column("provider")];
           auto [it, added] = by_id.try_emplace(id, d.providers.size());
           if (added) {
             Provider p;
             p.id = id;
             p.name = row[providers.column("name")];
             p.kind = row[providers.column("kind")];
             p.probability_of_exit = providers.probability(row, "probability_of_exit");
             p.mean_displaced = providers.number(row, "mean_people_displaced");
             p.people_at_start = providers.number(row, "people_at_start");
             d.providers.push_back(std::move(p));
           }
           Provider& p = d.providers[it->second];
           const std::string& service = row[providers.column("service")];
           if (!service.empty()) p.services.insert(service);
           const std::string& share_text =
               row[providers.column("share_of_district_contracted_capacity")];
           if (!share_text.empty()) {
             const double share =
                 providers.probability(row, "share_of_district_contracted_capacity");
             auto& [largest, district] = p.largest_share[service];
             if (share > largest) {
               largest = share;
               district = row[providers.column("district_name")];
             }
           }
         }
       },
       [&] {
         if (unread("county_metrics.csv")) return;
         const std::set<std::string> county_metrics{
             "off_contract_share",  "people_waiting",
             "people_placed_local", "people_placed_neighbour",
             "people_off_contract", "providers_contracted",
             "provider_exits",      "provider_entries",
             "framework_exits",     "spot_exits",
             "framework_entries",   "spot_entries"};
         const Table ct = parse_csv(src.county_metrics_csv, "county_metrics.csv");
         std::vector<std::string> council;
         for (const auto& [code, name] : manifest_council(d.manifest)) council.push_back(name);
         d.county = read_series(ct, county_metrics, d.manifest, council, &county_periods);
         if (ct.has_column("district_code"))
           ct.areas_as_manifest("district_code", "district_name", manifest_council(d.manifest),
                                "manifest.json's council");
       },
       [&] {
         const std::set<std::string> district_metrics{
             "off_contract_share",    "people_waiting",     "capacity_gap_hours_per_week",
             "demand_hours_per_week", "capacity_gap_homes", "demand_homes"};
         if (unread("district_metrics.csv")) return;
         dt = parse_csv(src.district_metrics_csv, "district_metrics.csv");
         std::vector<std::string> districts;
         for (const DistrictInfo& i : d.districts) districts.push_back(i.name);
         d.district = read_series(dt, district_metrics, d.manifest, districts, &district_periods);
         if (dt.has_column("district_code"))
           dt.areas_as_manifest("district_code", "district_name", manifest_district_names(d),
                                "manifest.json's districts");
       },
       [&] {
         if (unread("spend_by_year.csv")) return;
         if (src.spend_by_year_present) {
           check_as_manifest(spend_table(src.spend_by_year_csv), d.manifest, false);
         } else if (d.manifest.is_object() && d.manifest.contains("files") &&
                    d.manifest["files"].is_array()) {
           // A folder written before the file existed has none; one whose manifest lists it
           // has lost it.
           for (const auto& f : d.manifest["files"])
             if (f.is_string() && f.get<std::string>() == "spend_by_year.csv")
               throw ReportInputError(
                   "cannot read spend_by_year.csv: no such file, though manifest.json lists it");
         }
       },
       [&] {
         // The files the page does not read (the scenario as it ran, the database) are the
         // folder's too: one the manifest lists that is gone leaves a folder that cannot be run
         // again or opened as written. The files the page reads are said where they are read.
         if (!src.folder_files || !d.manifest.is_object() || !d.manifest.contains("files") ||
             !d.manifest["files"].is_array())
           return;
         const std::set<std::string> read_above{"county_metrics.csv", "district_metrics.csv",
                                                "kpis.csv",           "providers.csv",
                                                "spend_by_year.csv",  "report.html"};
         std::vector<std::string> lost;
         for (const auto& f : d.manifest["files"]) {
           if (!f.is_string() || f.get<std::string>().empty() ||
               read_above.contains(f.get<std::string>()))
             continue;
           const std::string name = geography::printable(f.get<std::string>());
           if (std::find(src.folder_files->begin(), src.folder_files->end(),
                         f.get<std::string>()) == src.folder_files->end() &&
               std::find(lost.begin(), lost.end(), name) == lost.end())
             lost.push_back(name);
         }
         if (!lost.empty())
           throw ReportInputError(
               "the folder has no file " + join_words(lost) + ", though manifest.json lists " +
               (lost.size() == 1 ? "it" : "them") +
               ": a file of the run was moved or deleted (run the scenario again for a whole "
               "folder)");
       }});
  // The two metrics files of one run have the same periods: a manifest without "start_date" or
  // "horizon_months" does not tie them to one span, so they are tied to each other.
  if (!county_periods.empty() && !district_periods.empty() && county_periods != district_periods) {
    const auto words = [](const std::vector<std::pair<std::string, std::string>>& p) {
      return p.front().first + " to " + p.back().second + ", " + std::to_string(p.size()) +
             (p.size() == 1 ? " period" : " periods");
    };
    throw ReportInputError("district_metrics.csv: its periods (" + words(district_periods) +
                           ") are not those of county_metrics.csv (" + words(county_periods) +
                           "): the two files are of different runs");
  }
  if (d.districts.empty()) {
    // An older manifest without positions: districts in file order along one row.
    const std::size_t c_code = dt.column("district_code");
    const std::size_t c_name = dt.column("district_name");
    std::set<std::string> seen;
    for (const auto& row : dt.rows) {
      if (seen.insert(row[c_code]).second) {
        d.districts.push_back({row[c_code], row[c_name], static_cast<int>(d.districts.size()), 0});
      }
    }
  }
  return d;
}

std::vector<YearGap> year_gaps(const ReportData& d, const std::string& district,
                               const std::string& service) {
  const std::string unit = capacity_unit(service);
  const auto gap_it = d.district.find({district, service, "capacity_gap_" + unit});
  const auto dem_it = d.district.find({district, service, "demand_" + unit});
  std::vector<YearGap> out;
  if (gap_it == d.district.end() || dem_it == d.district.end()) return out;
  const Series& gap = gap_it->second;
  const Series& dem = dem_it->second;
  const std::size_t n = std::min(gap.dates.size(), dem.dates.size());
  for (std::size_t i = 0; i < n; ++i) {
    const std::string year = gap.dates[i].substr(0, 4);
    const bool last_of_year = i + 1 == n || gap.dates[i + 1].substr(0, 4) != year;
    if (!last_of_year) continue;
    const double demand = dem.stats[i].mean;
    // Demand under a millionth of an hour or home is none (a folder whose rounding left a
    // residue of 1e-15 once everyone had left drew a gap of -4e16% of it).
    const auto share = [&](double g) { return demand > 1e-6 ? g / demand : 0.0; };
    // A run that ends before 31 December ends its last year early: the label says when.
    std::string label = year;
    const std::string& date = gap.dates[i];
    if (date.size() == 10 && !date.ends_with("-12-31")) {
      static constexpr std::array<std::string_view, 12> months{
          "January", "February", "March",     "April",   "May",      "June",
          "July",    "August",   "September", "October", "November", "December"};
      const int month = std::stoi(date.substr(5, 2));
      const int day = std::stoi(date.substr(8, 2));
      if (month >= 1 && month <= 12)
        label += " (to " + std::to_string(day) + " " +
                 std::string(months[static_cast<std::size_t>(month - 1)]) + ")";
    }
    out.push_back({label, date, share(gap.stats[i].p05), share(gap.stats[i].p50),
                   share(gap.stats[i].p95), gap.stats[i].p50, demand});
  }
  return out;
}

std::vector<MapDistrict> map_districts(const ReportData& d) {
  std::vector<MapDistrict> out;
  for (const auto& di : d.districts) out.push_back({di.code, di.name, di.hex_col, di.hex_row});
  return out;
}

// The district map's panels: each service's gap at the end of the last calendar year (diverging
// about zero: short is orange, spare blue) and off-contract share at the end (a level, from zero).
std::vector<MapPanel> map_panels(const ReportData& d) {
  std::vector<MapPanel> out;
  for (const auto& service : services) {
    MapPanel p;
    std::string date;
    for (const auto& di : d.districts) {
      const auto gaps = year_gaps(d, di.name, service);
      if (gaps.empty()) continue;
      date = gaps.back().date;
      p.values.push_back({di.code, gaps.back().share_p50 * 100.0, gaps.back().share_p05 * 100.0,
                          gaps.back().share_p95 * 100.0});
    }
    if (p.values.empty()) continue;
    const std::string unit = unit_words(capacity_unit(service));
    p.title = service_label(service) + ": capacity gap, " + date + ", % of demand in " + unit +
              " (median over runs; orange short, blue spare)";
    p.column = service_label(service) + " gap, " + date + " (% of demand)";
    p.legend = "Gap, % of demand";
    p.unit = "%";
    p.diverging = true;
    p.low_label = "5th percentile";
    p.high_label = "95th percentile";
    out.push_back(std::move(p));
  }
  for (const auto& service : services) {
    MapPanel p;
    std::string date;
    for (const auto& di : d.districts) {
      const auto it = d.district.find({di.name, service, "off_contract_share"});
      if (it == d.district.end() || it->second.stats.empty()) continue;
      date = it->second.dates.back();
      const Stats& st = it->second.stats.back();
      p.values.push_back({di.code, st.p50 * 100.0, st.p05 * 100.0, st.p95 * 100.0});
    }
    if (p.values.empty()) continue;
    p.title = service_label(service) + ": share of people placed who are off contract, " + date +
              " (median over runs)";
    p.column = service_label(service) + " off contract, " + date + " (%)";
    p.legend = "% of people placed";
    p.unit = "%";
    p.low_label = "5th percentile";
    p.high_label = "95th percentile";
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace caremarket::results::report_data
