// Runs the built `dff` binary (path in DFF_CLI) in a temporary folder.
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "core/host/data/csv.h"
#include "core/host/model/model_io.h"
#include "core/train.h"

namespace fs = std::filesystem;

namespace {

const std::string kExamples = std::string(DFF_SOURCE_DIR) + "/examples/";

std::string quote(const std::string& s) {
  std::string out = "'";
  for (const char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string slurp(const fs::path& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void spit(const fs::path& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream ss(text);
  std::string line;
  while (std::getline(ss, line)) lines.push_back(line);
  return lines;
}

std::vector<std::string> split(const std::string& line, char sep = ',') {
  std::vector<std::string> cells;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, sep)) cells.push_back(cell);
  return cells;
}

struct Run {
  int code = -1;
  bool signaled = false;
  std::string out;
  std::string err;
};

// A fresh temporary folder, the working directory of every command run from it.
class Sandbox {
 public:
  Sandbox() {
    char tmpl[] = "/tmp/dff-cli-test-XXXXXX";
    const char* made = mkdtemp(tmpl);
    REQUIRE(made != nullptr);
    dir_ = made;
  }
  ~Sandbox() {
    std::error_code ec;
    fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(dir_, ec);
  }
  const fs::path& dir() const { return dir_; }
  fs::path path(const std::string& name) const { return dir_ / name; }

  // Runs `dff <args>` (args are passed to the shell as written) in the folder.
  Run dff(const std::string& args) const { return shell(quote(DFF_CLI) + " " + args); }

  // Runs a shell command line in the folder, capturing stdout and stderr.
  Run shell(const std::string& command) const {
    const std::string line = "cd " + quote(dir_.string()) + " && " + command + " >" + quote(path(".out").string()) +
                             " 2>" + quote(path(".err").string()) + " </dev/null";
    const int status = std::system(line.c_str());
    Run r;
    if (WIFEXITED(status)) r.code = WEXITSTATUS(status);
    r.signaled = WIFSIGNALED(status);
    r.out = slurp(path(".out"));
    r.err = slurp(path(".err"));
    fs::remove(path(".out"));
    fs::remove(path(".err"));
    return r;
  }

  // Names of the files in the folder.
  std::vector<std::string> files() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir_)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

 private:
  fs::path dir_;
};

// An error run: the exit code, exactly one line on stderr starting "dff: " and naming `mentions`.
void check_error(const Run& r, int code, const std::string& mentions) {
  INFO("stderr: " << r.err);
  CHECK_FALSE(r.signaled);
  CHECK(r.code == code);
  CHECK(r.err.rfind("dff: ", 0) == 0);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK(r.err.find(mentions) != std::string::npos);
}

nlohmann::json evaluate_json(const Sandbox& box, const std::string& model, const std::string& data) {
  const Run r = box.dff("evaluate " + model + " " + quote(data) + " --json");
  INFO(r.err);
  REQUIRE(r.code == 0);
  const nlohmann::json j = nlohmann::json::parse(r.out, nullptr, false);
  REQUIRE_FALSE(j.is_discarded());
  return j;
}

const char* const kOld = "previous contents\n";

// What one run of dff cost: wall time and peak resident memory. The peak comes from wait4(),
// so it includes the pages the forked child shared with this test before exec (a few MB).
struct Cost {
  int code = -1;
  double seconds = 0;
  long peak_kb = 0;
};

Cost cost_of_dff(const Sandbox& box, const std::vector<std::string>& args) {
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    std::vector<char*> argv{const_cast<char*>(DFF_CLI)};
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    const int null = open("/dev/null", O_RDWR);
    if (chdir(box.dir().c_str()) != 0 || null < 0) _exit(127);
    dup2(null, 0);
    dup2(null, 1);
    dup2(null, 2);
    execv(DFF_CLI, argv.data());
    _exit(127);
  }
  int status = 0;
  struct rusage usage {};
  REQUIRE(wait4(pid, &status, 0, &usage) == pid);
  Cost c;
  c.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  c.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  c.peak_kb = usage.ru_maxrss;
  return c;
}

}  // namespace

TEST_CASE("dff train on the seed example, then predict, evaluate and info") {
  Sandbox box;
  const Run t = box.dff("train " + quote(kExamples + "seed.csv") + " --inputs 3 -o seed.json");
  INFO(t.err);
  REQUIRE(t.code == 0);
  CHECK(t.err.empty());  // stderr is not a terminal: no progress bar
  const std::vector<std::string> summary = lines_of(t.out);
  REQUIRE(summary.size() == 2);
  CHECK(summary[0].find("3-16-2") != std::string::npos);
  CHECK(summary[1].find("trained 1000 epochs") != std::string::npos);
  CHECK(summary[1].find("samples/s") != std::string::npos);
  CHECK(summary[1].find("accuracy 100.0% (8/8)") != std::string::npos);
  REQUIRE(fs::exists(box.path("seed.json")));

  dff::Result<dff::DFF> model = dff::load_model(box.path("seed.json").string());
  REQUIRE(model.ok());
  CHECK(model->topology().inputs() == 3);
  CHECK(model->topology().outputs() == 2);
  CHECK(model->training.epochs == 1000u);
  CHECK(model->training.seed == 1u);

  SECTION("predict prints one line per row whose values read back bit-identical") {
    const Run p = box.dff("predict seed.json " + quote(kExamples + "seed.csv"));
    REQUIRE(p.code == 0);
    CHECK(p.err.empty());
    const std::vector<std::string> lines = lines_of(p.out);
    dff::Result<dff::Dataset> data = dff::load_csv(kExamples + "seed.csv", dff::CsvOptions{3});
    REQUIRE(data.ok());
    REQUIRE(lines.size() == 8);
    for (uint32_t r = 0; r < 8; ++r) {
      const std::vector<std::string> cells = split(lines[r]);
      REQUIRE(cells.size() == 2);
      const float* y = model->network().forward(&data->inputs[r * 3]);
      for (uint32_t k = 0; k < 2; ++k) {
        CHECK(strtof(cells[k].c_str(), nullptr) == y[k]);
        CHECK(std::round(y[k]) == data->targets[r * 2 + k]);
      }
    }
  }

  SECTION("predict accepts rows with inputs only") {
    spit(box.path("inputs.csv"), "0,0,1\n1,1,1\n");
    const Run p = box.dff("predict seed.json inputs.csv");
    REQUIRE(p.code == 0);
    const std::vector<std::string> lines = lines_of(p.out);
    REQUIRE(lines.size() == 2);
    CHECK(std::round(strtof(split(lines[0])[1].c_str(), nullptr)) == 1.0f);  // 0,0,1 -> (0, 1)
    CHECK(std::round(strtof(split(lines[1])[0].c_str(), nullptr)) == 1.0f);  // 1,1,1 -> (1, 0)
  }

  SECTION("evaluate: text and JSON agree with the library") {
    const Run e = box.dff("evaluate seed.json " + quote(kExamples + "seed.csv"));
    REQUIRE(e.code == 0);
    CHECK(e.out.find("accuracy 100.0% (8/8") != std::string::npos);
    CHECK(e.out.find("every rounded output") != std::string::npos);
    const nlohmann::json j = evaluate_json(box, "seed.json", kExamples + "seed.csv");
    CHECK(j["accuracy"].get<double>() == 1.0);
    CHECK(j["samples"].get<int>() == 8);
    dff::Result<dff::Dataset> data = dff::load_csv(kExamples + "seed.csv", dff::CsvOptions{3});
    float loss = -1.0f;
    REQUIRE(dff::evaluate_loss(model->network(), data->view(), model->training.options.loss, &loss).ok());
    CHECK(j["loss"].get<double>() == Approx(loss).epsilon(1e-6));
    CHECK(j["loss"].get<double>() < 0.01);
  }

  SECTION("info shows topology, activations, parameters and bytes") {
    const Run i = box.dff("info seed.json");
    REQUIRE(i.code == 0);
    CHECK(i.out.find("3-16-2") != std::string::npos);
    CHECK(i.out.find("relu, sigmoid") != std::string::npos);
    CHECK(i.out.find("parameters   98 ") != std::string::npos);
    const dff::Topology& top = model->topology();
    CHECK(i.out.find(std::to_string(dff::bytes_required(top, dff::MemoryPlan{false, dff::Optimizer::kSgd})) +
                     " bytes for inference") != std::string::npos);
    CHECK(i.out.find(std::to_string(dff::bytes_required(top, dff::MemoryPlan{true, dff::Optimizer::kAdam})) +
                     " bytes for training with adam") != std::string::npos);
    CHECK(i.out.find("cross_entropy, adam lr 0.01") != std::string::npos);
    CHECK(i.out.find("1000 epochs") != std::string::npos);
  }
}

TEST_CASE("defaults: the seed example learns for at least 19 of seeds 1..20 with only --inputs 3") {
  Sandbox box;
  int all_correct = 0;
  for (int seed = 1; seed <= 20; ++seed) {
    const std::string model = "seed" + std::to_string(seed) + ".json";
    const Run t =
        box.dff("train " + quote(kExamples + "seed.csv") + " --inputs 3 --seed " + std::to_string(seed) + " -o " + model);
    REQUIRE(t.code == 0);
    const nlohmann::json j = evaluate_json(box, model, kExamples + "seed.csv");
    if (j["accuracy"].get<double>() == 1.0) ++all_correct;
  }
  WARN("seed example: all-correct rounded predictions for " << all_correct << " of 20 seeds");
  CHECK(all_correct >= 19);
}

TEST_CASE("defaults: XOR and Iris train well with no options") {
  Sandbox box;
  REQUIRE(box.dff("train " + quote(kExamples + "xor.csv") + " -o xor.json").code == 0);
  CHECK(evaluate_json(box, "xor.json", kExamples + "xor.csv")["accuracy"].get<double>() == 1.0);

  const Run t = box.dff("train " + quote(kExamples + "iris.csv") + " -o iris.json");
  REQUIRE(t.code == 0);
  CHECK(t.out.find("softmax output") != std::string::npos);
  CHECK(t.out.find("normalised inputs") != std::string::npos);
  const nlohmann::json j = evaluate_json(box, "iris.json", kExamples + "iris.csv");
  WARN("iris training accuracy with defaults: " << j["accuracy"].get<double>());
  CHECK(j["accuracy"].get<double>() >= 0.95);
  CHECK(j["samples"].get<int>() == 150);

  SECTION("predict --labels appends the class name, matching the data's labels") {
    const Run p = box.dff("predict iris.json " + quote(kExamples + "iris.csv") + " --labels");
    REQUIRE(p.code == 0);
    const std::vector<std::string> lines = lines_of(p.out);
    const std::vector<std::string> rows = lines_of(slurp(kExamples + "iris.csv"));
    REQUIRE(lines.size() == 150);
    REQUIRE(rows.size() == 151);
    int matches = 0;
    for (size_t r = 0; r < lines.size(); ++r) {
      const std::vector<std::string> cells = split(lines[r]);
      REQUIRE(cells.size() == 4);
      float sum = 0.0f;
      for (int k = 0; k < 3; ++k) sum += strtof(cells[static_cast<size_t>(k)].c_str(), nullptr);
      CHECK(sum == Approx(1.0f).epsilon(1e-5));
      if (cells[3] == split(rows[r + 1]).back()) ++matches;
    }
    CHECK(matches >= 143);  // the 95% the evaluation reports
  }

  SECTION("predict --labels on a numeric model is an error") {
    REQUIRE(box.dff("train " + quote(kExamples + "seed.csv") + " --inputs 3 -q -o seed.json").code == 0);
    check_error(box.dff("predict seed.json " + quote(kExamples + "seed.csv") + " --labels"), 1, "--labels");
  }
}

TEST_CASE("dff train options change the network and are stored in the model") {
  Sandbox box;
  const Run t = box.dff("train " + quote(kExamples + "xor.csv") +
                        " -o xor.json --hidden 4,3 --activation tanh --output sigmoid --loss mse --optimizer momentum"
                        " --lr 0.05 --epochs 50 --batch 2 --seed 7 --init uniform --no-bias --normalize");
  INFO(t.err);
  REQUIRE(t.code == 0);
  dff::Result<dff::DFF> m = dff::load_model(box.path("xor.json").string());
  REQUIRE(m.ok());
  const dff::Topology& top = m->topology();
  REQUIRE(top.layer_count == 3);
  CHECK(top.widths[1] == 4);
  CHECK(top.widths[2] == 3);
  CHECK(top.activations[0] == dff::Activation::kTanh);
  CHECK(top.activations[2] == dff::Activation::kSigmoid);
  CHECK_FALSE(top.bias);
  CHECK(top.normalize);
  CHECK(m->training.options.loss == dff::Loss::kMse);
  CHECK(m->training.options.optimizer == dff::Optimizer::kMomentum);
  CHECK(m->training.options.learning_rate == 0.05f);
  CHECK(m->training.options.batch_size == 2u);
  CHECK(m->training.epochs == 50u);
  CHECK(m->training.seed == 7u);
  CHECK(m->training.init == dff::Init::kUniform);

  SECTION("--hidden none connects inputs to outputs; --optimizer sgd takes sgd's learning rate") {
    REQUIRE(box.dff("train " + quote(kExamples + "xor.csv") + " -o lin.json --hidden none --optimizer sgd -q").code == 0);
    dff::Result<dff::DFF> lin = dff::load_model(box.path("lin.json").string());
    REQUIRE(lin.ok());
    CHECK(lin->topology().layer_count == 1);
    CHECK(lin->training.options.learning_rate == 0.05f);
  }

  SECTION("the same seed gives the same model file") {
    REQUIRE(box.dff("train " + quote(kExamples + "xor.csv") + " -o a.json --seed 3 -q").code == 0);
    REQUIRE(box.dff("train " + quote(kExamples + "xor.csv") + " -o b.json --seed 3 -q").code == 0);
    REQUIRE(box.dff("train " + quote(kExamples + "xor.csv") + " -o c.json --seed 4 -q").code == 0);
    CHECK(slurp(box.path("a.json")) == slurp(box.path("b.json")));
    CHECK(slurp(box.path("a.json")) != slurp(box.path("c.json")));
  }
}

TEST_CASE("dff train --quiet prints nothing") {
  Sandbox box;
  const Run t = box.dff("train " + quote(kExamples + "seed.csv") + " --inputs 3 --quiet -o seed.json");
  CHECK(t.code == 0);
  CHECK(t.out.empty());
  CHECK(t.err.empty());
  CHECK(fs::exists(box.path("seed.json")));
}

TEST_CASE("dff train draws a progress bar only on a terminal and not with --quiet") {
  if (system("command -v script >/dev/null 2>&1") != 0) {
    WARN("util-linux 'script' not found: progress bar on a terminal not tested");
    return;
  }
  Sandbox box;
  // script(1) runs the command with a pseudo-terminal as stdin, stdout and stderr.
  const std::string train = quote(DFF_CLI) + " train " + quote(kExamples + "iris.csv") + " --epochs 300 -o iris.json";
  const Run bar = box.shell("script -qec " + quote(train) + " /dev/null");
  REQUIRE(bar.code == 0);
  CHECK(bar.out.find("epoch ") != std::string::npos);
  CHECK(bar.out.find("loss ") != std::string::npos);
  CHECK(bar.out.find("300/300") != std::string::npos);
  CHECK(bar.out.find("trained 300 epochs") != std::string::npos);
  const Run quiet = box.shell("script -qec " + quote(train + " --quiet") + " /dev/null");
  REQUIRE(quiet.code == 0);
  CHECK(quiet.out.find("epoch ") == std::string::npos);
  CHECK(quiet.out.find("trained") == std::string::npos);
  const Run held = box.shell("script -qec " + quote(train + " --validation 0.2") + " /dev/null");
  REQUIRE(held.code == 0);
  CHECK(held.out.find("300/300  loss ") != std::string::npos);
  CHECK(held.out.find("  validation ") != std::string::npos);
}

TEST_CASE("dff export writes every format from JSON or blob models") {
  Sandbox box;
  REQUIRE(box.dff("train " + quote(kExamples + "iris.csv") + " -q -o iris.json").code == 0);
  for (const char* format : {"c", "c-int8", "micropython", "blob", "blob-int8", "json", "arduino"}) {
    const std::string out = std::string("iris_model.") + format;
    const std::string int8 = std::string(format).find("int8") != std::string::npos
                                 ? " --calibrate " + quote(kExamples + "iris.csv")
                                 : std::string();
    const Run e = box.dff("export iris.json --format " + std::string(format) + " -o " + out + int8);
    INFO(format << ": " << e.err);
    CHECK(e.code == 0);
    CHECK(fs::exists(box.path(out)));
    CHECK(fs::file_size(box.path(out)) > 0);
    CHECK(e.out.find("wrote " + out) != std::string::npos);
  }
  SECTION("the default identifier prefix is the output file's name") {
    CHECK(slurp(box.path("iris_model.c")).find("iris_model_predict") != std::string::npos);
    REQUIRE(box.dff("export iris.json --format c -o x.h --name sensor").code == 0);
    CHECK(slurp(box.path("x.h")).find("sensor_predict") != std::string::npos);
  }
  SECTION("a blob model predicts exactly like the JSON model it came from") {
    const Run a = box.dff("predict iris.json " + quote(kExamples + "iris.csv") + " --labels");
    const Run b = box.dff("predict iris_model.blob " + quote(kExamples + "iris.csv") + " --labels");
    REQUIRE(a.code == 0);
    REQUIRE(b.code == 0);
    CHECK(a.out == b.out);
    CHECK(box.dff("info iris_model.blob").code == 0);
  }
  SECTION("--calibrate prints the float vs int8 report") {
    const Run c = box.dff("export iris.json --format c-int8 -o q.h --calibrate " + quote(kExamples + "iris.csv"));
    INFO(c.err);
    REQUIRE(c.code == 0);
    CHECK(c.out.find("int8 calibration on 150 rows: float accuracy") != std::string::npos);
    CHECK(c.out.find("max output difference") != std::string::npos);
    check_error(box.dff("export iris.json --format c -o q2.h --calibrate " + quote(kExamples + "iris.csv")), 2,
                "--calibrate works with the int8 formats (c-int8, micropython-int8 or blob-int8) only");
    CHECK_FALSE(fs::exists(box.path("q2.h")));
    check_error(box.dff("export iris.json --format blob-int8 -o q3.bin"), 2,
                "--format blob-int8 needs --calibrate DATA.csv: the rows the model was trained on fit its int8 scales");
    CHECK_FALSE(fs::exists(box.path("q3.bin")));
  }
  SECTION("an int8 blob is not a float model: dff refuses to read it, naming why") {
    REQUIRE(box.dff("export iris.json --format blob-int8 -o q.bin --calibrate " + quote(kExamples + "iris.csv")).code ==
            0);
    check_error(box.dff("info q.bin"), 1, "holds an int8 model (blob format version 2)");
  }
}

TEST_CASE("dff export writes the recorded golden files, the name defaulting to the output's") {
  Sandbox box;
  const std::string golden = std::string(DFF_SOURCE_DIR) + "/tests/host/export/golden/";
  const std::string iris = quote(golden + "models/iris.json");
  // Output files named iris.*: the default --name is "iris", as the golden files were written with.
  const char* const cases[][3] = {{"c", "iris.h", "iris.h"},           {"c-int8", "iris.hpp", "iris_int8.h"},
                                  {"micropython", "iris.py", "iris.py"}, {"blob", "iris.bin", "iris.bin"},
                                  {"blob-int8", "iris.b8", "iris_int8.bin"}, {"json", "iris.json", "iris.json"}};
  for (const auto& c : cases) {
    const std::string int8 = std::string(c[0]).find("int8") != std::string::npos
                                 ? " --calibrate " + quote(kExamples + "iris.csv")
                                 : std::string();
    const Run r = box.dff("export " + iris + " --format " + c[0] + " -o " + c[1] + int8);
    INFO(c[0] << ": " << r.err);
    REQUIRE(r.code == 0);
    CHECK(slurp(box.path(c[1])) == slurp(golden + c[2]));
  }
  const Run c = box.dff("export " + iris + " --format c-int8 -o q.h --name iris --calibrate " +
                        quote(kExamples + "iris.csv"));
  REQUIRE(c.code == 0);
  CHECK(c.out == slurp(golden + "iris_calibration.txt") + "wrote q.h (c-int8, 24008 bytes)\n");
  CHECK(slurp(box.path("q.h")) == slurp(golden + "iris_int8.h"));
}

TEST_CASE("dff export refuses a name that would break the board or the import, before writing anything") {
  Sandbox box;
  const std::string seed = quote(std::string(DFF_SOURCE_DIR) + "/tests/host/export/golden/models/seed.json");
  check_error(box.dff("export " + seed + " --format micropython -o main.py"), 2,
              "the name comes from the output file name (choose it with --name): 'main' would replace the board's "
              "main.py");
  check_error(box.dff("export " + seed + " --format micropython -o Boot.py"), 2, "board's boot.py");
  check_error(box.dff("export " + seed + " --format micropython -o os.py"), 2, "'os' is the name of a module");
  check_error(box.dff("export " + seed + " --format micropython -o m.py --name class"), 2,
              "--name: 'class' is a Python keyword");
  check_error(box.dff("export " + seed + " --format micropython -o m.py --name array"), 2, "e.g. 'array_model'");
  check_error(box.dff("export " + seed + " --format c -o m.h --name '!!'"), 2, "no ASCII letter or digit");
  CHECK(box.files().empty());
  // C prefixes may be anything identifier_from() makes; the Python module gets the same cleaning.
  REQUIRE(box.dff("export " + seed + " --format c -o main.h").code == 0);
  CHECK(slurp(box.path("main.h")).find("main_predict(") != std::string::npos);
  REQUIRE(box.dff("export " + seed + " --format micropython -o x.py --name 'my  model'").code == 0);
  CHECK(slurp(box.path("x.py")).find("\n#     import my_model\n") != std::string::npos);
}

TEST_CASE("dff info shows names from a model file escaped: they cannot drive the terminal") {
  Sandbox box;
  nlohmann::json model =
      nlohmann::json::parse(slurp(std::string(DFF_SOURCE_DIR) + "/tests/host/export/golden/models/seed.json"));
  const std::string rlo = "\xE2\x80\xAE", csi8 = "\xC2\x9B";
  model["inputs"] = {"title\x1b]0;owned\x07", "clip\x1b]52;c;ZWNobyBoaQ==\x1b\\", "cr\rlf\n" + csi8 + "2J"};
  model["classes"] = {"abc" + rlo + "cba", "caf\xC3\xA9"};
  spit(box.path("m.json"), model.dump());
  const Run r = box.dff("info m.json");
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("inputs       title\\x1b]0;owned\\x07, clip\\x1b]52;c;ZWNobyBoaQ==\\x1b\\, cr\\x0dlf\\x0a\\xc2\\x9b2J\n") !=
        std::string::npos);
  CHECK(r.out.find("classes      abc\\xe2\\x80\\xaecba, caf\xC3\xA9 (2)\n") != std::string::npos);
  for (const char c : r.out) CHECK((c == '\n' || static_cast<unsigned char>(c) >= 0x20));
  CHECK(r.out.find(rlo) == std::string::npos);
  CHECK(r.out.find(csi8) == std::string::npos);
  CHECK(std::count(r.out.begin(), r.out.end(), '\n') == static_cast<long>(lines_of(r.out).size()));
  // A name that makes the file invalid reaches the terminal escaped too, in the error line.
  model["activations"] = {"relu" + rlo + "\x1b]0;owned\x07", "sigmoid"};
  spit(box.path("bad.json"), model.dump());
  const Run bad = box.dff("info bad.json");
  check_error(bad, 1, "bad.json: activations[0]: unknown activation \"relu\\xe2\\x80\\xae\\u001b]0;owned\\u0007\"");
  for (const char c : bad.err) CHECK((c == '\n' || static_cast<unsigned char>(c) >= 0x20));
  CHECK(bad.err.find(rlo) == std::string::npos);
}

TEST_CASE("a tiny model file declaring a huge network costs what a tiny model costs") {
  // 16 layers of 4096 x 4096 declared in 332 bytes, no layers given: dff used to allocate
  // 4.3 GB and run for 20 s before saying so.
  Sandbox box;
  const std::string hostile = std::string(DFF_SOURCE_DIR) + "/tests/host/model/fixtures/huge-topology-no-layers.json";
  const std::string seed = std::string(DFF_SOURCE_DIR) + "/tests/host/export/golden/models/seed.json";
  const std::string csv = kExamples + "seed.csv";
  const Cost baseline = cost_of_dff(box, {"info", seed});
  REQUIRE(baseline.code == 0);
  const std::vector<std::vector<std::string>> commands = {{"info", hostile},
                                                          {"predict", hostile, csv},
                                                          {"evaluate", hostile, csv},
                                                          {"export", hostile, "--format", "c", "-o", "x.h"}};
  for (const auto& args : commands) {
    const Cost c = cost_of_dff(box, args);
    INFO(args[0] << ": " << c.seconds << " s, peak " << c.peak_kb << " KB (seed.json info: " << baseline.peak_kb
                 << " KB)");
    CHECK(c.code == 1);
    CHECK(c.seconds < 1.0);
    CHECK(c.peak_kb < baseline.peak_kb + 8 * 1024);
    CHECK(c.peak_kb < 64 * 1024);
  }
  const Run r = box.dff("info " + quote(hostile));
  check_error(r, 1, "huge-topology-no-layers.json: layers: expected 16 layers (one per weight layer of topology), got 0");
  CHECK(box.files().empty());
}

TEST_CASE("dff reports bad input in one line, with exit code 1, and leaves the output file alone") {
  Sandbox box;
  spit(box.path("model.json"), kOld);
  spit(box.path("ragged.csv"), "a,b,c\n1,2,3\n4,5\n");
  spit(box.path("text.csv"), "a,b,c\n1,2,3\n1,x,3\n");
  const std::string seed = quote(kExamples + "seed.csv");

  SECTION("missing data file") { check_error(box.dff("train missing.csv -o model.json"), 1, "missing.csv"); }
  SECTION("ragged CSV: names file, line and column") {
    check_error(box.dff("train ragged.csv -o model.json"), 1, "ragged.csv:3:");
  }
  SECTION("non-numeric value") { check_error(box.dff("train text.csv -o model.json"), 1, "text.csv:3:2:"); }
  SECTION("too many --inputs for the file") {
    check_error(box.dff("train " + seed + " --inputs 5 -o model.json"), 1, "seed.csv:1:");
  }
  SECTION("training that diverges") {
    const Run r = box.dff("train " + quote(kExamples + "iris.csv") +
                          " --no-normalize --output linear --loss mse --optimizer sgd --lr 10 -q -o model.json");
    check_error(r, 1, "NaN");
  }
  SECTION("unwritable output: missing folder, a folder") {
    check_error(box.dff("train " + seed + " --inputs 3 -o nofolder/model.json"), 1, "nofolder/model.json");
    fs::create_directory(box.path("sub"));
    check_error(box.dff("train " + seed + " --inputs 3 -o sub"), 1, "sub");
    check_error(box.dff("train " + seed + " --inputs 3 -o ragged.csv/model.json"), 1, "ragged.csv/model.json");
  }
  SECTION("output that is not a regular file is not replaced") {
    REQUIRE(mkfifo(box.path("fifo").c_str(), 0600) == 0);
    check_error(box.dff("train " + seed + " --inputs 3 -o fifo"), 1, "fifo");
    CHECK(fs::is_fifo(box.path("fifo")));
    fs::create_symlink("model.json", box.path("link.json"));
    check_error(box.dff("export model.json --format c -o link.json"), 1, "link.json");
    CHECK(fs::is_symlink(box.path("link.json")));
  }
  SECTION("read-only output folder") {
    if (geteuid() == 0) {
      WARN("running as root: permissions are not enforced, read-only folder not tested");
    } else {
      fs::create_directory(box.path("ro"));
      spit(box.path("ro/model.json"), kOld);
      fs::permissions(box.path("ro"), fs::perms::owner_read | fs::perms::owner_exec);
      check_error(box.dff("train " + seed + " --inputs 3 -o ro/model.json"), 1, "ro/model.json");
      fs::permissions(box.path("ro"), fs::perms::owner_all);
      CHECK(slurp(box.path("ro/model.json")) == kOld);
    }
  }
  SECTION("a model that is not a model") {
    spit(box.path("bad.json"), "this is not a model\n");
    check_error(box.dff("predict bad.json " + seed), 1, "bad.json");
    check_error(box.dff("evaluate bad.json " + seed), 1, "bad.json");
    check_error(box.dff("info bad.json"), 1, "bad.json");
    check_error(box.dff("export bad.json --format c -o model.json"), 1, "bad.json");
  }
  SECTION("a truncated model") {
    REQUIRE(box.dff("train " + seed + " --inputs 3 -q -o good.json").code == 0);
    const std::string good = slurp(box.path("good.json"));
    spit(box.path("cut.json"), good.substr(0, good.size() / 2));
    check_error(box.dff("predict cut.json " + seed), 1, "cut.json");
    check_error(box.dff("export cut.json --format blob -o model.json"), 1, "cut.json");
  }
  SECTION("evaluate data that does not fit the model") {
    REQUIRE(box.dff("train " + seed + " --inputs 3 -q -o good.json").code == 0);
    check_error(box.dff("evaluate good.json " + quote(kExamples + "iris.csv")), 1, "iris.csv:2:");
    spit(box.path("wide.csv"), "0,0,0,1,0,1\n");
    check_error(box.dff("evaluate good.json wide.csv"), 1, "wide.csv");
    check_error(box.dff("predict good.json ragged.csv"), 1, "ragged.csv:3:");
  }
  CHECK(slurp(box.path("model.json")) == kOld);
  for (const std::string& name : box.files()) CHECK(name.find(".tmp") == std::string::npos);
}

TEST_CASE("dff reports command-line mistakes in one line with exit code 2") {
  Sandbox box;
  spit(box.path("model.json"), kOld);
  const std::string seed = quote(kExamples + "seed.csv");
  check_error(box.dff(""), 2, "command");
  check_error(box.dff("frobnicate"), 2, "frobnicate");
  check_error(box.dff("train"), 2, "DATA");
  check_error(box.dff("train " + seed), 2, "-o");
  check_error(box.dff("train " + seed + " -o model.json --activation swish"), 2, "--activation");
  check_error(box.dff("train " + seed + " -o model.json --output swish"), 2, "--output");
  check_error(box.dff("train " + seed + " -o model.json --activation softmax"), 2, "--activation");
  check_error(box.dff("train " + seed + " -o model.json --lr 11"), 2, "--lr");
  check_error(box.dff("train " + seed + " -o model.json --l2 -1"), 2, "--l2");
  check_error(box.dff("train " + seed + " -o model.json --loss hinge"), 2, "--loss");
  check_error(box.dff("train " + seed + " -o model.json --optimizer rmsprop"), 2, "--optimizer");
  check_error(box.dff("train " + seed + " -o model.json --init zeros"), 2, "--init");
  check_error(box.dff("train " + seed + " -o model.json --lr -1"), 2, "--lr");
  check_error(box.dff("train " + seed + " -o model.json --lr nan"), 2, "--lr");
  check_error(box.dff("train " + seed + " -o model.json --epochs abc"), 2, "--epochs");
  check_error(box.dff("train " + seed + " -o model.json --epochs 0"), 2, "--epochs");
  check_error(box.dff("train " + seed + " -o model.json --batch -2"), 2, "--batch");
  check_error(box.dff("train " + seed + " -o model.json --seed -1"), 2, "--seed");
  check_error(box.dff("train " + seed + " -o model.json --inputs 0"), 2, "--inputs");
  check_error(box.dff("train " + seed + " -o model.json --hidden 8,x"), 2, "--hidden");
  check_error(box.dff("train " + seed + " -o model.json --hidden 0"), 2, "--hidden");
  check_error(box.dff("train " + seed + " -o model.json --hidden 5000"), 2, "--hidden");
  check_error(box.dff("train " + seed + " -o model.json --normalize --no-normalize"), 2, "--normalize");
  check_error(box.dff("train " + quote(kExamples + "xor.csv") + " -o model.json --output softmax"), 2, "softmax");
  check_error(box.dff("train " + seed + " --inputs 3 -o model.json --output linear --loss cross_entropy"), 2,
              "cross_entropy");
  check_error(box.dff("train " + seed + " -o model.json surplus"), 2, "surplus");
  check_error(box.dff("predict model.json"), 2, "DATA");
  check_error(box.dff("export model.json -o x.h"), 2, "--format");
  check_error(box.dff("export model.json --format zip -o x.h"), 2, "zip");
  CHECK(slurp(box.path("model.json")) == kOld);
}

TEST_CASE("--help works on dff and every subcommand, with examples") {
  Sandbox box;
  const Run top = box.dff("--help");
  CHECK(top.code == 0);
  CHECK(top.out.find("Examples:") != std::string::npos);
  for (const char* command : {"train", "predict", "evaluate", "info", "export"}) {
    const Run r = box.dff(std::string(command) + " --help");
    INFO(command);
    CHECK(r.code == 0);
    CHECK(r.err.empty());
    CHECK(r.out.find(std::string("dff ") + command) != std::string::npos);
    CHECK(r.out.find("Example") != std::string::npos);
  }
  CHECK(box.dff("evaluate --help").out.find("rounds to its target") != std::string::npos);
  const std::string train_help = box.dff("train --help").out;
  CHECK(train_help.find("adam 0.01 up to 256 rows, 0.003 above") != std::string::npos);  // the core's defaults
  CHECK(train_help.find("(default: 1, per-sample as the seed, up to 256 rows, 32 above)") != std::string::npos);
  CHECK(train_help.find("(default: 0 up to 256 rows, 5 / rows above)") != std::string::npos);
  const Run v = box.dff("--version");
  CHECK(v.code == 0);
  CHECK(v.out.rfind("dff ", 0) == 0);
}

TEST_CASE("dff predict into a closed pipe ends without a signal") {
  Sandbox box;
  REQUIRE(box.dff("train " + quote(kExamples + "iris.csv") + " -q --epochs 20 -o iris.json").code == 0);
  std::string big = "a,b,c,d\n";
  for (int i = 0; i < 40000; ++i) big += "5.1,3.5,1.4,0.2\n";
  spit(box.path("big.csv"), big);
  const Run r = box.shell("bash -c " + quote(quote(DFF_CLI) + " predict iris.json big.csv | head -1 >/dev/null; "
                                              "echo ${PIPESTATUS[0]}"));
  const int code = std::atoi(r.out.c_str());
  INFO("exit code " << code << ", stderr: " << r.err);
  CHECK((code == 0 || code == 1));
  CHECK(r.err.empty());
}

TEST_CASE("dff evaluate matches classes by name: a held-out file may start with any class") {
  Sandbox box;
  REQUIRE(box.dff("train " + quote(kExamples + "iris.csv") + " -q --seed 2 -o iris.json").code == 0);
  const std::vector<std::string> lines = lines_of(slurp(kExamples + "iris.csv"));
  // The same rows, virginica first (the training file starts with setosa).
  std::string reversed = lines[0] + "\n";
  for (size_t k = lines.size() - 1; k >= 1; --k) reversed += lines[k] + "\n";
  spit(box.path("reversed.csv"), reversed);
  const double in_order = evaluate_json(box, "iris.json", kExamples + "iris.csv")["accuracy"].get<double>();
  CHECK(in_order >= 0.95);
  CHECK(evaluate_json(box, "iris.json", box.path("reversed.csv").string())["accuracy"].get<double>() == in_order);

  SECTION("a file holding a single class is fine") {
    std::string virginica = lines[0] + "\n";
    for (size_t k = 101; k < lines.size(); ++k) virginica += lines[k] + "\n";
    spit(box.path("virginica.csv"), virginica);
    const nlohmann::json j = evaluate_json(box, "iris.json", box.path("virginica.csv").string());
    CHECK(j["samples"].get<int>() == 50);
    CHECK(j["accuracy"].get<double>() >= 0.9);
  }
  SECTION("a class the model does not know is named, with its line") {
    spit(box.path("rose.csv"), lines[0] + "\n" + lines[1] + "\n5.0,3.0,1.5,0.2,rose\n");
    check_error(box.dff("evaluate iris.json rose.csv"), 1,
                "rose.csv:3:5: unknown class 'rose' (column 'species'); the known classes are 'setosa', "
                "'versicolor', 'virginica'");
  }
}

TEST_CASE("dff train stops reading a column of IDs at the class cap") {
  Sandbox box;
  // 100,000 distinct labels: before the cap this took 3.5 GB and ended in "out of memory".
  std::string ids = "x,id\n";
  for (int r = 0; r < 100000; ++r) ids += std::to_string(r % 10) + ",row" + std::to_string(r) + "\n";
  spit(box.path("ids.csv"), ids);
  check_error(box.dff("train ids.csv -o model.json"), 1,
              "ids.csv:4098:2: column 'id' has more than 4096 distinct class labels (4097 by this row)");
  CHECK_FALSE(fs::exists(box.path("model.json")));
}

// Every CSV reader of dff (train, evaluate, predict) on hostile files: each ends with one error
// line (or, for predict, ignores what is past the inputs), in under a second and under 64 MB,
// and writes nothing.
TEST_CASE("hostile CSV files cost what their bytes hold in dff train, evaluate and predict") {
  Sandbox box;
  const std::string seed = std::string(DFF_SOURCE_DIR) + "/tests/host/export/golden/models/seed.json";
  std::string ids = "x,id\n";  // 5,000 rows, each a new class label: the cap stops it
  for (int r = 0; r < 5000; ++r) ids += "1,r" + std::to_string(r) + "\n";
  std::string wide = "a,b,c\n1";  // one line of 100,000 cells
  for (int c = 1; c < 100000; ++c) wide += ",1";
  const std::vector<std::pair<std::string, std::string>> files = {
      {"wide.csv", wide + "\n"},
      {"ids.csv", ids},
      {"long-name.csv", "a,b,c," + std::string(300, 'n') + "\n1,2,3,4\n"},
      {"long-label.csv", "a,b,c,label\n1,2,3," + std::string(300, 'x') + "\n"},
      {"open-quote.csv", "a,b,c,d\n1,2,3,\"" + std::string(400, 'q') + "\n"},
      {"binary.csv", std::string("\xff\xfe\0\0a,\0,\x1b]52;c;x\x07\n\0,1,2,3\n", 27)},
      {"carriage-returns.csv", "a,b,c,d\n" + std::string(400, '\r')},
      {"huge-number.csv", "a,b,c,d\n1,2,3," + std::string(400, '9') + "\n"},
  };
  const Cost baseline = cost_of_dff(box, {"info", seed});
  REQUIRE(baseline.code == 0);
  for (const auto& [name, text] : files) {
    spit(box.path(name), text);
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"train", name, "--epochs", "1", "-o", "m.json"}, {"evaluate", seed, name}, {"predict", seed, name}}) {
      const Cost c = cost_of_dff(box, args);
      INFO(args[0] << " " << name << " (" << text.size() << " bytes): exit " << c.code << ", " << c.seconds
                   << " s, peak " << c.peak_kb << " KB (seed.json info: " << baseline.peak_kb << " KB)");
      // predict reads only the model's 3 input columns, so a bad 4th column is no error there.
      CHECK((c.code == 1 || (c.code == 0 && args[0] == "predict")));
      CHECK(c.seconds < 1.0);
      CHECK(c.peak_kb < 64 * 1024);
      CHECK_FALSE(fs::exists(box.path("m.json")));
    }
  }
}

// The output activations the rules allow train in dff, and the model files load back.
TEST_CASE("dff train takes every output and hidden activation the rules allow") {
  Sandbox box;
  const std::string xor_csv = quote(kExamples + "xor.csv");
  for (const char* output : {"softmax", "sigmoid", "linear", "tanh", "relu", "leaky_relu"}) {
    INFO(output);
    const std::string data = std::string(output) == "softmax" ? quote(kExamples + "iris.csv") : xor_csv;
    const std::string loss = std::string(output) == "softmax" ? "cross_entropy" : "mse";
    const Run t = box.dff("train " + data + " -q --epochs 5 --hidden 4 --output " + output + " --loss " + loss +
                          " -o m.json");
    INFO(t.err);
    REQUIRE(t.code == 0);
    CHECK(box.dff("info m.json").out.find(std::string(output) + "\n") != std::string::npos);
    REQUIRE(box.dff("export m.json --format blob -o m.blob").code == 0);
    const Run a = box.dff("predict m.json " + data);
    const Run b = box.dff("predict m.blob " + data);
    REQUIRE(a.code == 0);
    CHECK(a.out == b.out);
  }
  for (const char* hidden : {"relu", "leaky_relu", "tanh", "sigmoid", "linear"}) {
    INFO(hidden);
    REQUIRE(box.dff("train " + xor_csv + " -q --epochs 5 --hidden 4,3 --activation " + std::string(hidden) +
                    " -o h.json")
                .code == 0);
    CHECK(box.dff("info h.json").out.find(std::string(hidden) + ", " + hidden) != std::string::npos);
  }
  SECTION("--l2 is stored in the model") {
    REQUIRE(box.dff("train " + xor_csv + " -q --epochs 5 --l2 0.001 -o l2.json").code == 0);
    dff::Result<dff::DFF> m = dff::load_model(box.path("l2.json").string());
    REQUIRE(m.ok());
    CHECK(m->training.options.l2 == 0.001f);
  }
}

TEST_CASE("dff train reads a few whole numbers as classes, says so, and follows --classes / --no-classes") {
  Sandbox box;
  // Iris with its species written 2, 0, 1 (setosa = 2 comes first in the file).
  const std::vector<std::string> lines = lines_of(slurp(kExamples + "iris.csv"));
  std::string numbered = lines[0] + "\n";
  for (size_t k = 1; k < lines.size(); ++k) {
    std::string row = lines[k];
    const size_t comma = row.rfind(',');
    const std::string species = row.substr(comma + 1);
    row = row.substr(0, comma + 1) + (species == "setosa" ? "2" : species == "versicolor" ? "0" : "1");
    numbered += row + "\n";
  }
  spit(box.path("iris012.csv"), numbered);
  const Run guessed = box.dff("train iris012.csv --epochs 30 -o guessed.json");
  INFO(guessed.err);
  REQUIRE(guessed.code == 0);
  CHECK(guessed.out.rfind("column 'species' holds 3 distinct whole numbers: read as classes 0, 1, 2 "
                          "(--no-classes reads them as numbers)\ntraining 4-",
                          0) == 0);
  CHECK(guessed.out.find("accuracy") != std::string::npos);
  const nlohmann::json model = nlohmann::json::parse(slurp(box.path("guessed.json")));
  CHECK(model["classes"] == nlohmann::json::array({"0", "1", "2"}));
  CHECK(model["topology"].back() == 3);

  const Run numbers = box.dff("train iris012.csv --no-classes --epochs 5 -o numbers.json");
  INFO(numbers.err);
  REQUIRE(numbers.code == 0);
  CHECK(numbers.out.find("read as classes") == std::string::npos);
  CHECK(nlohmann::json::parse(slurp(box.path("numbers.json")))["topology"].back() == 1);

  const Run xor_classes = box.dff("train " + quote(kExamples + "xor.csv") + " --classes --epochs 5 -o xor.json");
  INFO(xor_classes.err);
  REQUIRE(xor_classes.code == 0);
  CHECK(nlohmann::json::parse(slurp(box.path("xor.json")))["classes"] == nlohmann::json::array({"0", "1"}));
}

TEST_CASE("dff train orders classes naturally, and the exports follow that order") {
  Sandbox box;
  std::string digits = "a,b,digit\n";
  for (int r = 0; r < 60; ++r) {
    const int d = (r * 7) % 12;
    digits += std::to_string(d % 3) + "," + std::to_string(d / 3) + ",d" + std::to_string(d) + "\n";
  }
  spit(box.path("d.csv"), digits);
  REQUIRE(box.dff("train d.csv -q --epochs 2 -o d.json").code == 0);
  const nlohmann::json classes = nlohmann::json::parse(slurp(box.path("d.json")))["classes"];
  CHECK(classes == nlohmann::json::array({"d0", "d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9", "d10", "d11"}));
  REQUIRE(box.dff("export d.json --format c -o d.h").code == 0);
  const std::string header = slurp(box.path("d.h"));
  CHECK(header.find("\"d9\", \"d10\", \"d11\"") != std::string::npos);
}

TEST_CASE("dff train refuses a line of more columns than a network can have, at the first cell past the cap") {
  Sandbox box;
  std::string wide = "a,b\n1";
  for (int c = 1; c < 1000000; ++c) wide += ",1";
  spit(box.path("wide.csv"), wide + "\n");
  check_error(box.dff("train wide.csv -o model.json"), 1,
              "wide.csv:2:8193: more than 8192 columns on this line; a network has at most 4096 inputs and 4096 outputs");
  CHECK_FALSE(fs::exists(box.path("model.json")));
}

TEST_CASE("dff train --validation holds out rows and reports their loss and accuracy") {
  Sandbox box;
  const std::string iris = quote(kExamples + "iris.csv");
  const Run t = box.dff("train " + iris + " --validation 0.2 --epochs 50 -o a.json");
  INFO(t.err);
  REQUIRE(t.code == 0);
  CHECK(t.out.find("on 120 rows") != std::string::npos);
  CHECK(t.out.find("validation on 30 rows") != std::string::npos);
  CHECK(t.out.find("; validation loss ") != std::string::npos);
  CHECK(t.out.find("/30)") != std::string::npos);

  SECTION("the split follows --seed") {
    REQUIRE(box.dff("train " + iris + " --validation 0.2 --epochs 50 -q -o b.json").code == 0);
    REQUIRE(box.dff("train " + iris + " --validation 0.2 --epochs 50 --seed 2 -q -o c.json").code == 0);
    CHECK(slurp(box.path("a.json")) == slurp(box.path("b.json")));
    CHECK(slurp(box.path("a.json")) != slurp(box.path("c.json")));
  }
  SECTION("a validation file, read for the training data's classes") {
    const std::vector<std::string> lines = lines_of(slurp(kExamples + "iris.csv"));
    std::string virginica = lines[0] + "\n";
    for (size_t k = 141; k < lines.size(); ++k) virginica += lines[k] + "\n";
    spit(box.path("held.csv"), virginica);
    const Run f = box.dff("train " + iris + " --validation held.csv --epochs 50 -o f.json");
    INFO(f.err);
    REQUIRE(f.code == 0);
    CHECK(f.out.find("validation on 10 rows") != std::string::npos);
    spit(box.path("rose.csv"), lines[0] + "\n5.0,3.0,1.5,0.2,rose\n");
    check_error(box.dff("train " + iris + " --validation rose.csv -o g.json"), 1, "rose.csv:2:5: unknown class 'rose'");
  }
  SECTION("mistakes") {
    check_error(box.dff("train " + iris + " --validation 0 -o m.json"), 2, "--validation");
    check_error(box.dff("train " + iris + " --validation 1.5 -o m.json"), 2, "--validation");
    check_error(box.dff("train " + iris + " --validation missing.csv -o m.json"), 1, "missing.csv");
    check_error(box.dff("train " + iris + " --early-stop 5 -o m.json"), 2, "--early-stop needs validation rows");
    check_error(box.dff("train " + iris + " --validation 0.2 --early-stop -1 -o m.json"), 2, "--early-stop");
    check_error(box.dff("train " + quote(kExamples + "xor.csv") + " --validation 0.1 -o m.json"), 1,
                "leaves no validation rows");
    CHECK_FALSE(fs::exists(box.path("m.json")));
  }
}

TEST_CASE("dff train --early-stop keeps the best epoch and records it in the model") {
  Sandbox box;
  const Run t = box.dff("train " + quote(kExamples + "iris.csv") +
                        " --validation 0.2 --early-stop 10 --epochs 2000 --hidden 32 -o e.json");
  INFO(t.out << t.err);
  REQUIRE(t.code == 0);
  CHECK(t.out.find("early stop after 10 epochs") != std::string::npos);
  REQUIRE(t.out.find("stopped early, kept epoch ") != std::string::npos);
  dff::Result<dff::DFF> m = dff::load_model(box.path("e.json").string());
  REQUIRE(m.ok());
  CHECK(m->training.early_stop == 10u);
  CHECK(m->training.best_epoch >= 1u);
  CHECK(m->training.epochs == m->training.best_epoch + 10u);
  CHECK(t.out.find("stopped early, kept epoch " + std::to_string(m->training.best_epoch)) != std::string::npos);
  CHECK(t.out.find("trained " + std::to_string(m->training.epochs) + " epochs") != std::string::npos);
}

TEST_CASE("dff evaluate prints the confusion matrix and per-class precision and recall") {
  Sandbox box;
  REQUIRE(box.dff("train " + quote(kExamples + "iris.csv") + " -q --epochs 30 -o iris.json").code == 0);
  const Run e = box.dff("evaluate iris.json " + quote(kExamples + "iris.csv"));
  REQUIRE(e.code == 0);
  CHECK(e.out.find("confusion (rows: true class, columns: predicted)") != std::string::npos);
  CHECK(e.out.find("setosa                    50           0           0") != std::string::npos);
  CHECK(e.out.find("precision     recall       rows") != std::string::npos);
  const nlohmann::json j = evaluate_json(box, "iris.json", kExamples + "iris.csv");
  CHECK(j["rule"] == "argmax");
  REQUIRE(j["confusion"].size() == 3);
  int diagonal = 0;
  int total = 0;
  for (int t = 0; t < 3; ++t)
    for (int p = 0; p < 3; ++p) {
      total += j["confusion"][t][p].get<int>();
      if (t == p) diagonal += j["confusion"][t][p].get<int>();
    }
  CHECK(total == 150);
  CHECK(diagonal == j["correct"].get<int>());
  CHECK(j["accuracy"].get<double>() == Approx(diagonal / 150.0));
  CHECK(j["perClass"][0]["name"] == "setosa");
  CHECK(j["perClass"][0]["rows"] == 50);
  CHECK(j["mae"].is_null());

  SECTION("numeric targets: MAE, RMSE and R-squared") {
    spit(box.path("line.csv"), "x,y\n0,0.5\n1,2.5\n2,4.4\n3,6.6\n4,8.4\n");
    REQUIRE(box.dff("train line.csv -q --epochs 200 -o line.json").code == 0);
    const Run n = box.dff("evaluate line.json line.csv");
    REQUIRE(n.code == 0);
    CHECK(n.out.find("accuracy n/a") != std::string::npos);
    CHECK(n.out.find("mae      ") != std::string::npos);
    CHECK(n.out.find("rmse     ") != std::string::npos);
    CHECK(n.out.find("r2       ") != std::string::npos);
    CHECK(n.out.find("confusion") == std::string::npos);
    const nlohmann::json nj = evaluate_json(box, "line.json", box.path("line.csv").string());
    CHECK(nj["rmse"].get<double>() >= nj["mae"].get<double>());
    CHECK(nj["r2"].get<double>() <= 1.0);
    CHECK(nj["confusion"].is_null());
  }
}

// The held-out splits of bench/heldout (iris, wine, breast cancer, digits): with only
// --validation 0.2 --early-stop 20, dff's mean test accuracy over the recorded number of seeds
// is at least scikit-learn's MLPClassifier with the same hidden widths (its mean over as many
// random_state values, measured once by bench/heldout/compare.py into results.json).
TEST_CASE("held-out splits: dff train --validation 0.2 --early-stop 20 against scikit-learn") {
  Sandbox box;
  const std::string folder = std::string(DFF_SOURCE_DIR) + "/bench/heldout/";
  const nlohmann::json recorded = nlohmann::json::parse(slurp(folder + "results.json"));
  for (const char* name : {"iris", "wine", "breast_cancer", "digits"}) {
    INFO(name);
    double sum = 0.0;
    const int seeds = recorded["seeds"].get<int>();
    for (int seed = 1; seed <= seeds; ++seed) {
      const std::string model = std::string(name) + std::to_string(seed) + ".json";
      REQUIRE(box.dff("train " + quote(folder + "data/" + name + "-train.csv") +
                      " --validation 0.2 --early-stop 20 -q --seed " + std::to_string(seed) + " -o " + model)
                  .code == 0);
      const nlohmann::json e = evaluate_json(box, model, folder + "data/" + name + "-test.csv");
      sum += e["accuracy"].get<double>();
      const nlohmann::json topology = nlohmann::json::parse(slurp(box.path(model)))["topology"];
      CHECK(std::vector<int>(topology.begin() + 1, topology.end() - 1) == recorded[name]["hidden"].get<std::vector<int>>());
    }
    const double dff_mean = sum / seeds;
    const double sklearn_mean = recorded[name]["sklearn"]["accuracy_mean"].get<double>();
    WARN(name << ": dff " << dff_mean << ", scikit-learn " << sklearn_mean);
    CHECK(dff_mean >= sklearn_mean - 1e-9);
  }
}
