#include "core/status.h"

#include <catch2/catch.hpp>
#include <cstring>

namespace {

dff::Status fails_then_stops(int* calls) {
  ++*calls;
  DFF_RETURN_IF_ERROR(dff::Status(dff::StatusCode::kBlobBadCrc, "CRC32 mismatch"));
  ++*calls;  // never reached
  return dff::Status::Ok();
}

dff::Status passes(int* calls) {
  DFF_RETURN_IF_ERROR(dff::Status::Ok());
  ++*calls;
  return dff::Status::Ok();
}

}  // namespace

TEST_CASE("a default Status is ok and says so") {
  constexpr dff::Status s;
  static_assert(s.ok(), "default is ok");
  CHECK(s.code() == dff::StatusCode::kOk);
  CHECK(std::strcmp(s.message(), "ok") == 0);
}

TEST_CASE("an error keeps its code and message") {
  const dff::Status s(dff::StatusCode::kBufferTooSmall, "network buffer is too small");
  CHECK_FALSE(s.ok());
  CHECK(s.code() == dff::StatusCode::kBufferTooSmall);
  CHECK(std::strcmp(s.message(), "network buffer is too small") == 0);
}

TEST_CASE("DFF_RETURN_IF_ERROR returns the first error and passes ok through") {
  int calls = 0;
  const dff::Status s = fails_then_stops(&calls);
  CHECK(s.code() == dff::StatusCode::kBlobBadCrc);
  CHECK(calls == 1);
  calls = 0;
  CHECK(passes(&calls).ok());
  CHECK(calls == 1);
}

TEST_CASE("status codes are stable numbers (they go on the wire)") {
  CHECK(static_cast<int>(dff::StatusCode::kInvalidArgument) == 1);
  CHECK(static_cast<int>(dff::StatusCode::kUnsupported) == 5);
  CHECK(static_cast<int>(dff::StatusCode::kBlobTruncated) == 16);
  CHECK(static_cast<int>(dff::StatusCode::kBlobOversized) == 22);
}
