#include "core/host/eval/class_mapping.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using Names = std::vector<std::string>;

namespace {

// Rows labelled by data class index, with data class names in the data's own order.
dff::Dataset labelled(const Names& classes, const std::vector<uint32_t>& labels) {
  dff::Dataset d;
  d.rows = static_cast<uint32_t>(labels.size());
  d.input_width = 1;
  d.target_width = static_cast<uint32_t>(classes.size());
  d.inputs.assign(labels.size(), 0.0f);
  d.targets.assign(labels.size() * classes.size(), 0.0f);
  for (size_t r = 0; r < labels.size(); ++r) d.targets[r * classes.size() + labels[r]] = 1.0f;
  d.labels = labels;
  d.class_names = classes;
  d.target_names = classes;
  d.label_column = "species";
  return d;
}

}  // namespace

TEST_CASE("ClassMap finds a model's classes by exact name") {
  const dff::ClassMap map(Names{"setosa", "versicolor", "virginica"});
  CHECK(map.find("setosa") == 0);
  CHECK(map.find("virginica") == 2);
  CHECK(map.find("Setosa") == -1);
  CHECK(map.find("setosa ") == -1);
  const dff::Error e = map.unknown("rose", "species");
  CHECK(e.message == "unknown class 'rose' (column 'species'); the known classes are 'setosa', 'versicolor', 'virginica'");
  CHECK(e.field == "species");
  CHECK(map.unknown("rose", "").message == "unknown class 'rose'; the known classes are 'setosa', 'versicolor', 'virginica'");
}

TEST_CASE("a long list of known classes is cut") {
  Names many;
  for (int k = 0; k < 20; ++k) many.push_back("c" + std::to_string(k));
  const std::string m = dff::ClassMap(many).unknown("x", "").message;
  CHECK(m.find("'c11', ...") != std::string::npos);
  CHECK(m.find("'c12'") == std::string::npos);
}

TEST_CASE("use_model_classes re-expresses labels and one-hot targets in the model's order") {
  // The data saw virginica first; the model knows setosa, versicolor, virginica.
  dff::Dataset d = labelled({"virginica", "setosa", "versicolor"}, {0, 1, 2, 0});
  REQUIRE(dff::use_model_classes(&d, {"setosa", "versicolor", "virginica"}).ok());
  CHECK(d.labels == std::vector<uint32_t>{2, 0, 1, 2});
  CHECK(d.targets == std::vector<float>{0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1});
  CHECK(d.class_names == Names{"setosa", "versicolor", "virginica"});
  CHECK(d.target_names == d.class_names);
}

TEST_CASE("use_model_classes: fewer classes than the model widens the targets") {
  dff::Dataset d = labelled({"virginica", "setosa"}, {0, 1});
  REQUIRE(dff::use_model_classes(&d, {"setosa", "versicolor", "virginica"}).ok());
  CHECK(d.target_width == 3);
  CHECK(d.labels == std::vector<uint32_t>{2, 0});
  CHECK(d.targets == std::vector<float>{0, 0, 1, 1, 0, 0});
}

TEST_CASE("use_model_classes refuses a class the model does not know, naming it") {
  dff::Dataset d = labelled({"setosa", "rose"}, {0, 1});
  const dff::Outcome r = dff::use_model_classes(&d, {"setosa", "versicolor"});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error() == "unknown class 'rose' (column 'species'); the known classes are 'setosa', 'versicolor'");
  CHECK(r.error_details().field == "species");
}

TEST_CASE("use_model_classes leaves numeric data sets alone") {
  dff::Dataset d;
  d.rows = 1;
  d.input_width = 1;
  d.target_width = 2;
  d.inputs = {0.0f};
  d.targets = {0.25f, 0.75f};
  REQUIRE(dff::use_model_classes(&d, {"a", "b"}).ok());
  CHECK(d.targets == std::vector<float>{0.25f, 0.75f});
}

TEST_CASE("use_model_classes leaves data alone for a model without classes") {
  dff::Dataset d = labelled({"b", "a"}, {0, 1});
  REQUIRE(dff::use_model_classes(&d, {}).ok());
  CHECK(d.class_names == Names{"b", "a"});
  CHECK(d.labels == std::vector<uint32_t>{0, 1});
}
