// A ZIP archive of stored (uncompressed) files, as the Arduino IDE's "Add .ZIP Library" and
// every unzip read it: local headers, the files, the central directory. Small text files do
// not need deflate. Deterministic: a fixed timestamp (1980-01-01), so equal inputs give equal
// bytes. Paths use '/'; folders are implied by the paths.
#pragma once

#include <string>
#include <vector>

namespace dff {

struct ZipEntry {
  std::string path;   // e.g. "Seed_Model/src/Seed_Model.h"
  std::string bytes;
};

// The archive's bytes. Entries keep their order; at most 65535 entries of < 4 GB each.
std::string zip_store(const std::vector<ZipEntry>& entries);

}  // namespace dff
