#include "core/host/data/csv.h"

#include <catch2/catch.hpp>
#include <stdlib.h>
#include <cstring>

#include <string>
#include <vector>

using dff::ClassOrder;
using dff::CsvOptions;
using dff::Dataset;
using dff::HeaderRow;
using dff::parse_csv;

namespace {

CsvOptions inputs(int32_t n) {
  CsvOptions o;
  o.input_columns = n;
  return o;
}

Dataset ok(const std::string& text, const CsvOptions& options = CsvOptions()) {
  dff::Result<Dataset> r = parse_csv(text, "data.csv", options);
  INFO(r.error());
  REQUIRE(r.ok());
  return r.value();
}

std::string error(const std::string& text, const CsvOptions& options = CsvOptions()) {
  dff::Result<Dataset> r = parse_csv(text, "data.csv", options);
  REQUIRE_FALSE(r.ok());
  return r.error();
}

using Floats = std::vector<float>;
using Names = std::vector<std::string>;

}  // namespace

TEST_CASE("numeric table with a header") {
  const Dataset d = ok("a,b,c\n1,2,3\n4.5,-5,6e1\n");
  CHECK(d.rows == 2);
  CHECK(d.input_width == 2);
  CHECK(d.target_width == 1);
  CHECK(d.inputs == Floats{1, 2, 4.5f, -5});
  CHECK(d.targets == Floats{3, 60});
  CHECK(d.input_names == Names{"a", "b"});
  CHECK(d.target_names == Names{"c"});
  CHECK(d.class_names.empty());
  CHECK(d.labels.empty());
}

TEST_CASE("without a header, names default to x1.. and y1..") {
  const Dataset d = ok("1,2,3,4\n5,6,7,8", inputs(2));
  CHECK(d.rows == 2);
  CHECK(d.input_names == Names{"x1", "x2"});
  CHECK(d.target_names == Names{"y1", "y2"});
  CHECK(d.inputs == Floats{1, 2, 5, 6});
  CHECK(d.targets == Floats{3, 4, 7, 8});
}

TEST_CASE("header detection") {
  SECTION("auto: a numeric first row is data") {
    CHECK(ok("1,2,3\n4,5,6\n").rows == 2);
  }
  SECTION("auto: only the would-be input cells decide, so a text label in row 1 is data") {
    const Dataset d = ok("1,2,cat\n3,4,dog\n");
    CHECK(d.rows == 2);
    CHECK(d.class_names == Names{"cat", "dog"});
  }
  SECTION("auto: one non-numeric input cell makes a header") {
    const Dataset d = ok("1,b,c\n1,2,3\n");
    CHECK(d.rows == 1);
    CHECK(d.input_names == Names{"1", "b"});
  }
  SECTION("auto: an empty header cell gets the default name") {
    const Dataset d = ok("a,,c\n1,2,3\n");
    CHECK(d.input_names == Names{"a", "x2"});
    CHECK(d.target_names == Names{"c"});
  }
  SECTION("present: a numeric first row is used as names") {
    CsvOptions o;
    o.header = HeaderRow::kPresent;
    const Dataset d = ok("10,20,30\n1,2,3\n", o);
    CHECK(d.rows == 1);
    CHECK(d.input_names == Names{"10", "20"});
    CHECK(d.target_names == Names{"30"});
  }
  SECTION("absent: a text first row is data, so it is an error") {
    CsvOptions o;
    o.header = HeaderRow::kAbsent;
    CHECK(error("a,b,c\n1,2,3\n", o) == "data.csv:1:1: 'a' is not a number (column 'x1')");
  }
}

TEST_CASE("quoted fields (RFC 4180)") {
  const Dataset d = ok("\"in, one\",\"say \"\"hi\"\"\",label\n"
                       "\"1\",  \" 2.5\"  ,\"a,b\"\n"
                       "3,4,\"multi\nline\"\n"
                       "5,6,\"\"\"q\"\"\"\n");
  CHECK(d.input_names == Names{"in, one", "say \"hi\""});
  CHECK(d.rows == 3);
  CHECK(d.inputs == Floats{1, 2.5f, 3, 4, 5, 6});
  CHECK(d.class_names == Names{"\"q\"", "a,b", "multi\nline"});
}

TEST_CASE("line ends, blank lines, BOM and spaces") {
  SECTION("CRLF with and without a final line end") {
    const Dataset a = ok("a,b\r\n1,2\r\n3,4\r\n");
    const Dataset b = ok("a,b\r\n1,2\r\n3,4");
    CHECK(a.inputs == Floats{1, 3});
    CHECK(a.targets == Floats{2, 4});
    CHECK(b.inputs == a.inputs);
    CHECK(b.targets == a.targets);
  }
  SECTION("lone CR line ends") {
    CHECK(ok("a,b\r1,2\r3,4\r").rows == 2);
  }
  SECTION("UTF-8 BOM is skipped, so the header name is clean") {
    const Dataset d = ok("\xEF\xBB\xBF" "a,b\n1,2\n");
    CHECK(d.input_names == Names{"a"});
  }
  SECTION("surrounding spaces and tabs are trimmed") {
    const Dataset d = ok("  a , b\t\n 1 ,\t2 \n");
    CHECK(d.input_names == Names{"a"});
    CHECK(d.target_names == Names{"b"});
    CHECK(d.inputs == Floats{1});
    CHECK(d.targets == Floats{2});
  }
  SECTION("blank lines are skipped but counted") {
    const Dataset d = ok("\n a,b\n\n   \n1,2\r\n\r\n3,4\n\n");
    CHECK(d.rows == 2);
    CHECK(error("a,b\n\n1,2\n\n\nx,3\n") == "data.csv:6:1: 'x' is not a number (column 'a')");
    CHECK(error("a,b\r\n\r\n1,2\r\n\r\n\r\nx,3\r\n") == "data.csv:6:1: 'x' is not a number (column 'a')");
    CHECK(error("a,b\r\r1,2\r\rx,3\r") == "data.csv:5:1: 'x' is not a number (column 'a')");
  }
  SECTION("lines inside a quoted field are counted") {
    CHECK(error("a,b\n1,\"x\ny\"\n2,\"\"\n") == "data.csv:4:2: missing class label (column 'b')");
  }
}

TEST_CASE("numbers are strict and locale independent") {
  const Dataset d = ok("a,b\n+1.5,2.\n.25,-0\n1E3,6.02e+23\n1e-999,-1e-50\n");
  CHECK(d.inputs == Floats{1.5f, 0.25f, 1000, 0});
  CHECK(d.targets == Floats{2, 0, 6.02e23f, -0.0f});
  CHECK(error("a,b\n1,2\n3,0x10\n") == "data.csv:3:2: '0x10' is not a number (column 'b'); the other rows "
                                       "of this target column hold numbers, and a target column holds either "
                                       "numbers or class labels");
  CHECK(error("a,b,c\n1 2,3,4\n") == "data.csv:2:1: '1 2' is not a number (column 'a')");
  CHECK(error("a,b,c\n1,2,3\n1.5.2,3,4\n") == "data.csv:3:1: '1.5.2' is not a number (column 'a')");
  CHECK(error("a,b,c\n\"1,5\",3,4\n") == "data.csv:2:1: '1,5' is not a number (column 'a')");
  CHECK(error("a,b,c\n1e,3,4\n") == "data.csv:2:1: '1e' is not a number (column 'a')");
  CHECK(error("a,b,c\n.,3,4\n") == "data.csv:2:1: '.' is not a number (column 'a')");
}

TEST_CASE("error: empty file") {
  CHECK(error("") == "data.csv:1:1: the file is empty (no rows)");
  CHECK(error("\n\r\n  \n") == "data.csv:1:1: the file is empty (no rows)");
  CHECK(error("\xEF\xBB\xBF") == "data.csv:1:1: the file is empty (no rows)");
}

TEST_CASE("error: header only") {
  CHECK(error("a,b,c\n") == "data.csv:2:1: no data rows after the header on line 1");
  CHECK(error("\n\na,b,c\n\n") == "data.csv:4:1: no data rows after the header on line 3");
}

TEST_CASE("error: ragged rows say expected and got") {
  CHECK(error("a,b,c\n1,2,3\n4,5\n") == "data.csv:3:3: expected 3 columns (as on line 1), got 2");
  CHECK(error("a,b,c\n1,2,3\n4,5,6,7\n") == "data.csv:3:4: expected 3 columns (as on line 1), got 4");
  CHECK(error("1,2,3\n4,5,6,\n") == "data.csv:2:4: expected 3 columns (as on line 1), got 4");
}

TEST_CASE("error: non-numeric input and target values name line, column and field") {
  CHECK(error("i1,i2,s\n1,2,3\n4,5,6\n7,abc,8\n") == "data.csv:4:2: 'abc' is not a number (column 'i2')");
  CHECK(error("a,b,c\n1,,3\n") == "data.csv:2:2: missing value (column 'b')");
  CHECK(error("a,b,y1,y2\n1,2,3,4\n1,2,3,up\n", inputs(2)) ==
        "data.csv:3:4: 'up' is not a number (column 'y2'); class labels are allowed only in a single target "
        "column");
  CHECK(error("a,b,y1,y2\n1,2,3,\n", inputs(2)) == "data.csv:2:4: missing value (column 'y2')");
}

TEST_CASE("error: NaN, Inf and overflow") {
  CHECK(error("a,b,c\n1,nan,3\n") == "data.csv:2:2: 'nan' is not a finite number (column 'b')");
  CHECK(error("a,b,c\n1,2,-Inf\n") == "data.csv:2:3: '-Inf' is not a finite number (column 'c')");
  CHECK(error("a,b,c\nINFINITY,2,3\n") == "data.csv:2:1: 'INFINITY' is not a finite number (column 'a')");
  CHECK(error("a,b,c\n1,1e999,3\n") == "data.csv:2:2: '1e999' is too large for a 32-bit float (column 'b')");
  CHECK(error("a,b,c\n1,2,-1e39\n") == "data.csv:2:3: '-1e39' is too large for a 32-bit float (column 'c')");
  CHECK(error("a,b,c\n1,2,1e99999999999999999999\n") ==
        "data.csv:2:3: '1e99999999999999999999' is too large for a 32-bit float (column 'c')");
  // NaN in the first row is not mistaken for a header.
  CHECK(error("nan,2,3\n") == "data.csv:1:1: 'nan' is not a finite number (column 'x1')");
  // The largest float is fine.
  CHECK(ok("a,b\n3.4028234e38,1\n").inputs == Floats{3.4028234e38f});
}

TEST_CASE("error: too few columns") {
  CHECK(error("a\n1\n2\n") ==
        "data.csv:1:2: found 1 column; need at least 2 (one or more inputs, then one or more targets)");
  CHECK(error("\n\n5\n") ==
        "data.csv:3:2: found 1 column; need at least 2 (one or more inputs, then one or more targets)");
}

TEST_CASE("error: input column count out of range") {
  CHECK(error("a,b,c\n1,2,3\n", inputs(3)) ==
        "data.csv:1:3: cannot use 3 input columns: the file has 3 columns, so inputs must be 1..2 to leave at "
        "least one target column");
  CHECK(error("a,b,c\n1,2,3\n", inputs(7)) ==
        "data.csv:1:3: cannot use 7 input columns: the file has 3 columns, so inputs must be 1..2 to leave at "
        "least one target column");
  CHECK(error("a,b,c\n1,2,3\n", inputs(0)) ==
        "data.csv:1:1: cannot use 0 input columns: the file has 3 columns, so inputs must be 1..2 to leave at "
        "least one target column");
}

TEST_CASE("error: unterminated quote") {
  CHECK(error("a,b,c\n1,\"2,3\n4,5,6\n") ==
        "data.csv:2:2: unterminated quoted field: the opening '\"' has no closing '\"'");
  CHECK(error("a,b\n1,2\n\"") == "data.csv:3:1: unterminated quoted field: the opening '\"' has no closing '\"'");
  CHECK(error("a,b\n1,\"2\"x\n") ==
        "data.csv:2:2: unexpected 'x' after a closing quote (write a quote inside a quoted field as \"\")");
}

TEST_CASE("class-label targets are one-hot encoded") {
  const std::string text = "x,species\n1,virginica\n2,setosa\n3,virginica\n4,versicolor\n";
  SECTION("natural order (default)") {
    const Dataset d = ok("x,digit\n1,d10\n2,d9\n3,d1\n4,d0\n5,d9\n6,d2\n");
    CHECK(d.class_names == Names{"d0", "d1", "d2", "d9", "d10"});
    CHECK(d.labels == std::vector<uint32_t>{4, 3, 1, 0, 3, 2});
    CHECK_FALSE(d.classes_from_numbers);
  }
  SECTION("first-seen order") {
    CsvOptions o;
    o.class_order = ClassOrder::kFirstSeen;
    const Dataset d = ok(text, o);
    CHECK(d.class_names == Names{"virginica", "setosa", "versicolor"});
    CHECK(d.target_names == d.class_names);
    CHECK(d.target_width == 3);
    CHECK(d.labels == std::vector<uint32_t>{0, 1, 0, 2});
    CHECK(d.targets == Floats{1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1});
  }
  SECTION("sorted order") {
    CsvOptions o;
    o.class_order = ClassOrder::kSorted;
    const Dataset d = ok(text, o);
    CHECK(d.class_names == Names{"setosa", "versicolor", "virginica"});
    CHECK(d.labels == std::vector<uint32_t>{2, 0, 2, 1});
    CHECK(d.targets == Floats{0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 1, 0});
  }
  SECTION("labels are exact strings (case matters, spaces around are trimmed)") {
    const Dataset d = ok("x,y\n1, Cat\n2,cat \n3,\"cat\"\n");
    CHECK(d.class_names == Names{"Cat", "cat"});
    CHECK(d.labels == std::vector<uint32_t>{0, 1, 1});
  }
}

TEST_CASE("error: a class column with a single class") {
  CHECK(error("x,species\n1,setosa\n2,setosa\n") ==
        "data.csv:2:2: column 'species' holds a single class, 'setosa'; classification needs at least 2 classes");
}

TEST_CASE("error: numbers and labels mixed in the target column") {
  // Mostly labels: the number is the odd one out.
  CHECK(error("x,y\n1,cat\n2,dog\n3,7\n4,cat\n") ==
        "data.csv:4:2: '7' is a number, but the other rows of this target column hold class labels (column "
        "'y'); a target column holds either numbers or class labels");
  // Mostly numbers: the label is the odd one out, wherever it is.
  CHECK(error("x,y\n1,cat\n2,0.5\n3,7\n") ==
        "data.csv:2:2: 'cat' is not a number (column 'y'); the other rows of this target column hold numbers, "
        "and a target column holds either numbers or class labels");
  CHECK(error("x,y\n1,cat\n2,dog\n3,\n") == "data.csv:4:2: missing class label (column 'y')");
}

TEST_CASE("class_names from a model map labels onto its classes") {
  CsvOptions o;
  o.class_names = {"setosa", "versicolor", "virginica"};
  SECTION("labels map by name, one class in the data is fine, numeric-looking labels are labels") {
    const Dataset d = ok("a,b\n1,virginica\n2,virginica\n", o);
    CHECK(d.class_names == o.class_names);
    CHECK(d.target_names == o.class_names);
    CHECK(d.target_width == 3);
    CHECK(d.labels == std::vector<uint32_t>{2, 2});
    CHECK(d.targets == Floats{0, 0, 1, 0, 0, 1});
    CsvOptions digits;
    digits.class_names = {"0", "1"};
    const Dataset n = ok("a,b\n1,1\n2,0\n", digits);
    CHECK(n.labels == std::vector<uint32_t>{1, 0});
  }
  SECTION("the model's order wins over sorting") {
    o.class_order = ClassOrder::kSorted;
    o.class_names = {"z", "a"};
    CHECK(ok("a,b\n1,a\n2,z\n", o).labels == std::vector<uint32_t>{1, 0});
  }
  SECTION("unknown label") {
    CHECK(error("a,b\n1,setosa\n2,rose\n", o) ==
          "data.csv:3:2: unknown class 'rose' (column 'b'); the known classes are 'setosa', 'versicolor', "
          "'virginica'");
  }
}

TEST_CASE("class_names with two target columns is an error") {
  CsvOptions o = inputs(1);
  o.class_names = {"a", "b"};
  CHECK(error("p,q,r\n1,a,b\n", o) ==
        "data.csv:2:3: expected one class-label column after the 1 inputs (the model has class names), got 2 "
        "target columns");
}

TEST_CASE("require_targets=false reads inputs only (predict)") {
  CsvOptions o;
  o.require_targets = false;
  o.input_columns = 3;
  SECTION("extra columns, even ragged or non-numeric, are ignored") {
    const Dataset d = ok("i1,i2,i3,s1,s2\n0,0,1,0,1\n1,1,0\n1,0,1,x,y,z\n", o);
    CHECK(d.rows == 3);
    CHECK(d.input_width == 3);
    CHECK(d.target_width == 0);
    CHECK(d.targets.empty());
    CHECK(d.input_names == Names{"i1", "i2", "i3"});
    CHECK(d.inputs == Floats{0, 0, 1, 1, 1, 0, 1, 0, 1});
  }
  SECTION("a single column works") {
    o.input_columns = 1;
    CHECK(ok("5\n6\n", o).inputs == Floats{5, 6});
  }
  SECTION("too few columns") {
    CHECK(error("0,0,1\n1,1\n", o) == "data.csv:2:3: expected at least 3 input columns, got 2");
    CHECK(error("0,0\n", o) == "data.csv:1:3: expected at least 3 input columns, got 2");
  }
  SECTION("non-numeric input") {
    CHECK(error("0,0,1\n1,?,1\n", o) == "data.csv:2:2: '?' is not a number (column 'x2')");
  }
  SECTION("the input count is required") {
    o.input_columns = -1;
    CHECK(error("0,0,1\n", o) ==
          "data.csv:1:1: the number of input columns must be given (>= 1) to read rows without targets");
  }
}

TEST_CASE("error messages stay on one line and are bounded") {
  const std::string e = error("a,b\n\x01\xff\xfe,1\n\"\n\",2\n");
  CHECK(e == "data.csv:2:1: '\\x01\\xff\\xfe' is not a number (column 'a')");
  const std::string newline = error("a,b\n\"\r\n\",2\n");
  CHECK(newline.find('\n') == std::string::npos);
  CHECK(newline == "data.csv:2:1: '\\x0d\\x0a' is not a number (column 'a')");
  const std::string long_cell(500, 'z');
  const std::string m = error("a,b\n" + long_cell + ",1\n");
  CHECK(m.size() < 200);
  CHECK(m == "data.csv:2:1: '" + std::string(40, 'z') + "...' is not a number (column 'a')");
  // Bidirectional and C1 controls are shown as bytes like the other controls; other UTF-8 stays.
  CHECK(error("a,b\nx\xE2\x80\xAEy \xC2\x9B caf\xC3\xA9,1\n") ==
        "data.csv:2:1: 'x\\xe2\\x80\\xaey \\xc2\\x9b caf\xC3\xA9' is not a number (column 'a')");
  CHECK(error("temp\xc3\xa9rature,b\n1,\"\xc3\xa9t\xc3\xa9\"\n2,4\n") ==
        "data.csv:2:2: '\xc3\xa9t\xc3\xa9' is not a number (column 'b'); the other rows of this target column "
        "hold numbers, and a target column holds either numbers or class labels");
}

TEST_CASE("the seed example") {
  CsvOptions o = inputs(3);
  const dff::Result<Dataset> r = dff::load_csv(DFF_SOURCE_DIR "/examples/seed.csv", o);
  INFO(r.error());
  REQUIRE(r.ok());
  const Dataset& d = r.value();
  CHECK(d.rows == 8);
  CHECK(d.input_width == 3);
  CHECK(d.target_width == 2);
  CHECK(d.input_names == Names{"i1", "i2", "i3"});
  CHECK(d.target_names == Names{"s1", "s2"});
  CHECK(d.class_names.empty());
  CHECK(d.inputs == Floats{0, 0, 0, 0, 0, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 0, 0});
  CHECK(d.targets == Floats{1, 0, 0, 1, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0});
  // The view handed to the core trainer points at the same data.
  const dff::DatasetView v = d.view();
  CHECK(v.rows == 8);
  CHECK(v.inputs == d.inputs.data());
}

TEST_CASE("Iris: 150 rows, 4 measurements, 3 species") {
  const dff::Result<Dataset> r = dff::load_csv(DFF_SOURCE_DIR "/examples/iris.csv", CsvOptions());
  INFO(r.error());
  REQUIRE(r.ok());
  const Dataset& d = r.value();
  CHECK(d.rows == 150);
  CHECK(d.input_width == 4);
  CHECK(d.input_names == Names{"sepal_length", "sepal_width", "petal_length", "petal_width"});
  CHECK(d.class_names == Names{"setosa", "versicolor", "virginica"});
  CHECK(d.target_width == 3);
  REQUIRE(d.labels.size() == 150);
  for (uint32_t k = 0; k < 150; ++k) CHECK(d.labels[k] == k / 50);
  CHECK(d.inputs[0] == 5.1f);
  CHECK(d.inputs[3] == 0.2f);
  CHECK(d.targets[0] == 1.0f);
  CHECK(d.targets[149 * 3 + 2] == 1.0f);
}

TEST_CASE("load_csv names the path when the file cannot be read") {
  const dff::Result<Dataset> r = dff::load_csv(DFF_BINARY_DIR "/no/such/file.csv", CsvOptions());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error() == "cannot open '" DFF_BINARY_DIR "/no/such/file.csv': No such file or directory");
}

TEST_CASE("any bytes give a result or an error, never a crash") {
  // A deterministic sweep of short byte strings over the interesting alphabet; the fuzzer
  // (fuzz/fuzz_csv.cpp) does the same at scale.
  const char alphabet[] = {',', '"', '\n', '\r', ' ', '1', 'a', 'e', '.', '-', '\0'};
  const size_t k = sizeof alphabet;
  std::string text;
  size_t outcomes = 0;
  for (size_t code = 0; code < k * k * k * k * k; ++code) {
    text.clear();
    for (size_t c = code; text.size() < 5; c /= k) text += alphabet[c % k];
    dff::Result<Dataset> r = parse_csv(text, "f", CsvOptions());
    if (r.ok()) {
      CHECK(r->inputs.size() == size_t{r->rows} * r->input_width);
      CHECK(r->targets.size() == size_t{r->rows} * r->target_width);
    } else {
      CHECK(r.error().rfind("f:", 0) == 0);
    }
    ++outcomes;
  }
  CHECK(outcomes == k * k * k * k * k);
}

TEST_CASE("errors carry source, line, column and the column name as fields") {
  dff::Result<Dataset> r = parse_csv("x1,x2,y\n1,2,0\n1,oops,1\n", "mine.csv", CsvOptions());
  REQUIRE_FALSE(r.ok());
  const dff::Error& e = r.error_details();
  CHECK(e.source == "mine.csv");
  CHECK(e.line == 3);
  CHECK(e.column == 2);
  CHECK(e.field == "x2");
  CHECK(e.message == "'oops' is not a number (column 'x2')");
  CHECK(r.error() == "mine.csv:3:2: 'oops' is not a number (column 'x2')");

  SECTION("a ragged row has a position but no column name") {
    dff::Result<Dataset> ragged = parse_csv("a,b,c\n1,2,3\n4,5\n", "data.csv", CsvOptions());
    REQUIRE_FALSE(ragged.ok());
    CHECK(ragged.error_details().line == 3);
    CHECK(ragged.error_details().column == 3);
    CHECK(ragged.error_details().field.empty());
  }
  SECTION("an unknown class names the label column") {
    CsvOptions o;
    o.class_names = {"a", "b"};
    dff::Result<Dataset> unknown = parse_csv("x,kind\n1,a\n2,c\n", "data.csv", o);
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error_details().field == "kind");
    CHECK(unknown.error() == "data.csv:3:2: unknown class 'c' (column 'kind'); the known classes are 'a', 'b'");
  }
  SECTION("a file that cannot be read names its path") {
    dff::Result<Dataset> missing = dff::load_csv("/nonexistent/data.csv", CsvOptions());
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().find("/nonexistent/data.csv") != std::string::npos);
  }
}

TEST_CASE("class labels are counted while reading and stop at kMaxClasses") {
  // A column of IDs: every row a new label. 100,000 rows would need a 100,000 x 100,000
  // one-hot table; the reader stops at the first label past the cap instead.
  std::string text = "x,id\n";
  for (int r = 0; r < 100000; ++r) text += std::to_string(r % 7) + ",id" + std::to_string(r) + "\n";
  dff::Result<Dataset> r = parse_csv(text, "ids.csv", CsvOptions());
  REQUIRE_FALSE(r.ok());
  const dff::Error& e = r.error_details();
  CHECK(e.line == dff::kMaxClasses + 2);  // header, then the (kMaxClasses + 1)-th row
  CHECK(e.column == 2);
  CHECK(e.field == "id");
  CHECK(e.message.find("column 'id' has more than 4096 distinct class labels (4097 by this row)") == 0);

  SECTION("exactly kMaxClasses classes are read") {
    std::string most = "x,id\n";
    for (uint32_t k = 0; k < dff::kMaxClasses; ++k) most += "0,c" + std::to_string(k) + "\n";
    CHECK(ok(most).target_width == dff::kMaxClasses);
  }
}

TEST_CASE("class_names from a model: labels in any order, a single class is fine") {
  CsvOptions o;
  o.class_names = {"setosa", "versicolor", "virginica"};
  const Dataset d = ok("a,b\n1,virginica\n2,virginica\n", o);
  CHECK(d.labels == std::vector<uint32_t>{2, 2});
  CHECK(d.targets == Floats{0, 0, 1, 0, 0, 1});
  CHECK(d.label_column == "b");
}

TEST_CASE("a single target column of a few whole numbers is guessed as classes, and said so") {
  SECTION("iris with labels 0, 1, 2: three classes in numeric order") {
    const Dataset d = ok("x,class\n1,2\n2,0\n3,1\n4,10\n5,2\n6,0\n7,1\n8,10\n");
    CHECK(d.class_names == Names{"0", "1", "2", "10"});
    CHECK(d.classes_from_numbers);
    CHECK(d.label_column == "class");
    CHECK(d.labels == std::vector<uint32_t>{2, 0, 1, 3, 2, 0, 1, 3});
  }
  SECTION("0/1 stays one numeric output") {
    const Dataset d = ok("x,y\n1,0\n2,1\n3,1\n4,0\n");
    CHECK(d.class_names.empty());
    CHECK(d.target_width == 1);
  }
  SECTION("values seen about once each stay numbers") {
    CHECK(ok("x,y\n1,1\n2,2\n3,3\n4,4\n5,5\n").class_names.empty());
  }
  SECTION("decimals, or more than kMaxGuessedClasses values, stay numbers") {
    CHECK(ok("x,y\n1,1.0\n2,2.0\n3,3.0\n4,1.0\n5,2.0\n6,3.0\n").class_names.empty());
    std::string many = "x,y\n";
    for (uint32_t k = 0; k < 2 * (dff::kMaxGuessedClasses + 1); ++k)
      many += "1," + std::to_string(k % (dff::kMaxGuessedClasses + 1)) + "\n";
    CHECK(ok(many).class_names.empty());
  }
  SECTION("targets = kNumbers reads them as numbers") {
    CsvOptions o;
    o.targets = dff::TargetRead::kNumbers;
    const Dataset d = ok("x,class\n1,2\n2,0\n3,1\n4,2\n5,0\n6,1\n", o);
    CHECK(d.class_names.empty());
    CHECK(d.targets == Floats{2, 0, 1, 2, 0, 1});
    CHECK(error("x,class\n1,2\n2,cat\n", o) ==
          "data.csv:3:2: 'cat' is not a number (column 'class'); the other rows of this target column hold numbers, "
          "and a target column holds either numbers or class labels");
  }
  SECTION("targets = kClasses reads any single column as labels, numbers and text alike") {
    CsvOptions o;
    o.targets = dff::TargetRead::kClasses;
    const Dataset d = ok("x,y\n1,0\n2,1\n3,b\n", o);
    CHECK(d.class_names == Names{"0", "1", "b"});
    CHECK_FALSE(d.classes_from_numbers);
    o.input_columns = 1;
    CHECK(error("x,y,z\n1,0,1\n", o) ==
          "data.csv:2:3: expected one class-label column after the 1 inputs (the targets are read as classes), got 2 "
          "target columns");
  }
}

TEST_CASE("a row of more than kMaxColumns cells stops at the first cell past the cap") {
  std::string text(2 * size_t{1000000} - 1, ',');  // one line of a million empty cells
  for (size_t k = 0; k < text.size(); k += 2) text[k] = '1';
  text[1] = ',';
  dff::Result<Dataset> r = parse_csv("a,b\n" + text + "\n", "wide.csv", CsvOptions());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error_details().line == 2);
  CHECK(r.error_details().column == dff::kMaxColumns + 1);
  CHECK(r.error() == "wide.csv:2:8193: more than 8192 columns on this line; a network has at most 4096 inputs and "
                     "4096 outputs");
  SECTION("exactly kMaxColumns columns are read") {
    std::string row;
    for (uint32_t c = 0; c < dff::kMaxColumns; ++c) row += c ? ",1" : "1";
    CHECK(ok(row + "\n" + row + "\n", inputs(static_cast<int32_t>(dff::kMaxWidth))).target_width == dff::kMaxWidth);
  }
}

TEST_CASE("names longer than kMaxNameBytes are refused where they are") {
  const std::string longest(dff::kMaxNameBytes, 'n');
  CHECK(ok("x," + longest + "\n1,2\n").target_names == Names{longest});
  CHECK(error("x," + longest + "n\n1,2\n") ==
        "data.csv:1:2: the column name is 257 bytes long; a name may have at most 256 bytes");
  CHECK(error("x,y\n1,a\n2," + longest + "n\n") ==
        "data.csv:3:2: the class label is 257 bytes long (column 'y'); a class name may have at most 256 bytes");
}

TEST_CASE("numbers read the same on the fast path as through strtod") {
  // Decimals of every shape the fast path takes or leaves (long mantissas, big exponents,
  // leading and trailing zeros, signs), each compared with the full conversion.
  uint64_t state = 88172645463325252ull;
  const auto next = [&]() {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  std::vector<std::string> cells = {"0", "-0", "+0.0", "0e500", "1e22", "1e23", "9007199254740993", "0.1", "-.5",
                                    "123456789012345", "1234567890123456", "3.4028234e38", "1.17549435e-38",
                                    "1e-45", "0.000000000000000000000001", "5e-324", "2.", "007.50"};
  for (int k = 0; k < 20000; ++k) {
    std::string s = (next() % 3 == 0) ? "-" : "";
    const int whole = static_cast<int>(next() % 12);
    for (int i = 0; i < whole; ++i) s += static_cast<char>('0' + next() % 10);
    if (whole == 0 || next() % 2) {
      s += '.';
      const int fraction = 1 + static_cast<int>(next() % 12);
      for (int i = 0; i < fraction; ++i) s += static_cast<char>('0' + next() % 10);
    }
    if (next() % 4 == 0) s += "e" + std::to_string(static_cast<int>(next() % 50) - 30);  // within the float range
    cells.push_back(s);
  }
  std::string text = "x,y\n";
  for (const std::string& c : cells) text += c + ",0\n";
  dff::Result<Dataset> r = parse_csv(text, "data.csv", CsvOptions());
  REQUIRE(r.ok());
  REQUIRE(r.value().inputs.size() == cells.size());
  for (size_t k = 0; k < cells.size(); ++k) {
    INFO(cells[k]);
    const float want = static_cast<float>(strtod(cells[k].c_str(), nullptr));
    CHECK(std::memcmp(&r.value().inputs[k], &want, sizeof want) == 0);
  }
}
