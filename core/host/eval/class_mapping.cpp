#include "core/host/eval/class_mapping.h"

#include "core/host/quote.h"

namespace dff {

ClassMap::ClassMap(const std::vector<std::string>& model_classes) : classes_(model_classes) {
  for (size_t k = 0; k < classes_.size(); ++k) index_.emplace(classes_[k], static_cast<uint32_t>(k));
}

int32_t ClassMap::find(std::string_view name) const {
  const auto found = index_.find(std::string(name));
  return found == index_.end() ? -1 : static_cast<int32_t>(found->second);
}

Error ClassMap::unknown(std::string_view name, const std::string& column) const {
  constexpr size_t kListed = 12;
  std::string known;
  for (size_t k = 0; k < classes_.size() && k < kListed; ++k) known += (k == 0 ? "" : ", ") + quoted(classes_[k]);
  if (classes_.size() > kListed) known += ", ...";
  Error e;
  e.message = "unknown class " + quoted(name) + (column.empty() ? "" : " (column " + quoted(column) + ")") +
              "; the known classes are " + known;
  e.field = column;
  return e;
}

Outcome use_model_classes(Dataset* data, const std::vector<std::string>& model_classes) {
  if (data->class_names.empty() || model_classes.empty() || data->class_names == model_classes) return true;
  if (data->labels.size() != data->rows) return Error{"the data set has class names but no class label per row"};
  const ClassMap map(model_classes);
  std::vector<uint32_t> to_model(data->class_names.size());
  for (size_t k = 0; k < data->class_names.size(); ++k) {
    const int32_t index = map.find(data->class_names[k]);
    if (index < 0) return map.unknown(data->class_names[k], data->label_column);
    to_model[k] = static_cast<uint32_t>(index);
  }
  const size_t width = model_classes.size();
  data->targets.assign(static_cast<size_t>(data->rows) * width, 0.0f);
  for (size_t r = 0; r < data->labels.size(); ++r) {
    data->labels[r] = to_model[data->labels[r]];
    data->targets[r * width + data->labels[r]] = 1.0f;
  }
  data->target_width = static_cast<uint32_t>(width);
  data->class_names = model_classes;
  data->target_names = model_classes;
  return true;
}

}  // namespace dff
