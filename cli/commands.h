// The dff subcommands. Each add_* registers its options on `parent` and returns the
// subcommand with the function that runs it once the command line is parsed.
#pragma once

#include "cli/common.h"

namespace dff::cli {

Command add_train(CLI::App& parent);
Command add_predict(CLI::App& parent);
Command add_evaluate(CLI::App& parent);
Command add_info(CLI::App& parent);
Command add_export(CLI::App& parent);

}  // namespace dff::cli
