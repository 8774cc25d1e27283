// Reading a Capacity Tracker non-residential extract (cli/import_tracker.hpp).

#include "cli/import_tracker.hpp"

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <iomanip>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "cli/import_check.hpp"
#include "geography/csv.hpp"
#include "scenarios/limits.hpp"

namespace caremarket::cli {

namespace {

/// An Excel serial date (days since 1899-12-30, a fraction for the time) as YYYY-MM-DD.
std::string excel_date(double serial) {
  using namespace std::chrono;
  const sys_days day = sys_days(year{1899} / December / 30) + days(static_cast<long>(serial));
  const year_month_day ymd(day);
  std::ostringstream s;
  s << static_cast<int>(ymd.year()) << '-' << std::setw(2) << std::setfill('0')
    << static_cast<unsigned>(ymd.month()) << '-' << std::setw(2) << std::setfill('0')
    << static_cast<unsigned>(ymd.day());
  return s.str();
}

}  // namespace

void read_capacity_tracker(const std::string& path, std::vector<Location>& locations,
                           geography::Problems& problems, std::vector<ImportLogRow>& log) {
  using geography::Table;
  namespace csv = geography::csv;
  namespace limits = scenarios::limits;
  const std::string tracker_name = std::filesystem::path(path).filename().string();
  const std::size_t unread = problems.size();
  const std::string text = read_whole_file(path, problems);
  const bool readable = problems.size() == unread;
  const Table t(path, readable ? text : std::string("cqcid,hourspaiddomcare\n"),
                {{"cqcid"}, {"hourspaiddomcare"}, {"cqcsurveylastupdatedutc", false}}, problems,
                true);
  if (readable && t.has_header() && t.csv().records.empty())
    problems.add(path, t.csv().header_line,
                 "no rows below the header: the extract lists no location");
  std::map<std::string, Location*> by_id;
  for (Location& l : locations) by_id[l.id] = &l;
  std::map<std::string, std::pair<double, std::size_t>> latest;  // id -> serial, log row
  std::map<std::string, const csv::Record*> used_row;            // id -> its return used
  for (const csv::Record& row : t.csv().records) {
    const auto id = t.text(row, "cqcid", false);
    const auto answer = t.text(row, "hourspaiddomcare", false);
    const bool answered = answer && !answer->empty();
    const auto hours = answered ? t.number(row, "hourspaiddomcare") : std::optional<double>(0.0);
    // The extract gives the return's time as an Excel serial date (45351.5 is 2024-02-29
    // 12:00); a file re-saved with the column formatted as dates holds text instead.
    const std::string when_text = t.text(row, "cqcsurveylastupdatedutc", false).value_or("");
    const auto when =
        when_text.empty() ? std::optional<double>(0.0) : geography::parse_number(when_text);
    if (hours && *hours < 0.0)
      t.problem(row, "hourspaiddomcare", "must be >= 0, found " + ten_digits(*hours));
    if (!when || *when < 0.0 || *when > 2958465.0)
      t.problem(row, "cqcsurveylastupdatedutc",
                "'" + when_text +
                    "' is not an Excel serial date (days since 1899-12-30, as the extract gives "
                    "it: 45351.5 is 2024-02-29 12:00; a file re-saved with the column as dates "
                    "must be saved with it as numbers)");
    const std::string date = when && *when > 0.0 && *when <= 2958465.0 ? excel_date(*when) : "";
    log.push_back({tracker_name, row.line, id.value_or(""), "used", ""});
    if (!id || id->empty() || !hours) {
      log.back().outcome = "not used";
      log.back().reason = "no location id or hours";
      continue;
    }
    const auto it = by_id.find(*id);
    if (it == by_id.end() || !it->second->homecare) {
      log.back().outcome = "not used";
      log.back().reason = "not a homecare location kept from the directory";
      continue;
    }
    if (!answered) {
      log.back().outcome = "not used";
      log.back().reason = "hours not answered";
      continue;
    }
    if (const auto prev = latest.find(*id); prev != latest.end()) {
      const bool newer = when.value_or(0.0) >= prev->second.first;
      ImportLogRow& older = newer ? log[prev->second.second] : log.back();
      older.outcome = "not used";
      older.reason = "an older return for the same location";
      if (!newer) continue;
    }
    latest[*id] = {when.value_or(0.0), log.size() - 1};
    used_row[*id] = &row;
    it->second->hours = *hours;
    it->second->hours_line = row.line;
    log.back().reason = ten_digits(*hours) + " hours paid last week" +
                        (date.empty() ? std::string() : ", return of " + date);
  }
  // A branch's limits (market files' capacity check), on the figures used: refused here, on
  // the source's line, not in the folder written; a return not used is not held to them.
  for (const auto& [id, row] : used_row) {
    const double hours = as_written(by_id[id]->hours.value_or(0.0));
    const std::string answer = t.text(*row, "hourspaiddomcare", false).value_or("");
    if (hours > 0.0 && hours < limits::min_branch_hours_per_week)
      t.problem(*row, "hourspaiddomcare",
                "'" + answer + "' hours a week is less than a branch can hold (at least " +
                    limits::text(limits::min_branch_hours_per_week) + ", or 0)");
    if (hours > limits::max_branch_hours_per_week)
      t.problem(*row, "hourspaiddomcare",
                "'" + answer + "' hours a week is more than a branch can hold (at most " +
                    limits::text(limits::max_branch_hours_per_week) + ")");
  }
}

}  // namespace caremarket::cli
