#include "results/database.hpp"

#include <sqlite3.h>

#include <charconv>
#include <cmath>
#include <memory>
#include <stdexcept>

namespace caremarket::results {

namespace {

/// The end of the record that starts at `start` (after its line break), and its fields.
std::size_t parse_record(const std::string& csv, std::size_t start, std::vector<std::string>& out) {
  out.clear();
  std::string field;
  bool quoted = false;
  std::size_t i = start;
  for (; i < csv.size(); ++i) {
    const char c = csv[i];
    if (quoted) {
      if (c == '"' && i + 1 < csv.size() && csv[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.push_back(std::move(field));
      field.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < csv.size() && csv[i + 1] == '\n') ++i;
      ++i;
      break;
    } else {
      field += c;
    }
  }
  out.push_back(std::move(field));
  return i;
}

std::string quoted_identifier(const std::string& name) {
  std::string out = "\"";
  for (const char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

struct Closer {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    throw std::runtime_error(std::string("results.sqlite: ") + what + ": " + sqlite3_errmsg(db));
}

void exec(sqlite3* db, const std::string& sql) {
  check(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), db, sql.c_str());
}

}  // namespace

std::vector<std::vector<std::string>> parse_csv(const std::string& csv) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> fields;
  for (std::size_t i = 0; i < csv.size();) {
    i = parse_record(csv, i, fields);
    rows.push_back(fields);
  }
  return rows;
}

std::vector<std::pair<std::string, std::string>> split_csv_by(const std::string& csv,
                                                              const std::string& column) {
  std::vector<std::string> fields;
  const std::size_t header_end = parse_record(csv, 0, fields);
  std::size_t index = fields.size();
  for (std::size_t k = 0; k < fields.size(); ++k)
    if (fields[k] == column) index = k;
  if (index == fields.size())
    throw std::invalid_argument("split_csv_by: no column '" + column + "'");
  const std::string header = csv.substr(0, header_end);
  std::vector<std::pair<std::string, std::string>> groups;
  for (std::size_t i = header_end; i < csv.size();) {
    const std::size_t end = parse_record(csv, i, fields);
    const std::string& key = index < fields.size() ? fields[index] : std::string();
    if (groups.empty() || groups.back().first != key) {
      std::pair<std::string, std::string>* found = nullptr;
      for (auto& g : groups)
        if (g.first == key) found = &g;
      if (found == nullptr) {
        groups.emplace_back(key, header);
      } else {
        // Rows of a key come together in our files; keep order if they do not.
        found->second.append(csv, i, end - i);
        i = end;
        continue;
      }
    }
    groups.back().second.append(csv, i, end - i);
    i = end;
  }
  return groups;
}

std::string sqlite_database(const std::vector<std::pair<std::string, std::string>>& csv_files) {
  sqlite3* raw = nullptr;
  if (sqlite3_open(":memory:", &raw) != SQLITE_OK) {
    sqlite3_close(raw);
    throw std::runtime_error("results.sqlite: cannot open an in-memory database");
  }
  const std::unique_ptr<sqlite3, Closer> db(raw);
  exec(db.get(), "BEGIN");
  std::vector<std::string> fields;
  for (const auto& [file, csv] : csv_files) {
    const std::string table = file.ends_with(".csv") ? file.substr(0, file.size() - 4) : file;
    std::size_t i = parse_record(csv, 0, fields);
    const std::vector<std::string> columns = fields;
    std::string create = "CREATE TABLE " + quoted_identifier(table) + " (";
    std::string insert = "INSERT INTO " + quoted_identifier(table) + " VALUES (";
    for (std::size_t k = 0; k < columns.size(); ++k) {
      create += (k == 0 ? "" : ", ") + quoted_identifier(columns[k]);
      insert += k == 0 ? "?" : ", ?";
    }
    exec(db.get(), create + ")");
    sqlite3_stmt* raw_statement = nullptr;
    check(sqlite3_prepare_v2(db.get(), (insert + ")").c_str(), -1, &raw_statement, nullptr),
          db.get(), "prepare");
    const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> statement(raw_statement,
                                                                          sqlite3_finalize);
    while (i < csv.size()) {
      i = parse_record(csv, i, fields);
      for (std::size_t k = 0; k < columns.size(); ++k) {
        const int at = static_cast<int>(k + 1);
        const std::string value = k < fields.size() ? fields[k] : std::string();
        double number = 0.0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
        if (value.empty()) {
          check(sqlite3_bind_null(statement.get(), at), db.get(), "bind");
        } else if (ec == std::errc() && end == value.data() + value.size() &&
                   std::isfinite(number)) {
          check(sqlite3_bind_double(statement.get(), at, number), db.get(), "bind");
        } else {
          check(sqlite3_bind_text(statement.get(), at, value.c_str(),
                                  static_cast<int>(value.size()), SQLITE_TRANSIENT),
                db.get(), "bind");
        }
      }
      check(sqlite3_step(statement.get()), db.get(), "insert");
      check(sqlite3_reset(statement.get()), db.get(), "reset");
    }
  }
  exec(db.get(), "COMMIT");
  sqlite3_int64 size = 0;
  unsigned char* bytes = sqlite3_serialize(db.get(), "main", &size, 0);
  if (bytes == nullptr) throw std::runtime_error("results.sqlite: cannot serialise the database");
  std::string out(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size));
  sqlite3_free(bytes);
  return out;
}

}  // namespace caremarket::results
