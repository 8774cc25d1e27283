// caremarket_bench: the engine's speed and memory on the Kent baseline. Prints a table and,
// with --json FILE, saves the figures. Figures depend on the machine and its load: run it on
// an otherwise idle machine.
//
// The engine's events a second are set against a floor measured in the same run: a bare event
// loop (floor_loop.hpp) with the engine's event queue and random streams, the same number of
// events as each Kent replication and no market. Replication and floor alternate on one thread,
// so a change of the machine's load hits both. The whole command (load, engine, summary,
// writing the results folder) is timed on 1 and 2 threads, as `caremarket run kent-baseline
// --no-report` does it, so that the share outside the engine shows.
//
//   caremarket_bench [--replications N] [--command-replications N] [--json FILE]
//                    [--england FILE]
//
// --command-replications N times the whole command with N replications (default: as
// --replications); its fixed costs (load, writing) weigh less the more replications it runs.
//
// --england FILE also times one replication of a scenario file, meant for the England-sized
// market that `caremarket synthesize england -o DIR` writes (DIR/england.toml): its seconds,
// events and peak memory, measured in a child process.

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "bench/floor_loop.hpp"
#include "results/ensemble_summary.hpp"
#include "results/writers.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/toml_scenario.hpp"
#include "sim/ensemble.hpp"

using namespace caremarket;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

sim::ModelParams kent(double demand_scale, std::int64_t replications = 0) {
  auto s = scenarios::kent_baseline();
  if (replications > 0) s.run.replications = replications;
  for (auto& service : s.demand) {
    for (auto& g : service) {
      g.initial_people *= demand_scale;
      if (g.referrals_per_year > 0.0) g.referrals_per_year *= demand_scale;
    }
  }
  return scenarios::build_model(s, scenarios::load_scenario_geography(s));
}

struct EnsembleTiming {
  double seconds = 0.0;
  std::uint64_t events = 0;
};

EnsembleTiming time_ensemble(const sim::ModelParams& p, std::int64_t replications, int threads) {
  sim::EnsembleOptions o;
  o.replications = replications;
  o.threads = threads;
  EnsembleTiming t;
  const auto t0 = std::chrono::steady_clock::now();
  sim::run_ensemble(p, o, [&](sim::ReplicationResult&& r) { t.events += r.totals.events; });
  t.seconds = seconds_since(t0);
  return t;
}

/// Engine and floor side by side on one thread: replication r, then the floor with as many
/// events as replication r reported, for each r.
struct FloorComparison {
  double engine_seconds = 0.0;
  double floor_seconds = 0.0;
  std::uint64_t engine_events = 0;
  std::uint64_t floor_events = 0;
  double checksum = 0.0;
};

FloorComparison compare_with_floor(const sim::ModelParams& p, std::int64_t replications) {
  FloorComparison c;
  for (std::int64_t r = 0; r < replications; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    const std::uint64_t events = sim::run_replication(p, r).totals.events;
    c.engine_seconds += seconds_since(t0);
    c.engine_events += events;
    t0 = std::chrono::steady_clock::now();
    const bench::FloorRun f = bench::run_floor(p, r, events);
    c.floor_seconds += seconds_since(t0);
    c.floor_events += f.events;
    c.checksum += f.checksum;
  }
  return c;
}

/// The phases of `caremarket run kent-baseline -r N -j T --no-report`: loading the scenario,
/// the ensemble (engine and summary in one pipeline), the summary's own seconds (reducing each
/// replication; with more than one thread they overlap the engine's) and writing the folder.
struct CommandTiming {
  double load = 0.0;
  double ensemble = 0.0;
  double summary = 0.0;
  double writing = 0.0;
  double total = 0.0;
};

CommandTiming time_command(std::int64_t replications, int threads,
                           const std::filesystem::path& folder) {
  CommandTiming t;
  const auto t0 = std::chrono::steady_clock::now();
  const auto s = scenarios::kent_baseline();
  const auto p = kent(1.0, replications);
  t.load = seconds_since(t0);
  auto t1 = std::chrono::steady_clock::now();
  const std::size_t periods =
      sim::period_boundaries(p.run.start, p.run.horizon_months, p.run.period).size() - 1;
  // As the command summarises: Kent keeps every value of 1,000 replications (exact
  // quantiles), which costs more to fold and to write than the default cap's P² estimates.
  results::EnsembleSummary summary(p, periods, results::command_summary_options(p, periods));
  sim::EnsembleOptions o;
  o.replications = replications;
  o.threads = threads;
  sim::run_ensemble(p, o, [&](sim::ReplicationResult&& r) {
    const auto a = std::chrono::steady_clock::now();
    summary.add(r);
    t.summary += seconds_since(a);  // the consuming stage is serial: no race
  });
  t.ensemble = seconds_since(t1);
  t1 = std::chrono::steady_clock::now();
  results::RunRecord record;
  record.scenario_name = s.name;
  record.threads = threads;
  const results::ResultsContents contents{p, summary, {s.area_code, s.area_name}, record, {}};
  results::write_results_folder(folder, contents, true);
  t.writing = seconds_since(t1);
  t.total = seconds_since(t0);
  return t;
}

/// Peak resident memory (KiB) and peak people in care of one replication at a demand scale,
/// measured in a child process so that each figure is its own peak.
std::pair<long, double> memory_probe(double scale) {
  int fds[2];
  if (pipe(fds) != 0) return {-1, 0.0};
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    const auto p = kent(scale);
    const auto r = sim::run_replication(p, 0);
    double peak_people = 0.0;
    const std::size_t county = r.metrics.county();
    for (std::size_t k = 0; k < r.metrics.periods(); ++k) {
      peak_people = std::max(
          peak_people,
          r.metrics.at(k, county, sim::Service::homecare, sim::Metric::people_needing_care) +
              r.metrics.at(k, county, sim::Service::supported_living,
                           sim::Metric::people_needing_care));
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const std::string line = std::to_string(usage.ru_maxrss) + " " + std::to_string(peak_people);
    if (write(fds[1], line.c_str(), line.size()) < 0) _exit(1);
    _exit(0);
  }
  close(fds[1]);
  char buffer[128] = {};
  const ssize_t n = read(fds[0], buffer, sizeof buffer - 1);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (n <= 0) return {-1, 0.0};
  long rss = 0;
  double people = 0.0;
  std::sscanf(buffer, "%ld %lf", &rss, &people);
  return {rss, people};
}

struct ScenarioProbe {
  double seconds = -1.0;
  double events = 0.0;
  long peak_rss_kib = -1;
  double providers = 0.0;
  double districts = 0.0;
};

/// One replication of a scenario file in a child process: its time, events and peak memory.
ScenarioProbe scenario_probe(const std::string& file) {
  int fds[2];
  if (pipe(fds) != 0) return {};
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    const auto s = scenarios::load_scenario(file, {});
    const auto p = scenarios::build_model(s, scenarios::load_scenario_geography(s));
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = sim::run_replication(p, 0);
    const double seconds = seconds_since(t0);
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const std::string line = std::to_string(seconds) + " " + std::to_string(r.totals.events) + " " +
                             std::to_string(usage.ru_maxrss) + " " +
                             std::to_string(p.market.providers.size()) + " " +
                             std::to_string(p.district_codes.size());
    if (write(fds[1], line.c_str(), line.size()) < 0) _exit(1);
    _exit(0);
  }
  close(fds[1]);
  char buffer[256] = {};
  const ssize_t n = read(fds[0], buffer, sizeof buffer - 1);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  ScenarioProbe probe;
  if (n <= 0) return probe;
  std::sscanf(buffer, "%lf %lf %ld %lf %lf", &probe.seconds, &probe.events, &probe.peak_rss_kib,
              &probe.providers, &probe.districts);
  return probe;
}

}  // namespace

int main(int argc, char** argv) {
  caremarket::sim::keep_freed_memory_for_replications();  // as the caremarket command does
  std::int64_t replications = 40;
  std::int64_t command_replications = -1;
  std::string json_path;
  std::string england;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--replications") == 0 && i + 1 < argc) {
      replications = std::atoll(argv[++i]);
    } else if (std::strcmp(argv[i], "--json") == 0 && i + 1 < argc) {
      json_path = argv[++i];
    } else if (std::strcmp(argv[i], "--command-replications") == 0 && i + 1 < argc) {
      command_replications = std::atoll(argv[++i]);
    } else if (std::strcmp(argv[i], "--england") == 0 && i + 1 < argc) {
      england = argv[++i];
    } else {
      std::fprintf(stderr,
                   "usage: caremarket_bench [--replications N] [--command-replications N] "
                   "[--json FILE] [--england FILE]\n");
      return 2;
    }
  }
  if (replications < 1) replications = 40;
  if (command_replications < 1) command_replications = replications;
  const auto p = kent(1.0);
  // Memory: the slope of peak memory against people in care, from Kent at 1x and 10x demand.
  // First, while this process is small: a child starts with its parent's resident pages.
  const auto [rss_small, people_small] = memory_probe(1.0);
  const auto [rss_large, people_large] = memory_probe(10.0);
  const double kib_per_10k =
      (people_large > people_small)
          ? static_cast<double>(rss_large - rss_small) / (people_large - people_small) * 1e4
          : 0.0;
  time_ensemble(p, 2, 1);  // warm up
  // The engine against its floor, side by side on one thread.
  const FloorComparison floor = compare_with_floor(p, replications);
  const double engine_per_core = static_cast<double>(floor.engine_events) / floor.engine_seconds;
  const double floor_per_core = static_cast<double>(floor.floor_events) / floor.floor_seconds;
  const EnsembleTiming one = time_ensemble(p, replications, 1);
  const EnsembleTiming two = time_ensemble(p, replications, 2);
  const double events_per_second_per_core = static_cast<double>(one.events) / one.seconds;
  const double reps_per_second_1 = static_cast<double>(replications) / one.seconds;
  const double reps_per_second_2 = static_cast<double>(replications) / two.seconds;
  const double speedup = one.seconds / two.seconds;
  const double events_per_replication =
      static_cast<double>(one.events) / static_cast<double>(replications);
  // The whole command on 1 and 2 threads, into a scratch folder.
  const std::filesystem::path scratch =
      std::filesystem::temp_directory_path() / ("caremarket_bench-" + std::to_string(getpid()));
  const CommandTiming command_1 = time_command(command_replications, 1, scratch);
  const CommandTiming command_2 = time_command(command_replications, 2, scratch);
  std::filesystem::remove_all(scratch);

  std::printf("caremarket_bench: Kent baseline, %lld replications of %d months\n",
              static_cast<long long>(replications), p.run.horizon_months);
  std::printf("  events per replication            %12.0f\n", events_per_replication);
  std::printf("  events per second per core        %12.0f\n", events_per_second_per_core);
  std::printf("  side by side on one thread (engine, then its floor, per replication):\n");
  std::printf("    engine events per second        %12.0f\n", engine_per_core);
  std::printf("    floor events per second         %12.0f (%llu events, checksum %.6g)\n",
              floor_per_core, static_cast<unsigned long long>(floor.floor_events), floor.checksum);
  std::printf("    engine / floor                  %12.4f\n", engine_per_core / floor_per_core);
  std::printf("  replications per second, 1 thread %12.2f\n", reps_per_second_1);
  std::printf("  replications per second, 2 threads%12.2f\n", reps_per_second_2);
  std::printf("  speed-up 1 -> 2 threads           %12.2f\n", speedup);
  std::printf("  1000 replications on 2 threads    %12.1f s (projected)\n",
              1000.0 / reps_per_second_2);
  std::printf("  whole command (run kent-baseline -r %lld --no-report), 1 thread / 2 threads:\n",
              static_cast<long long>(command_replications));
  const auto phase = [](const char* name, double a, double b) {
    std::printf("    %-32s%9.2f s %9.2f s\n", name, a, b);
  };
  phase("load the scenario", command_1.load, command_2.load);
  phase("ensemble (engine and summary)", command_1.ensemble, command_2.ensemble);
  phase("  of which reducing (summary)", command_1.summary, command_2.summary);
  phase("write the results folder", command_1.writing, command_2.writing);
  phase("total", command_1.total, command_2.total);
  std::printf("    speed-up 1 -> 2 threads         %12.2f\n", command_1.total / command_2.total);
  std::printf("  peak memory, Kent x1              %12.1f MiB (%.0f people in care at peak)\n",
              static_cast<double>(rss_small) / 1024.0, people_small);
  std::printf("  peak memory, Kent x10             %12.1f MiB (%.0f people in care at peak)\n",
              static_cast<double>(rss_large) / 1024.0, people_large);
  std::printf("  memory per 10,000 people in care  %12.1f MiB\n", kib_per_10k / 1024.0);
  ScenarioProbe big;
  if (!england.empty()) {
    big = scenario_probe(england);
    std::printf("  one replication of %s: %.0f districts, %.0f providers\n", england.c_str(),
                big.districts, big.providers);
    std::printf("    seconds                         %12.2f\n", big.seconds);
    std::printf("    events                          %12.0f\n", big.events);
    std::printf("    peak memory                     %12.1f MiB\n",
                static_cast<double>(big.peak_rss_kib) / 1024.0);
  }
  if (!json_path.empty()) {
    std::ofstream out(json_path);
    out << "{\n  \"replications\": " << replications
        << ",\n  \"horizon_months\": " << p.run.horizon_months
        << ",\n  \"events_per_replication\": " << events_per_replication
        << ",\n  \"events_per_second_per_core\": " << events_per_second_per_core
        << ",\n  \"side_by_side\": {\"engine_events\": " << floor.engine_events
        << ", \"engine_seconds\": " << floor.engine_seconds
        << ", \"engine_events_per_second\": " << engine_per_core
        << ", \"floor_events\": " << floor.floor_events
        << ", \"floor_seconds\": " << floor.floor_seconds
        << ", \"floor_events_per_second\": " << floor_per_core
        << ", \"engine_over_floor\": " << engine_per_core / floor_per_core << "}"
        << ",\n  \"replications_per_second_1_thread\": " << reps_per_second_1
        << ",\n  \"replications_per_second_2_threads\": " << reps_per_second_2
        << ",\n  \"speedup_1_to_2_threads\": " << speedup;
    for (const auto& [key, t] :
         {std::pair{"command_1_thread", command_1}, std::pair{"command_2_threads", command_2}}) {
      out << ",\n  \"" << key << "\": {\"load_seconds\": " << t.load
          << ", \"ensemble_seconds\": " << t.ensemble << ", \"summary_seconds\": " << t.summary
          << ", \"writing_seconds\": " << t.writing << ", \"total_seconds\": " << t.total << "}";
    }
    out << ",\n  \"command_replications\": " << command_replications
        << ",\n  \"command_speedup_1_to_2_threads\": " << command_1.total / command_2.total
        << ",\n  \"peak_rss_mib_kent\": " << static_cast<double>(rss_small) / 1024.0
        << ",\n  \"peak_rss_mib_kent_x10\": " << static_cast<double>(rss_large) / 1024.0
        << ",\n  \"mib_per_10000_people_in_care\": " << kib_per_10k / 1024.0;
    if (!england.empty()) {
      out << ",\n  \"england\": {\"districts\": " << big.districts
          << ", \"providers\": " << big.providers << ", \"seconds\": " << big.seconds
          << ", \"events\": " << big.events
          << ", \"peak_rss_mib\": " << static_cast<double>(big.peak_rss_kib) / 1024.0 << "}";
    }
    out << "\n}\n";
    if (!out) {
      std::fprintf(stderr, "caremarket_bench: could not write %s\n", json_path.c_str());
      return 1;
    }
  }
  return 0;
}
