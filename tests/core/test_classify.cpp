// Tests for core/classify.h: largest output, first on a tie, 0.5 threshold for one output, NaN.
#include "core/classify.h"

#include <catch2/catch.hpp>

#include <cmath>

TEST_CASE("the largest output is the class, the first one on a tie") {
  const float three[] = {0.1f, 0.7f, 0.2f};
  CHECK(dff::predicted_class(three, 3) == 1);
  const float tie[] = {0.4f, 0.4f, 0.2f};
  CHECK(dff::predicted_class(tie, 3) == 0);
  const float last[] = {-3.0f, -2.0f, -1.0f};
  CHECK(dff::predicted_class(last, 3) == 2);
}

TEST_CASE("one output: class 1 from 0.5 up") {
  const float yes = 0.5f, no = 0.49999997f, neg = -4.0f;
  CHECK(dff::predicted_class(&yes, 1) == 1);
  CHECK(dff::predicted_class(&no, 1) == 0);
  CHECK(dff::predicted_class(&neg, 1) == 0);
}

TEST_CASE("NaN outputs never win") {
  const float first_nan[] = {NAN, 0.2f, 0.1f};
  CHECK(dff::predicted_class(first_nan, 3) == 1);
  const float middle_nan[] = {0.1f, NAN, 0.3f};
  CHECK(dff::predicted_class(middle_nan, 3) == 2);
  const float one_nan = NAN;
  CHECK(dff::predicted_class(&one_nan, 1) == 0);
}
