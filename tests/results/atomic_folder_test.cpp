#include "results/atomic_folder.hpp"

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sim/ensemble.hpp"
#include "tests/results/temp_dir.hpp"

using namespace caremarket;
using results::FolderFile;
using results::text_file;
using results::testing::read_file;
namespace fs = std::filesystem;

namespace {

void write_text(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

std::vector<std::string> entries(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// A file whose writer fails after writing part of it: a run dying mid-write.
FolderFile failing_file() {
  return FolderFile{"report.html", [](std::ostream& out) {
                      out << "<html>half";
                      throw std::runtime_error("injected failure");
                    }};
}

const std::vector<FolderFile> new_files{
    text_file("a.csv", "new a\n"),
    text_file("manifest.json", "{\"tool\": \"caremarket\", \"complete\": true}\n")};

}  // namespace

TEST_CASE("a folder is written complete under its name and nothing else is left",
          "[atomic_folder]") {
  const results::testing::TempDir tmp;
  const fs::path target = tmp.path() / "deeper" / "run";  // parents are created
  results::write_folder_atomically(target, new_files, false);
  CHECK(entries(target) == std::vector<std::string>{"a.csv", "manifest.json"});
  CHECK(read_file(target / "a.csv") == "new a\n");
  CHECK(entries(tmp.path() / "deeper") == std::vector<std::string>{"run"});
  CHECK(results::partial_folder_path(target).filename().string().rfind(".run.partial-", 0) == 0);

  // A trailing separator names the same folder.
  results::write_folder_atomically(tmp.path() / "other/", new_files, false);
  CHECK(fs::is_directory(tmp.path() / "other"));
}

TEST_CASE("an existing folder is refused without force and left untouched", "[atomic_folder]") {
  const results::testing::TempDir tmp;
  const fs::path target = tmp.path() / "run";
  fs::create_directory(target);
  write_text(target / "manifest.json", "old manifest");
  write_text(target / "mine.txt", "keep me");

  CHECK_THROWS_AS(results::write_folder_atomically(target, new_files, false),
                  results::ResultsExistError);
  CHECK(entries(target) == std::vector<std::string>{"manifest.json", "mine.txt"});
  CHECK(read_file(target / "mine.txt") == "keep me");
  CHECK(entries(tmp.path()) == std::vector<std::string>{"run"});

  // An existing plain file is refused too, even with force.
  write_text(tmp.path() / "file", "x");
  CHECK_THROWS_AS(results::write_folder_atomically(tmp.path() / "file", new_files, true),
                  results::ResultsExistError);
  CHECK(read_file(tmp.path() / "file") == "x");
}

TEST_CASE("with force, a results folder is replaced by the complete new one", "[atomic_folder]") {
  const results::testing::TempDir tmp;
  const fs::path target = tmp.path() / "run";
  fs::create_directory(target);
  write_text(target / "manifest.json", "{\"tool\": \"caremarket\"}");
  write_text(target / "old.csv", "old");

  results::write_folder_atomically(target, new_files, true);
  CHECK(entries(target) == std::vector<std::string>{"a.csv", "manifest.json"});
  CHECK(read_file(target / "manifest.json") == "{\"tool\": \"caremarket\", \"complete\": true}\n");
  CHECK(entries(tmp.path()) == std::vector<std::string>{"run"});

  // Another program's manifest.json (a web app's, say) does not make a results folder.
  for (const std::string& foreign : {std::string("{\"name\": \"My app\"}"), std::string(""),
                                     std::string("[1, 2]"), std::string("{\"tool\": \"other\"}")}) {
    INFO(foreign);
    const fs::path app = tmp.path() / "app";
    fs::create_directories(app / "src");
    write_text(app / "manifest.json", foreign);
    write_text(app / "src" / "app.js", "keep");
    CHECK_THROWS_AS(results::write_folder_atomically(app, new_files, true),
                    results::ResultsExistError);
    CHECK(read_file(app / "src" / "app.js") == "keep");
  }
  // An empty folder may be replaced as well.
  fs::create_directory(tmp.path() / "empty");
  results::write_folder_atomically(tmp.path() / "empty", new_files, true);
  CHECK(fs::exists(tmp.path() / "empty" / "a.csv"));
}

TEST_CASE("force does not replace a folder that is not a results folder", "[atomic_folder]") {
  const results::testing::TempDir tmp;
  const fs::path target = tmp.path() / "documents";
  fs::create_directory(target);
  write_text(target / "thesis.tex", "precious");
  CHECK_THROWS_AS(results::write_folder_atomically(target, new_files, true),
                  results::ResultsExistError);
  CHECK(entries(target) == std::vector<std::string>{"thesis.tex"});
  CHECK(entries(tmp.path()) == std::vector<std::string>{"documents"});
}

TEST_CASE("a failure while writing leaves no folder and no partial folder", "[atomic_folder]") {
  const results::testing::TempDir tmp;
  const fs::path target = tmp.path() / "run";
  std::vector<FolderFile> files{text_file("a.csv", "new a\n"), failing_file(),
                                text_file("manifest.json", "{}\n")};

  CHECK_THROWS_WITH(results::write_folder_atomically(target, files, false), "injected failure");
  CHECK_FALSE(fs::exists(target));
  CHECK(fs::is_empty(tmp.path()));

  // With force, the old folder survives a failed replacement unchanged.
  fs::create_directory(target);
  write_text(target / "manifest.json", "{\"tool\": \"caremarket\"}");
  CHECK_THROWS_WITH(results::write_folder_atomically(target, files, true), "injected failure");
  CHECK(entries(target) == std::vector<std::string>{"manifest.json"});
  CHECK(read_file(target / "manifest.json") == "{\"tool\": \"caremarket\"}");
  CHECK(entries(tmp.path()) == std::vector<std::string>{"run"});
}

TEST_CASE("a folder that cannot be created leaves nothing behind", "[atomic_folder]") {
  // The parent is a plain file, so neither the partial folder nor the target can be made (this
  // fails for root too, unlike a read-only parent).
  const results::testing::TempDir tmp;
  write_text(tmp.path() / "not-a-folder", "x");
  CHECK_THROWS_AS(
      results::write_folder_atomically(tmp.path() / "not-a-folder" / "run", new_files, false),
      fs::filesystem_error);
  CHECK(entries(tmp.path()) == std::vector<std::string>{"not-a-folder"});
}

TEST_CASE("file names must be plain and distinct", "[atomic_folder]") {
  const results::testing::TempDir tmp;
  const std::vector<std::string> bad_names{
      "",     ".",    "..",          "sub/../x", "/abs",
      "sub/", "a//b", "back\\slash", "./x",      std::string("nul\0x", 5)};
  for (const std::string& bad : bad_names) {
    INFO(bad);
    CHECK_THROWS_AS(
        results::write_folder_atomically(tmp.path() / "run", {text_file(bad, "x")}, false),
        std::invalid_argument);
  }
  CHECK_THROWS_AS(results::write_folder_atomically(
                      tmp.path() / "run", {text_file("a", "1"), text_file("a", "2")}, false),
                  std::invalid_argument);
  CHECK_THROWS_AS(results::write_folder_atomically(tmp.path() / "..", new_files, false),
                  std::invalid_argument);
  CHECK(fs::is_empty(tmp.path()));
  // Plain names joined by '/' put a file in a subfolder of the folder.
  results::write_folder_atomically(
      tmp.path() / "run", {text_file("geography/districts.csv", "d\n"), text_file("a.csv", "a\n")},
      false);
  CHECK(read_file(tmp.path() / "run" / "geography" / "districts.csv") == "d\n");
  CHECK(entries(tmp.path()) == std::vector<std::string>{"run"});
}

TEST_CASE("a signal during the write stops it before the next file and leaves nothing",
          "[atomic_folder]") {
  const results::testing::TempDir tmp;
  std::atomic<int> signal{0};
  sim::set_stop_flag(&signal);
  // The signal arrives while the first file is written (as SIGINT would, from the handler).
  bool second_written = false;
  const std::vector<FolderFile> files{FolderFile{"a.csv",
                                                 [&](std::ostream& out) {
                                                   out << "a\n";
                                                   signal.store(2);
                                                 }},
                                      FolderFile{"manifest.json", [&](std::ostream& out) {
                                                   second_written = true;
                                                   out << "{}\n";
                                                 }}};
  const fs::path target = tmp.path() / "run";
  CHECK_THROWS_AS(results::write_folder_atomically(target, files, false), sim::Stopped);
  CHECK_FALSE(second_written);
  CHECK(entries(tmp.path()).empty());  // no folder, no partial folder
  // An existing results folder, to be replaced with --force, is left as it was.
  signal.store(0);
  results::write_folder_atomically(target, new_files, false);
  CHECK_THROWS_AS(results::write_folder_atomically(target, files, true), sim::Stopped);
  CHECK(entries(tmp.path()) == std::vector<std::string>{"run"});
  CHECK(read_file(target / "a.csv") == "new a\n");
  sim::set_stop_flag(nullptr);
}

TEST_CASE("a check of the folder as written sees every file, and its refusal writes nothing",
          "[atomic_folder]") {
  const results::testing::TempDir tmp;
  const fs::path target = tmp.path() / "market";
  fs::create_directory(target);
  write_text(target / "manifest.json", "{\"tool\": \"caremarket\"}");
  write_text(target / "old.csv", "old");
  std::vector<std::string> seen;
  const auto refuse = [&](const fs::path& written) {
    seen = entries(written);
    CHECK(read_file(written / "a.csv") == "new a\n");
    throw std::runtime_error("would not validate");
  };
  CHECK_THROWS_WITH(results::write_folder_atomically(target, new_files, true, refuse),
                    "would not validate");
  CHECK(seen == std::vector<std::string>{"a.csv", "manifest.json"});
  // The old folder is as it was, and no temporary folder is left beside it.
  CHECK(entries(target) == std::vector<std::string>{"manifest.json", "old.csv"});
  CHECK(entries(tmp.path()) == std::vector<std::string>{"market"});
  // A check that passes lets the folder be written.
  results::write_folder_atomically(target, new_files, true, [](const fs::path&) {});
  CHECK(entries(target) == std::vector<std::string>{"a.csv", "manifest.json"});
}
