#pragma once
// A subcommand that has already told the user what went wrong throws Exit to leave main with
// the right exit code and no second message.

namespace caremarket::cli {
struct Exit {
  int code;
};
}  // namespace caremarket::cli
