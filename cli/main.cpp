// dff: train small feed-forward networks from CSV tables and export them for microcontrollers.
#include <signal.h>

#include <CLI/CLI.hpp>
#include <exception>
#include <new>
#include <string>
#include <vector>

#include "cli/commands.h"

namespace {

const char* const kFooter =
    "Run 'dff COMMAND --help' for a command's options and examples.\n"
    "\n"
    "Examples:\n"
    "  dff train examples/seed.csv --inputs 3 -o seed.json   # train with the defaults\n"
    "  dff predict seed.json examples/seed.csv               # one line of outputs per row\n"
    "  dff evaluate seed.json examples/seed.csv --json       # accuracy and loss\n"
    "  dff info seed.json                                    # topology, size, settings\n"
    "  dff export seed.json --format c -o seed_model.h       # C header for any MCU\n"
    "\n"
    "Exit codes: 0 success, 1 error (data, model, file), 2 bad command line.";

}  // namespace

int main(int argc, char** argv) {
  using namespace dff::cli;
  // A closed pipe (dff predict ... | head) becomes a write error, not a signal.
  signal(SIGPIPE, SIG_IGN);
  try {
    CLI::App app{"dff: train small feed-forward networks on CSV tables and export them for microcontrollers", "dff"};
    app.set_version_flag("--version", std::string("dff ") + DFF_VERSION);
    app.require_subcommand(1);
    app.footer(kFooter);
    const std::vector<Command> commands = {add_train(app), add_predict(app), add_evaluate(app), add_info(app),
                                           add_export(app)};
    try {
      app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
      return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
      return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
      return app.exit(e);
    } catch (const CLI::ParseError& e) {
      if (app.get_subcommands().empty()) {
        const std::string expected = "train, predict, evaluate, info or export (see dff --help)";
        if (argc <= 1) return report_usage_error("a command is needed: " + expected);
        const std::string first = argv[1];
        if (first[0] != '-') return report_usage_error("unknown command '" + first + "': expected " + expected);
        return report_usage_error("unknown option '" + first + "' before the command; commands: " + expected);
      }
      const std::string name = app.get_subcommands().front()->get_name();
      return report_usage_error(name + ": " + e.what() + " (see dff " + name + " --help)");
    }
    for (const Command& command : commands)
      if (command.app->parsed()) return command.run();
    return report_usage_error("a command is needed (see dff --help)");
  } catch (const std::bad_alloc&) {
    return report_error("out of memory");
  } catch (const std::exception& e) {
    return report_error(std::string("internal error: ") + e.what());
  }
}
