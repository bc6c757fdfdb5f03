#include "core/host/model/matrix.h"

#include <cstdio>

namespace dff {

Matrix::Matrix(uint32_t rows, uint32_t cols, float fill)
    : rows_(rows), cols_(cols), data_(static_cast<size_t>(rows) * cols, fill) {}

Matrix::Matrix(std::initializer_list<std::initializer_list<float>> rows) {
  rows_ = static_cast<uint32_t>(rows.size());
  cols_ = rows_ ? static_cast<uint32_t>(rows.begin()->size()) : 0;
  data_.reserve(static_cast<size_t>(rows_) * cols_);
  for (const auto& r : rows) {
    DFF_ASSERT(r.size() == cols_);
    data_.insert(data_.end(), r.begin(), r.end());
  }
}

Matrix::Matrix(uint32_t rows, uint32_t cols, std::vector<float> data) : rows_(rows), cols_(cols), data_(std::move(data)) {
  DFF_ASSERT(data_.size() == static_cast<size_t>(rows) * cols);
}

Matrix Matrix::map(double (*f)(double)) const {
  return map([f](float v) { return f(static_cast<double>(v)); });
}

Matrix Matrix::operator*(const Matrix& other) const {
  DFF_ASSERT(cols_ == other.rows_);
  Matrix out(rows_, other.cols_);
  for (uint32_t r = 0; r < rows_; ++r)
    for (uint32_t k = 0; k < cols_; ++k)
      for (uint32_t c = 0; c < other.cols_; ++c) out(r, c) += (*this)(r, k) * other(k, c);
  return out;
}

Matrix Matrix::transposed() const {
  Matrix out(cols_, rows_);
  for (uint32_t r = 0; r < rows_; ++r)
    for (uint32_t c = 0; c < cols_; ++c) out(c, r) = (*this)(r, c);
  return out;
}

bool Matrix::operator==(const Matrix& other) const {
  return rows_ == other.rows_ && cols_ == other.cols_ && data_ == other.data_;
}

std::string Matrix::str() const {
  std::string s = "[";
  char buf[32];
  for (uint32_t r = 0; r < rows_; ++r) {
    s += r ? ", [" : "[";
    for (uint32_t c = 0; c < cols_; ++c) {
      std::snprintf(buf, sizeof buf, "%s%.6g", c ? ", " : "", static_cast<double>((*this)(r, c)));
      s += buf;
    }
    s += "]";
  }
  return s + "]";
}

}  // namespace dff
