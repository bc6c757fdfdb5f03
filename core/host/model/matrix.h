// Matrix: an owning row-major float matrix for host and WASM code, reading like
// the seed's MicroPython Matrix: Matrix a{{0, 0, 1}}; a.map(round).
#pragma once

#include <stdint.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "core/config.h"

namespace dff {

class Matrix {
 public:
  Matrix() = default;
  // rows x cols matrix filled with `fill`.
  Matrix(uint32_t rows, uint32_t cols, float fill = 0.0f);
  // From nested rows, e.g. Matrix{{0, 0, 1}}; rows must all have the same length.
  Matrix(std::initializer_list<std::initializer_list<float>> rows);
  // From row-major data (size rows * cols).
  Matrix(uint32_t rows, uint32_t cols, std::vector<float> data);

  uint32_t rows() const { return rows_; }
  uint32_t cols() const { return cols_; }
  uint32_t size() const { return rows_ * cols_; }
  float* data() { return data_.data(); }
  const float* data() const { return data_.data(); }
  const std::vector<float>& values() const { return data_; }
  float& operator()(uint32_t r, uint32_t c) { return data_[r * cols_ + c]; }
  float operator()(uint32_t r, uint32_t c) const { return data_[r * cols_ + c]; }

  // New matrix with f applied to every element (accepts ::round, std::abs, lambdas...).
  Matrix map(double (*f)(double)) const;
  template <typename F>
  Matrix map(F f) const {
    Matrix out = *this;
    for (float& v : out.data_) v = static_cast<float>(f(v));
    return out;
  }
  // Matrix product this . other; sizes checked by DFF_ASSERT.
  Matrix operator*(const Matrix& other) const;
  // Transposed copy.
  Matrix transposed() const;

  bool operator==(const Matrix& other) const;
  bool operator!=(const Matrix& other) const { return !(*this == other); }
  // "[[0, 1], [1, 0]]" with up to 6 significant digits.
  std::string str() const;

 private:
  uint32_t rows_ = 0;
  uint32_t cols_ = 0;
  std::vector<float> data_;
};

}  // namespace dff
