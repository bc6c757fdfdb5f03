#include <catch2/catch.hpp>
#include <cmath>

#include "core/host/model/matrix.h"

using dff::Matrix;

TEST_CASE("Matrix reads like the seed's MicroPython Matrix") {
  const Matrix a{{0.4f, 1.6f, -2.5f}};
  CHECK(a.rows() == 1);
  CHECK(a.cols() == 3);
  CHECK(a.map(round) == Matrix{{0, 2, -3}});
  CHECK(a.map([](float v) { return v * 2; }) == Matrix{{0.8f, 3.2f, -5.0f}});
  CHECK(a.str() == "[[0.4, 1.6, -2.5]]");
}

TEST_CASE("Matrix product and transpose") {
  const Matrix a{{1, 2}, {3, 4}};
  const Matrix b{{5}, {6}};
  CHECK(a * b == Matrix{{17}, {39}});
  CHECK(a.transposed() == Matrix{{1, 3}, {2, 4}});
  CHECK(Matrix(2, 3, 1.5f).values() == std::vector<float>(6, 1.5f));
  CHECK(Matrix{{1, 2}} != Matrix{{1}, {2}});
}
