#include "core/kernels.h"

#include <catch2/catch.hpp>
#include <vector>

#include "core/prng.h"

namespace k = dff::kernels;

namespace {

std::vector<float> random_vector(uint32_t n, dff::Pcg32& rng) {
  std::vector<float> v(n);
  for (float& x : v) x = rng.uniform(-1.0f, 1.0f);
  return v;
}

}  // namespace

// Widths 1..8 take the unrolled paths, the others the generic loops; both must agree with a naive sum.
TEST_CASE("affine, rank1_update and matvec equal naive loops for every width") {
  dff::Pcg32 rng(3);
  for (uint32_t n_in : {1u, 3u, 8u, 17u})
    for (uint32_t n_out = 1; n_out <= 37; ++n_out) {
      INFO("n_in " << n_in << " n_out " << n_out);
      const auto in = random_vector(n_in, rng), w = random_vector(n_in * n_out, rng), b = random_vector(n_out, rng);
      std::vector<float> out(n_out);
      for (bool with_bias : {true, false}) {
        k::affine(in.data(), w.data(), with_bias ? b.data() : nullptr, out.data(), n_in, n_out);
        for (uint32_t j = 0; j < n_out; ++j) {
          double s = with_bias ? b[j] : 0.0;
          for (uint32_t i = 0; i < n_in; ++i) s += static_cast<double>(in[i]) * w[i * n_out + j];
          REQUIRE(out[j] == Approx(s).margin(1e-5));
        }
      }
      const auto delta = random_vector(n_out, rng);
      std::vector<float> back(n_in);
      k::matvec(w.data(), delta.data(), back.data(), n_in, n_out);
      for (uint32_t i = 0; i < n_in; ++i) {
        double s = 0.0;
        for (uint32_t j = 0; j < n_out; ++j) s += static_cast<double>(w[i * n_out + j]) * delta[j];
        REQUIRE(back[i] == Approx(s).margin(1e-5));
      }
      for (float keep : {1.0f, 0.99f}) {
        std::vector<float> updated = w;
        k::rank1_update(updated.data(), in.data(), delta.data(), keep, -0.5f, n_in, n_out);
        for (uint32_t i = 0; i < n_in; ++i)
          for (uint32_t j = 0; j < n_out; ++j)
            REQUIRE(updated[i * n_out + j] ==
                    Approx(w[i * n_out + j] * keep - 0.5 * in[i] * delta[j]).margin(1e-6));
      }
    }
}

TEST_CASE("backprop_rank1 equals matvec then rank1_update bit for bit") {
  dff::Pcg32 rng(4);
  for (uint32_t n_in : {1u, 5u, 32u})
    for (uint32_t n_out = 1; n_out <= 37; ++n_out)
      for (float keep : {1.0f, 0.99f}) {
        INFO("n_in " << n_in << " n_out " << n_out << " keep " << keep);
        const auto in = random_vector(n_in, rng), w = random_vector(n_in * n_out, rng);
        const auto delta = random_vector(n_out, rng);
        std::vector<float> fused_w = w, fused_back(n_in), split_w = w, split_back(n_in);
        k::backprop_rank1(fused_w.data(), in.data(), delta.data(), fused_back.data(), keep, -0.3f, n_in, n_out);
        k::matvec(split_w.data(), delta.data(), split_back.data(), n_in, n_out);
        k::rank1_update(split_w.data(), in.data(), delta.data(), keep, -0.3f, n_in, n_out);
        REQUIRE(fused_back == split_back);
        REQUIRE(fused_w == split_w);
      }
}

TEST_CASE("dot, axpy and scale_axpy on hand-computed values") {
  const float x[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  float y[10] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  CHECK(k::dot(x, y, 10) == 55.0f);
  CHECK(k::dot(x, x, 0) == 0.0f);
  k::axpy(y, x, 2.0f, 10);
  CHECK(y[0] == 3.0f);
  CHECK(y[9] == 21.0f);
  k::scale_axpy(y, x, 0.5f, -1.0f, 10);  // y = 0.5 y - x
  CHECK(y[0] == 0.5f);
  CHECK(y[9] == 0.5f);
}
