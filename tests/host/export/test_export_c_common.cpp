#include "core/host/export/export_c_common.h"

#include <catch2/catch.hpp>
#include <cctype>
#include <cstring>

#include "core/crc32.h"

TEST_CASE("c_uint32_literal writes eight upper-case hex digits") {
  CHECK(dff::c_uint32_literal(0) == "UINT32_C(0x00000000)");
  CHECK(dff::c_uint32_literal(0x0123ABCDu) == "UINT32_C(0x0123ABCD)");
  CHECK(dff::c_uint32_literal(0xFFFFFFFFu) == "UINT32_C(0xFFFFFFFF)");
}

TEST_CASE("c_scratch_at names the scratch or an offset into it") {
  CHECK(dff::c_scratch_at(0) == "scratch");
  CHECK(dff::c_scratch_at(12) == "scratch + 12");
}

TEST_CASE("c_float_array writes every value and the flash macro") {
  const float values[3] = {1.0f, -0.5f, 3.0e-7f};
  const std::string text = dff::c_float_array("seed_w0", "SEED_FLASH", values, 3);
  CHECK(text.find("static const float seed_w0[3] SEED_FLASH = {") != std::string::npos);
  CHECK(text.find("-0.5f") != std::string::npos);
  CHECK(text.find("};") != std::string::npos);
}

TEST_CASE("c_header_names uses the identifier for functions and its upper case for macros") {
  const dff::CHeaderNames n = dff::c_header_names("m_1_bad_name");
  CHECK(n.prefix == "m_1_bad_name");
  CHECK(n.macro == "M_1_BAD_NAME");
}
