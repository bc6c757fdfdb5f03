// Tests for firmware/portable/text_line.h: printf-free line formatting for bare-metal programs.
#include "firmware/portable/text_line.h"

#include <catch2/catch.hpp>

#include <string>

namespace {

std::string g_printed;  // what the lines handed to Puts, in order
void capture(const char* text) { g_printed += text; }

}  // namespace

TEST_CASE("text, numbers and six-decimal fixed point make one newline-terminated line") {
  g_printed.clear();
  dff::fw::TextLine<capture> line;
  line.text("epoch ").number(0).text(" ").number(4294967295u).text(" loss ").fixed6(0.0011595f).print();
  line.text("next").print();
  CHECK(g_printed == "epoch 0 4294967295 loss 0.001160\nnext\n");
}

TEST_CASE("fixed6 refuses values outside [0, 4000) and NaN") {
  g_printed.clear();
  dff::fw::TextLine<capture> line;
  line.fixed6(-1.0f).text(",").fixed6(4000.0f).text(",").fixed6(0.0f / 0.0f).text(",").fixed6(12.25f).print();
  CHECK(g_printed == "out-of-range,out-of-range,out-of-range,12.250000\n");
}

TEST_CASE("text longer than the line is cut off, never overflowing") {
  g_printed.clear();
  dff::fw::TextLine<capture, 8> line;
  line.text("abcdefghijk").number(12345).print();
  CHECK(g_printed == "abcdef\n");  // Capacity 8: 6 characters, newline, terminator
}
