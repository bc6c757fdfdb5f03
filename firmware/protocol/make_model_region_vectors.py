#!/usr/bin/env python3
"""Writes model-region-vectors.json: the model region (firmware/portable/model_region.h) that
the page writes into an ATmega328P's flash and the firmware checks at boot.

Independent of both implementations: built here from the layout in model_region.h, with zlib's
CRC-32; tests/firmware/test_model_region.cpp checks the C++ side against it,
tests/node/board_model_region.test.mjs the JS side (web/src/board/model-region.js).
Run: python3 firmware/protocol/make_model_region_vectors.py > firmware/protocol/model-region-vectors.json
"""
import json
import struct
import zlib

# The 88-byte blob of docs/model-format.md (also test-vectors.json's "builtin").
BLOB = bytes.fromhex(
    "44464642" "0100" "1000" "58000000" "01" "05" "0000"
    "02000100" "04" "000000"
    "00000001" "0000803f" "6666663f" "6666663f" "77be7f3f" "77cc2b32" "00000000"
    "01000000" "00000000" "000080bf" "0100000000000000"
    "0000003f" "000080bf" "0000803e" "7b67d44b")
BUILD = 0x1A2B3C4D
CAPACITY = 256


def header(blob, build=BUILD, magic=b"DFFM", version=1, size=20, length=None, crc=None):
    return magic + struct.pack("<HHIII", version, size, len(blob) if length is None else length,
                               zlib.crc32(blob[:-4]) if crc is None else crc, build)


def region(blob, **kw):
    data = header(blob, **kw) + blob
    return data + b"\xff" * (CAPACITY - len(data))


def case(name, data, state, meaning, build=BUILD, **fields):
    c = {"name": name, "region": data.hex(), "capacity": CAPACITY, "build_id": build, "state": state,
         "meaning": meaning}
    c.update(fields)
    return c


flipped = bytearray(BLOB)
flipped[40] ^= 0x01
cases = [
    case("valid", region(BLOB), "valid", "header, then the blob; CRC = the blob's trailer",
         blob_offset=20, blob_size=88, blob_crc=zlib.crc32(BLOB[:-4])),
    case("erased", b"\xff" * CAPACITY, "empty", "never written: erased flash"),
    case("zeros", b"\x00" * CAPACITY, "empty", "no magic"),
    case("version 2", region(BLOB, version=2), "bad_header", "a format this firmware does not read"),
    case("header size 24", region(BLOB, size=24), "bad_header", "header size other than 20"),
    case("too long", region(BLOB, length=CAPACITY - 19), "bad_header", "length past the region's end"),
    case("fits exactly", header(BLOB, length=CAPACITY - 20) + b"\x00" * (CAPACITY - 20), "bad_crc",
         "the longest length the region holds: checked, then the CRC fails"),
    case("too short", region(BLOB, length=7), "bad_header", "a blob has at least 8 bytes"),
    case("other build", region(BLOB, build=0xDEADBEEF), "other_build", "written for another firmware build",
         blob_size=88, blob_crc=zlib.crc32(BLOB[:-4])),
    case("damaged blob", region(bytes(flipped)[:-4] + BLOB[-4:], crc=zlib.crc32(BLOB[:-4])), "bad_crc",
         "one blob byte flipped (a write cut short): its CRC no longer matches"),
    case("header CRC wrong", region(BLOB, crc=0x12345678), "bad_crc", "the header names another model"),
]
vectors = {
    "description": "model region vectors: see firmware/portable/model_region.h",
    "header_bytes": 20,
    "build_id": BUILD,
    "blob": BLOB.hex(),
    "region": (header(BLOB) + BLOB).hex(),
    "cases": cases,
}
print(json.dumps(vectors, indent=1))
