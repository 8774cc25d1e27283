#include "results/writers.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "results/database.hpp"
#include "results/format.hpp"
#include "results/report.hpp"
#include "sim/calendar.hpp"

namespace caremarket::results {

namespace {

using sim::Metric;
using sim::Service;

void check_districts(const sim::ModelParams& params, const EnsembleSummary& summary) {
  if (params.district_codes.size() != summary.districts() ||
      params.district_names.size() != summary.districts()) {
    throw std::invalid_argument(
        "results: the parameters name " + std::to_string(params.district_codes.size()) +
        " district codes and " + std::to_string(params.district_names.size()) +
        " names; the summary has " + std::to_string(summary.districts()) + " districts");
  }
}

std::vector<PeriodDates> checked_period_dates(const sim::ModelParams& params,
                                              const EnsembleSummary& summary) {
  auto dates = period_dates(params.run);
  if (dates.size() != summary.periods()) {
    throw std::invalid_argument("results: the run's calendar has " + std::to_string(dates.size()) +
                                " periods; the summary has " + std::to_string(summary.periods()));
  }
  return dates;
}

// mean,sd,sem,p05,p50,p95,replications.
void append_stats(std::string& line, const SummaryStats& st) {
  for (const double v : {st.mean, st.sd, st.sem, st.p05, st.p50, st.p95}) {
    line += format_number(v);
    line += ',';
  }
  line += std::to_string(st.count);
  line += '\n';
}

// A withheld cell: the six statistics empty, the replications given (no quantiles are worked
// out: that sorts the cell's values).
void append_withheld(std::string& line, std::int64_t replications) {
  line += ",,,,,,";
  line += std::to_string(replications);
  line += '\n';
}

// `suppressed(period, service, metric)`: whether the cell is withheld.
template <typename Suppressed>
void write_metric_rows(std::ostream& out, const EnsembleSummary& summary,
                       const std::vector<PeriodDates>& dates, const std::string& prefix,
                       std::size_t area, const Suppressed& suppressed) {
  std::string line;
  for (std::size_t si = 0; si < sim::service_count; ++si) {
    const auto s = static_cast<Service>(si);
    for (std::size_t p = 0; p < summary.periods(); ++p) {
      for (std::size_t mi = 0; mi < sim::metric_count; ++mi) {
        const auto m = static_cast<Metric>(mi);
        if (!is_output_metric(m, s)) continue;
        line = prefix;
        line += sim::to_string(s);
        line += ',' + dates[p].start + ',' + dates[p].end + ',';
        line += sim::metric_name(m, s);
        line += ',';
        if (suppressed(p, si, mi)) {
          append_withheld(line, summary.cell(p, area, s, m).count());
        } else {
          append_stats(line, summary.cell_stats(p, area, s, m));
        }
        out << line;
      }
    }
  }
}

const char* to_string(sim::PeriodLength length) {
  switch (length) {
    case sim::PeriodLength::month:
      return "month";
    case sim::PeriodLength::quarter:
      return "quarter";
    case sim::PeriodLength::year:
      return "year";
  }
  return "?";
}

void check_stream(const std::ostream& out, const std::string& file) {
  if (!out) throw std::runtime_error("results: failed writing " + file);
}

/// A file of the folder being written, read back whole (to split it or load it into SQLite).
std::string read_file_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("results: cannot read back " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

bool is_people_count(Metric m) {
  switch (m) {
    case Metric::people_needing_care:
    case Metric::people_placed_local:
    case Metric::people_placed_neighbour:
    case Metric::people_off_contract:
    case Metric::people_waiting:
    case Metric::referrals:
    case Metric::new_placements:
    case Metric::new_off_contract_placements:
    case Metric::people_displaced:
      return true;
    default:
      return false;
  }
}

std::vector<bool> district_suppression(const EnsembleSummary& summary, const Disclosure& rule) {
  const std::size_t nd = summary.districts();
  const std::size_t np = summary.periods();
  const auto index = [&](std::size_t d, std::size_t s, std::size_t p, std::size_t m) {
    return ((d * sim::service_count + s) * np + p) * sim::metric_count + m;
  };
  std::vector<bool> out(nd * sim::service_count * np * sim::metric_count, false);
  if (!rule.active()) return out;
  constexpr Metric stocks[] = {Metric::people_needing_care, Metric::people_placed_local,
                               Metric::people_placed_neighbour, Metric::people_off_contract,
                               Metric::people_waiting};
  const auto mean = [&](std::size_t p, std::size_t d, std::size_t s, Metric m) {
    return summary.cell(p, d, static_cast<Service>(s), m).mean();
  };
  // The unsuppressed district with the smallest value (non-zero first), or nd if none.
  const auto second = [&](const std::vector<bool>& flagged, const std::vector<double>& value) {
    std::size_t best = nd;
    for (std::size_t d = 0; d < nd; ++d) {
      if (flagged[d]) continue;
      const auto key = [&](std::size_t i) { return std::pair(value[i] <= 0.0, value[i]); };
      if (best == nd || key(d) < key(best)) best = d;
    }
    return best;
  };
  std::vector<bool> flagged(nd);
  std::vector<double> value(nd);
  for (std::size_t s = 0; s < sim::service_count; ++s) {
    for (std::size_t p = 0; p < np; ++p) {
      // Stocks: the whole group of a district together.
      std::size_t count = 0;
      for (std::size_t d = 0; d < nd; ++d) {
        flagged[d] = false;
        for (const Metric m : stocks) flagged[d] = flagged[d] || rule.small(mean(p, d, s, m));
        value[d] = mean(p, d, s, Metric::people_needing_care);
        count += flagged[d] ? 1u : 0u;
      }
      if (count == 1) {
        const std::size_t extra = second(flagged, value);
        if (extra < nd) flagged[extra] = true;
      }
      for (std::size_t d = 0; d < nd; ++d) {
        if (!flagged[d]) continue;
        for (const Metric m : stocks) out[index(d, s, p, static_cast<std::size_t>(m))] = true;
      }
      // Flows: each metric on its own.
      for (std::size_t mi = 0; mi < sim::metric_count; ++mi) {
        const auto m = static_cast<Metric>(mi);
        if (!is_people_count(m) ||
            std::find(std::begin(stocks), std::end(stocks), m) != std::end(stocks)) {
          continue;
        }
        count = 0;
        for (std::size_t d = 0; d < nd; ++d) {
          value[d] = mean(p, d, s, m);
          flagged[d] = rule.small(value[d]);
          count += flagged[d] ? 1u : 0u;
        }
        if (count == 1) {
          const std::size_t extra = second(flagged, value);
          if (extra < nd) flagged[extra] = true;
        }
        for (std::size_t d = 0; d < nd; ++d) {
          if (flagged[d]) out[index(d, s, p, mi)] = true;
        }
      }
    }
  }
  return out;
}

bool is_output_metric(Metric m, Service s) {
  if (m == Metric::wait_days_total) return false;
  return !(m == Metric::homecare_hours_waiting && s != Service::homecare);
}

std::vector<PeriodDates> period_dates(const sim::RunParams& run) {
  const auto bounds = sim::period_boundaries(run.start, run.horizon_months, run.period);
  const std::int64_t origin = sim::days_from_civil(run.start);
  std::vector<PeriodDates> dates;
  for (std::size_t p = 0; p + 1 < bounds.size(); ++p) {
    const std::int64_t first = origin + std::llround(bounds[p]);
    const std::int64_t next = origin + std::llround(bounds[p + 1]);
    dates.push_back(
        {sim::to_iso(sim::civil_from_days(first)), sim::to_iso(sim::civil_from_days(next - 1))});
  }
  return dates;
}

void write_district_metrics_csv(std::ostream& out, const sim::ModelParams& params,
                                const EnsembleSummary& summary, std::string_view scenario,
                                const Disclosure& disclosure) {
  check_districts(params, summary);
  const auto dates = checked_period_dates(params, summary);
  const std::vector<bool> hidden = district_suppression(summary, disclosure);
  const std::size_t np = summary.periods();
  out << metrics_csv_header << '\n';
  for (std::size_t d = 0; d < summary.districts(); ++d) {
    const std::string prefix = csv_field(scenario) + ',' + csv_field(params.district_codes[d]) +
                               ',' + csv_field(params.district_names[d]) + ',';
    write_metric_rows(
        out, summary, dates, prefix, d, [&](std::size_t p, std::size_t s, std::size_t m) -> bool {
          return hidden[((d * sim::service_count + s) * np + p) * sim::metric_count + m];
        });
  }
  check_stream(out, "district_metrics.csv");
}

void write_county_metrics_csv(std::ostream& out, const sim::ModelParams& params,
                              const EnsembleSummary& summary, std::string_view scenario,
                              const CouncilArea& council, const Disclosure& disclosure) {
  check_districts(params, summary);
  const auto dates = checked_period_dates(params, summary);
  out << metrics_csv_header << '\n';
  const std::string prefix =
      csv_field(scenario) + ',' + csv_field(council.code) + ',' + csv_field(council.name) + ',';
  write_metric_rows(
      out, summary, dates, prefix, summary.county(),
      [&](std::size_t p, std::size_t s, std::size_t m) -> bool {
        const auto metric = static_cast<Metric>(m);
        return is_people_count(metric) &&
               disclosure.small(
                   summary.cell(p, summary.county(), static_cast<Service>(s), metric).mean());
      });
  check_stream(out, "county_metrics.csv");
}

void write_kpis_csv(std::ostream& out, const EnsembleSummary& summary, std::string_view scenario,
                    const Disclosure& disclosure) {
  out << kpis_csv_header << '\n';
  const auto table = kpi_table();
  std::string line;
  for (std::size_t k = 0; k < table.size(); ++k) {
    line = csv_field(scenario) + ',' + sim::to_string(table[k].service) + ',' + table[k].name +
           ',' + table[k].unit + ',';
    if (table[k].unit == "people" && disclosure.small(summary.kpi(k).mean())) {
      append_withheld(line, summary.kpi(k).count());
    } else {
      append_stats(line, summary.kpi(k).stats());
    }
    out << line;
  }
  check_stream(out, "kpis.csv");
}

void write_spend_by_year_csv(std::ostream& out, const EnsembleSummary& summary,
                             std::string_view scenario) {
  out << spend_by_year_csv_header << '\n';
  std::string line;
  for (std::size_t y = 0; y < summary.spend_years(); ++y) {
    const auto& [first, last] = summary.spend_year_dates(y);
    for (std::size_t s = 0; s <= sim::service_count; ++s) {
      const std::string service =
          s < sim::service_count ? std::string(sim::to_string(static_cast<Service>(s))) : "all";
      for (std::size_t c = 0; c < spend_category_count; ++c) {
        const auto category = static_cast<SpendCategory>(c);
        line = csv_field(scenario) + ',' + first + ',' + last + ',' + service + ',' +
               std::string(to_string(category)) + ',';
        append_stats(line, summary.spend(y, s, category).stats());
        out << line;
      }
    }
  }
  check_stream(out, "spend_by_year.csv");
}

void write_providers_csv(std::ostream& out, const sim::ModelParams& params,
                         const EnsembleSummary& summary, const Disclosure& disclosure) {
  check_districts(params, summary);
  if (!summary.keeps_providers()) {
    // Each replication started from its own market: no provider is the same in all of them.
    out << providers_csv_header << '\n';
    check_stream(out, "providers.csv");
    return;
  }
  const auto& providers = params.market.providers;
  if (providers.size() != summary.providers().size()) {
    throw std::invalid_argument("results: the market has " + std::to_string(providers.size()) +
                                " providers; the summary has " +
                                std::to_string(summary.providers().size()));
  }
  const std::size_t nd = summary.districts();
  // capacity[(provider * services + service) * districts + district], in the service's unit.
  std::vector<double> capacity(providers.size() * sim::service_count * nd, 0.0);
  std::vector<double> contracted(sim::service_count * nd, 0.0);
  auto add = [&](std::size_t provider, Service s, std::size_t district, double amount) {
    if (provider >= providers.size() || district >= nd) {
      throw std::invalid_argument("results: the market refers to provider " +
                                  std::to_string(provider) + " or district " +
                                  std::to_string(district) + ", which do not exist");
    }
    const auto si = static_cast<std::size_t>(s);
    capacity[(provider * sim::service_count + si) * nd + district] += amount;
    if (providers[provider].kind != sim::ProviderKind::spot)
      contracted[si * nd + district] += amount;
  };
  for (const sim::BranchSpec& b : params.market.branches) {
    add(b.provider, Service::homecare, b.district, b.capacity_hours_per_week);
  }
  for (const sim::PropertySpec& p : params.market.properties) {
    if (p.opens_days <= 0.0) add(p.provider, Service::supported_living, p.district, p.homes);
  }

  const auto people = [&](double count) {
    return disclosure.small(count) ? std::string() : format_number(count);
  };
  out << providers_csv_header << '\n';
  std::string line;
  for (std::size_t i = 0; i < providers.size(); ++i) {
    const sim::ProviderSpec& spec = providers[i];
    const auto& ids = params.market.provider_ids;
    const std::string prefix =
        (i < ids.size() && !ids[i].empty() ? csv_field(ids[i]) : std::to_string(i)) + ',' +
        csv_field(spec.name) + ',' + sim::to_string(spec.kind) + ',' +
        format_number(summary.probability_of_exit(i)) + ',' +
        people(summary.mean_people_displaced(i)) + ',' + people(summary.mean_people_at_start(i)) +
        ',';
    bool any = false;
    for (std::size_t si = 0; si < sim::service_count; ++si) {
      const auto s = static_cast<Service>(si);
      for (std::size_t d = 0; d < nd; ++d) {
        const double mine = capacity[(i * sim::service_count + si) * nd + d];
        if (mine <= 0.0) continue;
        any = true;
        const double total = contracted[si * nd + d];
        const double share =
            spec.kind != sim::ProviderKind::spot && total > 0.0 ? mine / total : 0.0;
        line = prefix + sim::to_string(s) + ',' + csv_field(params.district_codes[d]) + ',' +
               csv_field(params.district_names[d]) + ',' + format_number(mine) + ',' +
               sim::unit_name(s) + ',' + format_number(share) + '\n';
        out << line;
      }
    }
    if (!any) out << prefix << ",,,,,\n";
  }
  check_stream(out, "providers.csv");
}

std::vector<std::string> reopening_dates(const sim::ModelParams& params) {
  std::vector<std::string> out;
  const std::int64_t start = sim::days_from_civil(params.run.start);
  for (const double days : params.framework.reopenings_days) {
    out.push_back(
        sim::to_iso(sim::civil_from_days(start + static_cast<std::int64_t>(std::floor(days)))));
  }
  return out;
}

void write_manifest_json(std::ostream& out, const sim::ModelParams& params,
                         const EnsembleSummary& summary, const RunRecord& run,
                         const CouncilArea& council, const std::vector<std::string>& files,
                         const std::vector<DistrictDisplay>& districts,
                         const Disclosure& disclosure) {
  if (!districts.empty()) {
    if (districts.size() != params.district_codes.size()) {
      throw std::invalid_argument("results: " + std::to_string(districts.size()) +
                                  " district positions for " +
                                  std::to_string(params.district_codes.size()) + " districts");
    }
    for (std::size_t i = 0; i < districts.size(); ++i) {
      if (districts[i].code != params.district_codes[i]) {
        throw std::invalid_argument("results: district position " + std::to_string(i) + " is for " +
                                    districts[i].code + ", not " + params.district_codes[i]);
      }
    }
  }
  nlohmann::ordered_json j;
  j["tool"] = "caremarket";
  j["version"] = run.tool_version;
  j["commit"] = run.tool_commit;
  j["scenario"] = run.scenario_name;
  if (!run.base_scenario.empty() && run.base_scenario != run.scenario_name) {
    j["base_scenario"] = run.base_scenario;
  }
  j["overrides"] = run.overrides;
  j["scenario_hash"] = run.scenario_hash;
  j["council"] = {{"code", council.code}, {"name", council.name}};
  j["seed"] = params.run.seed;
  j["first_replication"] = summary.first_replication();
  j["replications"] = summary.replications();
  j["threads"] = run.threads;
  j["start_date"] = sim::to_iso(params.run.start);
  j["horizon_months"] = params.run.horizon_months;
  j["period"] = to_string(params.run.period);
  j["periods"] = summary.periods();
  nlohmann::ordered_json district_list = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < params.district_codes.size(); ++i) {
    nlohmann::ordered_json d{
        {"code", params.district_codes[i]},
        {"name", i < params.district_names.size() ? params.district_names[i] : std::string()}};
    if (!districts.empty()) {
      d["hex_col"] = districts[i].hex_col;
      d["hex_row"] = districts[i].hex_row;
    }
    district_list.push_back(std::move(d));
  }
  j["districts"] = std::move(district_list);
  j["reopenings"] = reopening_dates(params);
  // Counted apart: listed in providers.csv, but in no provider count and never exiting.
  j["providers_without_capacity"] = sim::providers_without_capacity(params.market);
  j["start_time"] = iso8601_utc(run.start_time);
  j["end_time"] = iso8601_utc(run.end_time);
  j["wall_seconds"] = run.wall_seconds;
  j["events_processed"] = summary.events();
  j["quantiles"] =
      "type 7 (linear interpolation between order statistics) over the replications while they "
      "are at most exact_quantile_cap (kpis.csv: exact_kpi_quantile_cap); P2 (Jain and Chlamtac "
      "1985) estimates beyond";
  j["exact_quantile_cap"] = summary.exact_cap();
  j["exact_kpi_quantile_cap"] = summary.kpi_exact_cap();
  // Disclosure control: a reader of the files (and running scenario.resolved.toml again) must
  // know that empty cells were withheld, and below what.
  j["suppress_below"] = disclosure.suppress_below;
  if (!run.parameter_sample.empty()) {
    j["parameter_sample"] = {
        {"file", run.parameter_sample},
        {"hash", run.parameter_sample_hash},
        {"keys", run.parameter_sample_keys},
        {"sets", run.parameter_sample_sets},
        {"rule",
         "replication i takes the set drawn by weight from the stream (seed, i, "
         "parameter_sample)"}};
  }
  j["files"] = files;
  // Which files to open: a spreadsheet opens every CSV file within its row limit (the split
  // files in place of a district_metrics.csv too long for it); a database tool, results.sqlite.
  nlohmann::ordered_json open = {{"spreadsheet", nlohmann::ordered_json::array()}};
  const bool split = std::any_of(files.begin(), files.end(), [](const std::string& f) {
    return f.starts_with("district_metrics-");
  });
  for (const std::string& f : files) {
    if (f.ends_with(".csv") && !(split && f == "district_metrics.csv"))
      open["spreadsheet"].push_back(f);
    if (f == "results.sqlite") open["database"] = f;
  }
  j["open_with"] = std::move(open);
  j["complete"] = true;
  out << j.dump(2) << '\n';
  check_stream(out, "manifest.json");
}

void write_results_folder(const std::filesystem::path& folder, const ResultsContents& contents,
                          bool force) {
  const auto& c = contents;
  // Refuse mismatched inputs before anything is written.
  check_districts(c.params, c.summary);
  checked_period_dates(c.params, c.summary);
  // Every cell's statistics at once, on the run's threads: sorting each cell's values for its
  // quantiles is most of the writing (Kent, 1,000 replications: 57,408 cells of 1,000 values).
  c.summary.prepare_stats(c.run.threads);
  const std::string& scenario = c.run.scenario_name;
  std::vector<FolderFile> files;
  files.push_back({"district_metrics.csv", [&](std::ostream& out) {
                     write_district_metrics_csv(out, c.params, c.summary, scenario, c.disclosure);
                   }});
  files.push_back({"county_metrics.csv", [&](std::ostream& out) {
                     write_county_metrics_csv(out, c.params, c.summary, scenario, c.council,
                                              c.disclosure);
                   }});
  files.push_back({"kpis.csv", [&](std::ostream& out) {
                     write_kpis_csv(out, c.summary, scenario, c.disclosure);
                   }});
  files.push_back({"providers.csv", [&](std::ostream& out) {
                     write_providers_csv(out, c.params, c.summary, c.disclosure);
                   }});
  files.push_back({"spend_by_year.csv",
                   [&](std::ostream& out) { write_spend_by_year_csv(out, c.summary, scenario); }});
  const std::filesystem::path partial = partial_folder_path(folder);
  // Too many rows for a spreadsheet: also one file per district, cut from the file written.
  std::size_t metric_rows = 0;
  for (std::size_t si = 0; si < sim::service_count; ++si) {
    for (std::size_t mi = 0; mi < sim::metric_count; ++mi)
      metric_rows += is_output_metric(static_cast<sim::Metric>(mi), static_cast<sim::Service>(si));
  }
  const std::size_t district_rows =
      c.params.district_codes.size() * c.summary.periods() * metric_rows;
  if (district_rows + 1 > c.row_limit) {
    auto parts = std::make_shared<std::vector<std::pair<std::string, std::string>>>();
    for (const std::string& code : c.params.district_codes) {
      files.push_back(
          {"district_metrics-" + code + ".csv", [partial, parts, code](std::ostream& out) {
             if (parts->empty())
               *parts =
                   split_csv_by(read_file_text(partial / "district_metrics.csv"), "district_code");
             for (const auto& [key, text] : *parts)
               if (key == code) out << text;
             check_stream(out, "district_metrics-" + code + ".csv");
           }});
    }
  }
  if (c.sqlite) {
    files.push_back({"results.sqlite", [partial](std::ostream& out) {
                       std::vector<std::pair<std::string, std::string>> tables;
                       for (const char* name : {"county_metrics.csv", "district_metrics.csv",
                                                "kpis.csv", "providers.csv", "spend_by_year.csv"})
                         tables.emplace_back(name, read_file_text(partial / name));
                       out << sqlite_database(tables);
                       check_stream(out, "results.sqlite");
                     }});
  }
  for (const FolderFile& f : c.extra_files) files.push_back(f);
  if (c.report) files.push_back({"report.html", {}});
  std::vector<std::string> names;
  names.reserve(files.size());
  for (const FolderFile& f : files) names.push_back(f.name);
  const auto manifest = [&, names](std::ostream& out) {
    write_manifest_json(out, c.params, c.summary, c.run, c.council, names, c.districts,
                        c.disclosure);
  };
  if (c.report) {
    // Built from the bytes already written into the temporary folder (and the manifest that will
    // follow), exactly as `caremarket report` would build it from the finished folder.
    files[files.size() - 1].write = [&, partial, manifest](std::ostream& out) {
      std::ostringstream manifest_text;
      manifest(manifest_text);
      ReportSources sources = read_report_sources_without_manifest(partial);
      sources.manifest_json = manifest_text.str();
      out << build_report_html(sources);
      check_stream(out, "report.html");
    };
  }
  files.push_back({"manifest.json", manifest});
  write_folder_atomically(folder, files, force);
}

}  // namespace caremarket::results
