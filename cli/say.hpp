#pragma once
// Faults said to the user, a bounded number of each file's lines: an input file with thousands
// of bad rows (a parameter sample, a projections file, a results file) gets its first faults
// said and a count of the rest, not thousands of lines that push every other file's faults off
// the screen. A C compiler's error limit does the same (GCC's -fmax-errors, Clang's
// -ferror-limit).

#include <cstddef>
#include <ostream>
#include <string>

namespace caremarket::cli {

/// How many faults of one file's lines ("PATH:LINE: ...") a command says; the rest are counted.
inline constexpr std::size_t faults_said_per_file = 20;

/// Says one fault on `out` after `prefix` ("caremarket: error: "), on a line of its own. A fault
/// of a file's line (its text holds "PATH:LINE:", LINE digits) is said only while fewer than
/// faults_said_per_file of that file's have been said with the same prefix; later ones are
/// counted and their lines noted, for say_unsaid_faults. Any other fault is always said.
/// Thread-safe.
void say_error(std::ostream& out, const std::string& prefix, const std::string& line);
/// As above, on stderr after "caremarket: error: ".
void say_error(const std::string& line);
/// Says, once for each file whose faults were cut short, how many were not said and on which
/// lines ("caremarket: error: x.csv: 2,980 more faults, on lines 22 to 3001, are not said; the
/// first 20 are above"), on the stream and after the prefix its faults had; then forgets them.
/// main calls it as the command ends.
void say_unsaid_faults();

/// From here on, std::cerr and std::cout write what they are given as geography::escaped does
/// (line breaks and tabs kept): a control byte as \xNN (ESC as \x1b), a C1 control as \u0080 to
/// \u009f, a line separator as \u2028, a byte that begins no UTF-8 character as \xNN; so that a
/// value a message quotes from the user's input (an option, a --set, a cell, a file's name)
/// cannot move the cursor, recolour or clear the terminal. main calls it first. The progress bar
/// writes to stderr through C's stdio, so its carriage return is not escaped.
void escape_control_bytes_in_messages();

}  // namespace caremarket::cli
