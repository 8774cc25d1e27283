#pragma once
// What `caremarket import market` shares between its files: numbers as the folder writes them,
// the import log's summary on stderr, and the check that the folder about to be written loads
// (docs/data-files.md, "From public data").

#include <filesystem>
#include <string>
#include <vector>

#include "cli/import_ons.hpp"

namespace caremarket::cli {

/// The shortest text that reads back as `v` (1000002760.5, 0.09999999999990905): for a value
/// the user gave, or one compared with a limit, where ten digits could round across it.
std::string ten_digits(double v);

/// Hours as the folder writes them (ten digits) and validate then reads them: what the
/// branch limits are checked on, so that import refuses exactly what validate would.
double as_written(double hours);

/// The import log's summary on stderr: rows read, kept and dropped, by file and reason, under a
/// title saying `where` the whole log is.
void print_log_summary(const std::vector<ImportLogRow>& log, const std::string& where);

/// Reads the folder about to be written, `written` (write_folder_atomically's temporary folder,
/// every file in it), as `caremarket validate` would (the scenario loaded and its model built),
/// and refuses it, with validate's errors naming `out`, when that fails: every input can be
/// valid on its own while the model they make is not (a council's referrals near the limit,
/// grown by the projections), and a folder that no command can run is not written. Throws Exit.
/// `council` names the council scenario (which validated on its own) and `added` what the import
/// adds to it, for the note that says where to look.
void refuse_unloadable_folder(const std::filesystem::path& written,
                              const std::filesystem::path& out, const std::string& council,
                              const std::string& added);

}  // namespace caremarket::cli
