// Row-major float matrices over caller-owned storage, and the few products
// a feed-forward network needs. No allocation: results go into views the
// caller provides. Sizes are checked at compile time for FixedMatrix and by
// DFF_ASSERT for views; functions taking outside input return a Status.
#pragma once

#include <stdint.h>

#include "core/config.h"
#include "core/status.h"

namespace dff {

// Read-only view of rows x cols floats, row-major. Does not own `data`.
struct ConstMatrixView {
  const float* data = nullptr;
  uint32_t rows = 0;
  uint32_t cols = 0;

  constexpr ConstMatrixView() = default;
  constexpr ConstMatrixView(const float* d, uint32_t r, uint32_t c) : data(d), rows(r), cols(c) {}
  constexpr uint32_t size() const { return rows * cols; }
  constexpr float operator()(uint32_t r, uint32_t c) const { return data[r * cols + c]; }
};

// Mutable view of rows x cols floats, row-major. Does not own `data`.
struct MatrixView {
  float* data = nullptr;
  uint32_t rows = 0;
  uint32_t cols = 0;

  constexpr MatrixView() = default;
  constexpr MatrixView(float* d, uint32_t r, uint32_t c) : data(d), rows(r), cols(c) {}
  constexpr uint32_t size() const { return rows * cols; }
  constexpr float& operator()(uint32_t r, uint32_t c) const { return data[r * cols + c]; }
  constexpr operator ConstMatrixView() const { return ConstMatrixView(data, rows, cols); }
};

// Matrix with sizes known at compile time; storage inside the object.
template <uint32_t Rows, uint32_t Cols>
struct FixedMatrix {
  static_assert(Rows > 0 && Cols > 0, "FixedMatrix needs at least one row and one column");
  float data[Rows * Cols];

  static constexpr uint32_t rows = Rows;
  static constexpr uint32_t cols = Cols;
  constexpr float& operator()(uint32_t r, uint32_t c) { return data[r * Cols + c]; }
  constexpr float operator()(uint32_t r, uint32_t c) const { return data[r * Cols + c]; }
  MatrixView view() { return MatrixView(data, Rows, Cols); }
  ConstMatrixView view() const { return ConstMatrixView(data, Rows, Cols); }
};

// out = a . b   (a: n x k, b: k x m, out: n x m). out must not alias a or b.
void multiply(ConstMatrixView a, ConstMatrixView b, MatrixView out);
// out = a^T . b (a: k x n, b: k x m, out: n x m). out must not alias a or b.
void multiply_at_b(ConstMatrixView a, ConstMatrixView b, MatrixView out);
// out = a . b^T (a: n x k, b: m x k, out: n x m). out must not alias a or b.
void multiply_a_bt(ConstMatrixView a, ConstMatrixView b, MatrixView out);
// out = a^T (a: n x m, out: m x n). out must not alias a.
void transpose(ConstMatrixView a, MatrixView out);
// out = a (*) b element-wise; out may alias a or b.
void hadamard(ConstMatrixView a, ConstMatrixView b, MatrixView out);
// y += alpha * x element-wise.
void scaled_add(MatrixView y, float alpha, ConstMatrixView x);

// Checks that a . b -> out has consistent sizes (for sizes from outside).
Status check_multiply(ConstMatrixView a, ConstMatrixView b, ConstMatrixView out);

// Applies f to every element in place.
template <typename F>
void map(MatrixView m, F f) {
  const uint32_t n = m.size();
  for (uint32_t i = 0; i < n; ++i) m.data[i] = f(m.data[i]);
}

// Compile-time checked product of fixed-size matrices: a mismatch does not compile.
template <uint32_t N, uint32_t K, uint32_t M>
void multiply(const FixedMatrix<N, K>& a, const FixedMatrix<K, M>& b, FixedMatrix<N, M>& out) {
  multiply(a.view(), b.view(), out.view());
}

// Compile-time checked transpose of a fixed-size matrix.
template <uint32_t N, uint32_t M>
void transpose(const FixedMatrix<N, M>& a, FixedMatrix<M, N>& out) {
  transpose(a.view(), out.view());
}

}  // namespace dff
