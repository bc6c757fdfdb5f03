#include "core/matrix.h"

namespace dff {

void multiply(ConstMatrixView a, ConstMatrixView b, MatrixView out) {
  DFF_ASSERT(a.cols == b.rows && out.rows == a.rows && out.cols == b.cols);
  const uint32_t k_count = a.cols;
  const uint32_t m = b.cols;
  for (uint32_t r = 0; r < a.rows; ++r) {
    float* DFF_RESTRICT o = out.data + r * m;
    for (uint32_t c = 0; c < m; ++c) o[c] = 0.0f;
    for (uint32_t k = 0; k < k_count; ++k) {
      const float av = a.data[r * k_count + k];
      const float* DFF_RESTRICT brow = b.data + k * m;
      for (uint32_t c = 0; c < m; ++c) o[c] += av * brow[c];
    }
  }
}

void multiply_at_b(ConstMatrixView a, ConstMatrixView b, MatrixView out) {
  DFF_ASSERT(a.rows == b.rows && out.rows == a.cols && out.cols == b.cols);
  const uint32_t n = a.cols;
  const uint32_t m = b.cols;
  for (uint32_t i = 0; i < out.size(); ++i) out.data[i] = 0.0f;
  for (uint32_t k = 0; k < a.rows; ++k) {
    const float* DFF_RESTRICT brow = b.data + k * m;
    for (uint32_t r = 0; r < n; ++r) {
      const float av = a.data[k * n + r];
      float* DFF_RESTRICT o = out.data + r * m;
      for (uint32_t c = 0; c < m; ++c) o[c] += av * brow[c];
    }
  }
}

void multiply_a_bt(ConstMatrixView a, ConstMatrixView b, MatrixView out) {
  DFF_ASSERT(a.cols == b.cols && out.rows == a.rows && out.cols == b.rows);
  const uint32_t k_count = a.cols;
  for (uint32_t r = 0; r < a.rows; ++r) {
    const float* arow = a.data + r * k_count;
    for (uint32_t c = 0; c < b.rows; ++c) {
      const float* brow = b.data + c * k_count;
      float sum = 0.0f;
      for (uint32_t k = 0; k < k_count; ++k) sum += arow[k] * brow[k];
      out.data[r * out.cols + c] = sum;
    }
  }
}

void transpose(ConstMatrixView a, MatrixView out) {
  DFF_ASSERT(out.rows == a.cols && out.cols == a.rows && out.data != a.data);
  for (uint32_t r = 0; r < a.rows; ++r)
    for (uint32_t c = 0; c < a.cols; ++c) out.data[c * a.rows + r] = a.data[r * a.cols + c];
}

void hadamard(ConstMatrixView a, ConstMatrixView b, MatrixView out) {
  DFF_ASSERT(a.rows == b.rows && a.cols == b.cols && out.rows == a.rows && out.cols == a.cols);
  const uint32_t n = a.size();
  for (uint32_t i = 0; i < n; ++i) out.data[i] = a.data[i] * b.data[i];
}

void scaled_add(MatrixView y, float alpha, ConstMatrixView x) {
  DFF_ASSERT(y.rows == x.rows && y.cols == x.cols);
  const uint32_t n = y.size();
  for (uint32_t i = 0; i < n; ++i) y.data[i] += alpha * x.data[i];
}

Status check_multiply(ConstMatrixView a, ConstMatrixView b, ConstMatrixView out) {
  if (a.cols != b.rows)
    return Status(StatusCode::kDimensionMismatch, "matrix product: columns of the left operand differ from rows of the right");
  if (out.rows != a.rows || out.cols != b.cols)
    return Status(StatusCode::kDimensionMismatch, "matrix product: result matrix has the wrong shape");
  return Status::Ok();
}

}  // namespace dff
