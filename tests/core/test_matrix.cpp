#include "core/matrix.h"

#include <catch2/catch.hpp>
#include <type_traits>

using dff::ConstMatrixView;
using dff::FixedMatrix;
using dff::MatrixView;

TEST_CASE("multiply computes a . b") {
  const float a[] = {1, 2, 3, 4, 5, 6};        // 2x3
  const float b[] = {7, 8, 9, 10, 11, 12};     // 3x2
  float out[4];
  dff::multiply(ConstMatrixView(a, 2, 3), ConstMatrixView(b, 3, 2), MatrixView(out, 2, 2));
  CHECK(out[0] == 58);
  CHECK(out[1] == 64);
  CHECK(out[2] == 139);
  CHECK(out[3] == 154);
}

TEST_CASE("multiply_at_b computes a^T . b") {
  const float a[] = {1, 2, 3, 4, 5, 6};  // 3x2, a^T is 2x3
  const float b[] = {1, 0, 0, 1, 1, 1};  // 3x2
  float out[4];
  dff::multiply_at_b(ConstMatrixView(a, 3, 2), ConstMatrixView(b, 3, 2), MatrixView(out, 2, 2));
  // a^T = [[1,3,5],[2,4,6]]
  CHECK(out[0] == 1 + 5);
  CHECK(out[1] == 3 + 5);
  CHECK(out[2] == 2 + 6);
  CHECK(out[3] == 4 + 6);
}

TEST_CASE("multiply_a_bt computes a . b^T") {
  const float a[] = {1, 2, 3, 4};        // 2x2
  const float b[] = {5, 6, 7, 8, 9, 10}; // 3x2
  float out[6];
  dff::multiply_a_bt(ConstMatrixView(a, 2, 2), ConstMatrixView(b, 3, 2), MatrixView(out, 2, 3));
  CHECK(out[0] == 17);
  CHECK(out[1] == 23);
  CHECK(out[2] == 29);
  CHECK(out[3] == 39);
  CHECK(out[4] == 53);
  CHECK(out[5] == 67);
}

TEST_CASE("transpose, hadamard, scaled_add and map") {
  const float a[] = {1, 2, 3, 4, 5, 6};  // 2x3
  float t[6];
  dff::transpose(ConstMatrixView(a, 2, 3), MatrixView(t, 3, 2));
  CHECK(t[0] == 1);
  CHECK(t[1] == 4);
  CHECK(t[2] == 2);
  CHECK(t[5] == 6);

  float h[6];
  dff::hadamard(ConstMatrixView(a, 2, 3), ConstMatrixView(a, 2, 3), MatrixView(h, 2, 3));
  CHECK(h[5] == 36);

  float y[6] = {1, 1, 1, 1, 1, 1};
  dff::scaled_add(MatrixView(y, 2, 3), 0.5f, ConstMatrixView(a, 2, 3));
  CHECK(y[0] == 1.5f);
  CHECK(y[5] == 4.0f);

  dff::map(MatrixView(y, 2, 3), [](float v) { return v * 2.0f; });
  CHECK(y[5] == 8.0f);
}

TEST_CASE("check_multiply reports mismatched shapes as a Status") {
  const float d[12] = {};
  CHECK(dff::check_multiply(ConstMatrixView(d, 2, 3), ConstMatrixView(d, 3, 4), ConstMatrixView(d, 2, 4)).ok());
  const auto inner = dff::check_multiply(ConstMatrixView(d, 2, 3), ConstMatrixView(d, 2, 4), ConstMatrixView(d, 2, 4));
  CHECK(inner.code() == dff::StatusCode::kDimensionMismatch);
  const auto result = dff::check_multiply(ConstMatrixView(d, 2, 3), ConstMatrixView(d, 3, 4), ConstMatrixView(d, 4, 2));
  CHECK(result.code() == dff::StatusCode::kDimensionMismatch);
}

template <typename A, typename B, typename C, typename = void>
struct can_multiply : std::false_type {};
template <typename A, typename B, typename C>
struct can_multiply<A, B, C,
                    std::void_t<decltype(dff::multiply(std::declval<const A&>(), std::declval<const B&>(),
                                                       std::declval<C&>()))>> : std::true_type {};

TEST_CASE("FixedMatrix sizes are checked at compile time") {
  static_assert(can_multiply<FixedMatrix<1, 3>, FixedMatrix<3, 4>, FixedMatrix<1, 4>>::value, "1x3 . 3x4 -> 1x4");
  static_assert(!can_multiply<FixedMatrix<1, 3>, FixedMatrix<4, 4>, FixedMatrix<1, 4>>::value, "inner sizes differ");
  static_assert(!can_multiply<FixedMatrix<1, 3>, FixedMatrix<3, 4>, FixedMatrix<1, 3>>::value, "wrong result shape");

  FixedMatrix<1, 3> i{{1, 0, 1}};
  FixedMatrix<3, 2> w{{1, 2, 3, 4, 5, 6}};
  FixedMatrix<1, 2> o{};
  dff::multiply(i, w, o);
  CHECK(o(0, 0) == 6);
  CHECK(o(0, 1) == 8);
  FixedMatrix<2, 3> wt{};
  dff::transpose(w, wt);
  CHECK(wt(1, 2) == 6);
}
