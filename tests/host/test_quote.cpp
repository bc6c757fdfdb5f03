#include "core/host/quote.h"

#include <catch2/catch.hpp>
#include <string>

TEST_CASE("quoted keeps printable text and UTF-8, escapes the rest") {
  CHECK(dff::quoted("setosa") == "'setosa'");
  CHECK(dff::quoted("caf\xC3\xA9") == "'caf\xC3\xA9'");
  CHECK(dff::quoted("a\x1b]0;x\x07") == "'a\\x1b]0;x\\x07'");
  CHECK(dff::quoted("bad \xFF byte") == "'bad \\xff byte'");
  CHECK(dff::quoted("line\nbreak") == "'line\\x0abreak'");
  CHECK(dff::quoted("abc\xE2\x80\xAE") == "'abc\\xe2\\x80\\xae'");  // U+202E reverses what follows
  CHECK(dff::quoted("\xC2\x9B" "2J") == "'\\xc2\\x9b2J'");            // C1 CSI
}

TEST_CASE("quoted cuts long text") {
  const std::string q = dff::quoted(std::string(1000, 'x'));
  CHECK(q.size() < 50);
  CHECK(q.find("...") != std::string::npos);
  const std::string accents = dff::quoted(std::string(100, 'x') + "\xC3\xA9");
  CHECK(accents == "'" + std::string(40, 'x') + "...'");
  CHECK(dff::printable(std::string(39, 'x') + "\xC3\xA9" + "y") == std::string(39, 'x') + "\xC3\xA9...");
}
