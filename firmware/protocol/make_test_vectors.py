#!/usr/bin/env python3
"""Writes test-vectors.json for the microdff serial protocol (docs/serial-protocol.md).

Independent of the C++ firmware: frames, COBS, CRC and every expected reply are built
here from the document, so tests/firmware/test_protocol.cpp (which replays the session
against the real firmware, byte for byte) checks the firmware against the document.
Run: python3 firmware/protocol/make_test_vectors.py > firmware/protocol/test-vectors.json
"""
import json
import struct
import zlib

MAX_MSG = 48

# The document's worked blob (docs/model-format.md): 2-1 linear, weights 0.5, -1, bias 0.25.
BLOB1 = bytes.fromhex(
    "44464642" "0100" "1000" "58000000" "01" "05" "0000"
    "02000100" "04" "000000"
    "00000001" "0000803f" "6666663f" "6666663f" "77be7f3f" "77cc2b32" "00000000"
    "01000000" "00000000" "000080bf" "0100000000000000"
    "0000003f" "000080bf" "0000803e" "7b67d44b")
assert len(BLOB1) == 88 and zlib.crc32(BLOB1[:-4]) == 0x4BD4677B


def with_trailer(body):
    return body + struct.pack("<I", zlib.crc32(body))


def blob_crc(blob):
    return zlib.crc32(blob[:-4])


# Same model with weights 2, 3 and bias -1: y = 2 x0 + 3 x1 - 1.
BLOB2 = with_trailer(BLOB1[:0x48] + struct.pack("<fff", 2.0, 3.0, -1.0))
BAD_MAGIC = with_trailer(b"XFFB" + BLOB1[4:-4])


def cobs(data):
    out = bytearray()
    block = bytearray()
    for i, b in enumerate(data):
        if b == 0:
            out.append(len(block) + 1)
            out += block
            block = bytearray()
        else:
            block.append(b)
            if len(block) == 254:
                out.append(255)
                out += block
                block = bytearray()
                if i == len(data) - 1:
                    return bytes(out)
    out.append(len(block) + 1)
    out += block
    return bytes(out)


def uncobs(enc):
    out = bytearray()
    i = 0
    while i < len(enc):
        code = enc[i]
        assert code != 0
        out += enc[i + 1:i + code]
        assert len(enc[i + 1:i + code]) == code - 1
        i += code
        if code != 255 and i < len(enc):
            out.append(0)
    return bytes(out)


def decoded_frame(ftype, seq, payload):
    head = struct.pack("<BBH", ftype, seq, len(payload)) + payload
    return head + struct.pack("<I", zlib.crc32(head))


def wire(ftype, seq, payload):
    return cobs(decoded_frame(ftype, seq, payload)) + b"\x00"


HELLO, INFO, BEGIN, DATA, COMMIT, ABORT, PREDICT, TRAIN, RECORD, LIVE = range(1, 11)
NAMES = {1: "HELLO", 2: "INFO", 3: "BEGIN", 4: "DATA", 5: "COMMIT", 6: "ABORT", 7: "PREDICT", 8: "TRAIN",
         9: "RECORD", 10: "LIVE"}
READING_EVENT, LIVE_EVENT = 0xE0, 0xE1
ERR = dict(OK=0, BAD_FRAME=1, BAD_CRC=2, BAD_LENGTH=3, UNKNOWN_COMMAND=4, UNSUPPORTED_VERSION=5, WRONG_STATE=6,
           TOO_LARGE=7, OUT_OF_ORDER=8, BLOB_CRC=9, MODEL_INVALID=10, TIMEOUT=11, INCOMPLETE=12, NO_MODEL=13,
           DIMENSION=14, STORAGE=15, UNSUPPORTED=16, TRAIN_FAILED=17)


def cut_message(message):
    """Section 4: a message longer than 48 bytes keeps the words that fit in 45 (trailing
    spaces and ",;:(" dropped) and ends with "..."; one word longer than that is cut."""
    if len(message) <= MAX_MSG:
        return message
    room = MAX_MSG - 3
    cut = message.rfind(" ", 0, room + 1)
    if cut <= 0:
        cut = room
    return message[:cut].rstrip(" ,;:(") + "..."


def err_payload(name, detail, message):
    return struct.pack("<BI", ERR[name], detail) + cut_message(message).encode()


def nak(name):
    msg = "frame CRC mismatch; resend" if name == "BAD_CRC" else "invalid frame; resend"
    return wire(0xFF, 0, err_payload(name, 0, msg))


def f32s(*values):
    return b"".join(struct.pack("<f", v) for v in values)


# Board of the session (tests/firmware/test_protocol.cpp builds exactly this).
BOARD = {
    "max_payload": 128, "model_ram": 1024, "page_size": 64, "pages": 10, "program_unit": 1,
    "name": "microdff-test", "version": "1.0.0", "idle_timeout_ms": 5000, "inter_byte_timeout_ms": 500,
    "can_train": True, "persistent": False, "builtin_blob": BLOB1.hex(),
    "sources": 2, "source_reading": "100 * source + at_ms / 1024", "train_ns_per_step": 50000,
}
SLOT = (BOARD["pages"] - 2) // 2 * BOARD["page_size"]
CAPS = 0x01 | 0x02 | 0x08  # predict, train, stream (no persistent store)


def reading(source, at_ms):
    """What the session board's source reads at a time (exact in float32)."""
    return 100.0 * source + at_ms / 1024.0


def info_payload(source, blob, flags=0, state=0, next_offset=0, caps=CAPS, stream=(0, 0, 0), layers=True):
    p = struct.pack("<BBBBHIII", 0, 1, caps, state, BOARD["max_payload"], SLOT, BOARD["model_ram"], next_offset)
    p += struct.pack("<BBII", source, flags, len(blob) if blob else 0, blob_crc(blob) if blob else 0)
    if layers:
        p += struct.pack("<B", 1) + struct.pack("<HH", 2, 1) + bytes([4])  # L=1, widths 2,1, linear
    else:
        p += bytes([0])  # L = 0: no widths, no activations
    for text in (BOARD["name"], BOARD["version"]):
        p += bytes([len(text)]) + text.encode()
    p += struct.pack("<BBHHI", BOARD["sources"], *stream, BOARD["train_ns_per_step"])
    return p


def reply(ftype, seq, payload):
    return wire(ftype | 0x80, seq, payload)


steps = []
frames = []
t = [1000]


def step(send, expect, note, gap=10, name=None, fields=None):
    steps.append({"at_ms": t[0], "send": send.hex(), "expect": expect.hex(), "note": note})
    t[0] += gap


def req(ftype, seq, payload, reply_payload, note, gap=10, fields=None, reply_fields=None, prefix=b""):
    send = prefix + wire(ftype, seq, payload)
    rep = reply(ftype, seq, reply_payload)
    step(send, rep, note, gap)
    if fields is not None:
        frames.append({"name": NAMES.get(ftype, "0x%02x" % ftype) + " request", "direction": "host_to_board",
                       "type": ftype, "seq": seq, "payload": payload.hex(),
                       "decoded": decoded_frame(ftype, seq, payload).hex(), "wire": wire(ftype, seq, payload).hex(),
                       "meaning": note, "fields": fields})
    if reply_fields is not None:
        frames.append({"name": NAMES.get(ftype, "0x%02x" % ftype) + " reply", "direction": "board_to_host",
                       "type": ftype | 0x80, "seq": seq, "payload": reply_payload.hex(),
                       "decoded": decoded_frame(ftype | 0x80, seq, reply_payload).hex(), "wire": rep.hex(),
                       "meaning": "reply to: " + note, "fields": reply_fields})
    return rep


b1, b2 = blob_crc(BLOB1), blob_crc(BLOB2)
req(HELLO, 1, b"\x01", info_payload(1, BLOB1), "flush byte, then HELLO v1; board runs its built-in model",
    prefix=b"\x00", fields={"version": 1},
    reply_fields={"status": 0, "protocol_version": 1, "capabilities": CAPS, "upload_state": 0, "max_payload": 128,
                  "max_model_bytes": SLOT, "model_ram": 1024, "next_offset": 0, "model_source": 1, "model_flags": 0,
                  "model_size": 88, "model_crc": b1, "widths": [2, 1], "activations": [4],
                  "name": BOARD["name"], "version": BOARD["version"], "sources": 2, "stream": 0,
                  "stream_interval_ms": 0, "stream_sources": 0, "train_ns_per_step": 50000})
req(HELLO, 2, b"\x02", err_payload("UNSUPPORTED_VERSION", 1, "unsupported protocol version; board speaks 1"),
    "HELLO with protocol version 2", fields={"version": 2},
    reply_fields={"status": ERR["UNSUPPORTED_VERSION"], "detail": 1})
req(PREDICT, 3, f32s(1.0, 2.0), b"\x00" + f32s(-1.25), "PREDICT (1, 2) on 0.5 x0 - x1 + 0.25",
    fields={"inputs": [1.0, 2.0]}, reply_fields={"status": 0, "outputs": [-1.25]})
req(PREDICT, 4, f32s(1.0), err_payload("DIMENSION", 2, "PREDICT: wrong number of inputs"),
    "PREDICT with 1 input for a 2-input model", fields={"inputs": [1.0]},
    reply_fields={"status": ERR["DIMENSION"], "detail": 2})
req(INFO, 5, b"", info_payload(1, BLOB1), "INFO", fields={})
step(bytes.fromhex("133700"), nak("BAD_FRAME"), "line noise 13 37 then a delimiter: NAK BAD_FRAME")
frames.append({"name": "NAK BAD_FRAME", "direction": "board_to_host", "type": 0xFF, "seq": 0,
               "payload": err_payload("BAD_FRAME", 0, "invalid frame; resend").hex(),
               "decoded": uncobs(nak("BAD_FRAME")[:-1]).hex(), "wire": nak("BAD_FRAME").hex(),
               "meaning": "the board could not decode a frame", "fields": {"status": 1, "detail": 0}})
bad_crc = bytearray(wire(HELLO, 6, b"\x01"))
bad_crc[-2] ^= 0x01
assert bad_crc[-2] != 0
step(bytes(bad_crc), nak("BAD_CRC"), "HELLO with one CRC bit flipped: NAK BAD_CRC")
req(DATA, 7, struct.pack("<I", 0) + b"\x01", err_payload("WRONG_STATE", 0, "DATA without BEGIN"),
    "DATA with no upload open")
req(BEGIN, 8, struct.pack("<II", 300, 0), err_payload("TOO_LARGE", SLOT, "model larger than the board's store slot"),
    "BEGIN of 300 bytes; a slot holds 256", reply_fields={"status": ERR["TOO_LARGE"], "detail": SLOT})
req(BEGIN, 9, struct.pack("<II", 88, b2), b"\x00" + struct.pack("<H", 124), "BEGIN 88 bytes, blob CRC of blob 2",
    fields={"total_size": 88, "blob_crc": b2}, reply_fields={"status": 0, "max_chunk": 124})
req(DATA, 10, struct.pack("<I", 0) + BLOB2[:40], b"\x00" + struct.pack("<I", 40), "DATA bytes 0..39",
    fields={"offset": 0, "chunk": BLOB2[:40].hex()}, reply_fields={"status": 0, "next_offset": 40})
req(DATA, 11, struct.pack("<I", 0) + BLOB2[:40], b"\x00" + struct.pack("<I", 40),
    "the same chunk again with a new seq (ACK lost): acknowledged, not stored twice")
req(DATA, 12, struct.pack("<I", 80) + BLOB2[80:], err_payload("OUT_OF_ORDER", 40, "chunk beyond the next expected offset"),
    "DATA at 80 while 40 is expected", reply_fields={"status": ERR["OUT_OF_ORDER"], "detail": 40})
last = req(DATA, 13, struct.pack("<I", 40) + BLOB2[40:], b"\x00" + struct.pack("<I", 88), "DATA bytes 40..87")
step(wire(DATA, 13, struct.pack("<I", 40) + BLOB2[40:]), last,
     "retransmission of the same frame (same seq): the stored reply is sent again")
req(COMMIT, 14, b"", b"\x00" + struct.pack("<II", 88, b2), "COMMIT: verified, stored, activated",
    fields={}, reply_fields={"status": 0, "size": 88, "crc": b2})
req(PREDICT, 15, f32s(1.0, 2.0), b"\x00" + f32s(7.0), "PREDICT (1, 2) on 2 x0 + 3 x1 - 1")
req(INFO, 16, b"", info_payload(2, BLOB2), "INFO: uploaded model active")
req(TRAIN, 17, struct.pack("<HBBf", 1, 0, 0, 0.0) + f32s(1.0, 0.0, 1.5), b"\x00" + f32s(0.125, 0.125) + struct.pack("<I", 1),
    "TRAIN 1 epoch, model's learning rate (1), row (1, 0) -> 1.5: w0 2 -> 2.5, bias -1 -> -0.5",
    fields={"epochs": 1, "flags": 0, "learning_rate": 0.0, "rows": [[1.0, 0.0, 1.5]]},
    reply_fields={"status": 0, "loss_before": 0.125, "loss_after": 0.125, "epochs": 1})
req(PREDICT, 18, f32s(1.0, 0.0), b"\x00" + f32s(2.0), "PREDICT (1, 0) after TRAIN")
req(INFO, 19, b"", info_payload(2, BLOB2, flags=1), "INFO: model flag 1 (trained in RAM)")
req(TRAIN, 20, struct.pack("<HBBf", 0, 0, 0, 0.0) + f32s(1.0, 0.0, 1.5),
    err_payload("BAD_LENGTH", 0, "TRAIN: epochs >= 1, flags, reserved 0, rate >= 0"), "TRAIN with 0 epochs")
req(0x42, 21, b"", err_payload("UNKNOWN_COMMAND", 0x42, "unknown command"), "command 0x42 does not exist",
    reply_fields={"status": ERR["UNKNOWN_COMMAND"], "detail": 0x42})
head = struct.pack("<BBH", INFO, 22, 5)
bad_len = cobs(head + struct.pack("<I", zlib.crc32(head))) + b"\x00"
step(bad_len, reply(INFO, 22, err_payload("BAD_LENGTH", 0, "length field differs from the payload size")),
     "INFO whose length field says 5 but carries no payload (CRC right): BAD_LENGTH")
req(BEGIN, 23, struct.pack("<II", 88, b1), b"\x00" + struct.pack("<H", 124), "BEGIN blob 1")
data24 = req(DATA, 24, struct.pack("<I", 0) + BLOB1[:40], b"\x00" + struct.pack("<I", 40),
             "DATA 0..39, then 6 s of silence", gap=6000)
step(wire(DATA, 24, struct.pack("<I", 0) + BLOB1[:40]), data24,
     "the same DATA frame again after the idle timeout (a retransmission): its stored OK reply, "
     "although the upload is gone; the next new request learns it (TIMEOUT)")
req(DATA, 25, struct.pack("<I", 40) + BLOB1[40:],
    err_payload("TIMEOUT", 40, "upload abandoned after idle timeout; BEGIN again"),
    "DATA after the 5 s idle timeout", reply_fields={"status": ERR["TIMEOUT"], "detail": 40})
req(COMMIT, 26, b"", err_payload("TIMEOUT", 40, "upload abandoned after idle timeout; BEGIN again"), "COMMIT too")
req(ABORT, 27, b"", b"\x00", "ABORT (always OK)", fields={}, reply_fields={"status": 0})
req(COMMIT, 28, b"", err_payload("WRONG_STATE", 0, "COMMIT without BEGIN"), "COMMIT with nothing to commit")
req(BEGIN, 29, struct.pack("<II", 88, b1 ^ 1), b"\x00" + struct.pack("<H", 124), "BEGIN with a wrong blob CRC")
req(DATA, 30, struct.pack("<I", 0) + BLOB1, b"\x00" + struct.pack("<I", 88), "all 88 bytes in one chunk")
req(COMMIT, 31, b"", err_payload("BLOB_CRC", b1, "blob CRC differs from BEGIN's; send it again"),
    "COMMIT: the CRC does not match; old model stays", reply_fields={"status": ERR["BLOB_CRC"], "detail": b1})
req(BEGIN, 32, struct.pack("<II", 88, blob_crc(BAD_MAGIC)), b"\x00" + struct.pack("<H", 124), "BEGIN a blob with magic XFFB")
req(DATA, 33, struct.pack("<I", 0) + BAD_MAGIC, b"\x00" + struct.pack("<I", 88), "its 88 bytes")
req(COMMIT, 34, b"", err_payload("MODEL_INVALID", 17, "blob: not a microdff model blob (does not start with \"DFFB\")"),
    "COMMIT: the parser rejects it (core StatusCode 17, bad magic)",
    reply_fields={"status": ERR["MODEL_INVALID"], "detail": 17})
req(BEGIN, 35, struct.pack("<II", 88, b1), b"\x00" + struct.pack("<H", 124), "BEGIN blob 1")
req(DATA, 36, struct.pack("<I", 0) + BLOB1[:40], b"\x00" + struct.pack("<I", 40), "DATA 0..39")
req(COMMIT, 37, b"", err_payload("INCOMPLETE", 40, "COMMIT before all bytes arrived"), "COMMIT too early")
req(ABORT, 38, b"", b"\x00", "ABORT")
req(PREDICT, 39, f32s(1.0, 2.0), b"\x00" + f32s(8.0), "PREDICT (1, 2): the trained weights are still active")
hello = wire(HELLO, 40, b"\x01")
step(hello[:5], b"", "first 5 bytes of a HELLO, then silence", gap=600)
step(wire(HELLO, 41, b"\x01"), reply(HELLO, 41, info_payload(2, BLOB2, flags=1)),
     "600 ms later: the partial frame was dropped, this HELLO is answered")
step(wire(INFO, 42, b"") + wire(PREDICT, 43, f32s(1.0, 0.0)),
     reply(INFO, 42, info_payload(2, BLOB2, flags=1)) + reply(PREDICT, 43, b"\x00" + f32s(2.0)),
     "two requests in one write: two replies in order")

# Appended after the original session: each shows a rule section 3 or 5 states.
req(COMMIT, 44, b"\x00", err_payload("BAD_LENGTH", 0, "COMMIT: no payload"),
    "COMMIT with a payload while idle: the payload size is checked before the state (BAD_LENGTH, not WRONG_STATE)")
req(BEGIN, 45, struct.pack("<II", 88, b1), b"\x00" + struct.pack("<H", 124), "BEGIN blob 1")
req(DATA, 46, struct.pack("<I", 0) + BLOB1[:40], b"\x00" + struct.pack("<I", 40), "DATA 0..39")
req(DATA, 47, struct.pack("<I", 60) + BLOB1[:40], err_payload("OUT_OF_ORDER", 40, "chunk beyond the next expected offset"),
    "DATA at 60 with 40 bytes: both ahead of 40 and past the end (88); OUT_OF_ORDER comes first")
req(ABORT, 48, b"", b"\x00", "ABORT")
step(bytes.fromhex("1337"), b"", "2 bytes of line noise, no delimiter: a partial frame is pending")
predict49 = req(PREDICT, 49, f32s(1.0, 0.0), b"\x00" + f32s(2.0),
                "the host's flush byte ends the noise (NAK BAD_FRAME), then its PREDICT is answered", prefix=b"\x00")
steps[-1]["expect"] = (nak("BAD_FRAME") + predict49).hex()
step(wire(PREDICT, 49, f32s(1.0, 0.0)), predict49,
     "the host retransmits after that NAK: the stored reply again (same seq); the host ignores the second copy")
req(PREDICT, 50, f32s(1.0, float("nan")), err_payload("BAD_LENGTH", 1, "PREDICT: an input is not a finite number"),
    "PREDICT with a NaN input: BAD_LENGTH, detail = index of the first non-finite input",
    fields={"inputs": [1.0, "nan"]}, reply_fields={"status": ERR["BAD_LENGTH"], "detail": 1})
rec_at = t[0]
req(RECORD, 51, struct.pack("<HH", 100, 0b11), b"\x00" + struct.pack("<HH", 100, 0b11),
    "RECORD sources 0 and 1 every 100 ms", gap=100,
    fields={"interval_ms": 100, "sources": 3}, reply_fields={"status": 0, "interval_ms": 100, "sources": 3})
for k in range(2):
    at = rec_at + 100 * (k + 1)
    payload = struct.pack("<I", k) + f32s(reading(0, at), reading(1, at))
    step(b"", wire(READING_EVENT, 0, payload), "%d ms later: READING %d (no request)" % (100 * (k + 1), k), gap=50 if k else 100)
    if k == 0:
        frames.append({"name": "READING event", "direction": "board_to_host", "type": READING_EVENT, "seq": 0,
                       "payload": payload.hex(), "decoded": decoded_frame(READING_EVENT, 0, payload).hex(),
                       "wire": wire(READING_EVENT, 0, payload).hex(), "meaning": "one reading of sources 0 and 1",
                       "fields": {"index": 0, "readings": [reading(0, at), reading(1, at)]}})
req(INFO, 52, b"", info_payload(2, BLOB2, flags=1, stream=(1, 100, 0b11)), "INFO while recording: stream 1, 100 ms, sources 3",
    gap=50)
at = rec_at + 300
step(b"", wire(READING_EVENT, 0, struct.pack("<I", 2) + f32s(reading(0, at), reading(1, at))), "READING 2")
live_at = t[0]
req(LIVE, 53, struct.pack("<HHB", 100, 0b11, 1), b"\x00" + struct.pack("<HH", 100, 0b11),
    "LIVE on sources 0 and 1 every 100 ms, indicate class 1 (replaces RECORD)", gap=100,
    fields={"interval_ms": 100, "sources": 3, "indicate_class": 1},
    reply_fields={"status": 0, "interval_ms": 100, "sources": 3})
at = live_at + 100
x0, x1 = reading(0, at), reading(1, at)
y = 2.5 * x0 + 3.0 * x1 - 0.5  # the trained model 2.5 x0 + 3 x1 - 0.5, exact in float32 here
live_payload = struct.pack("<IB", 0, 1 if y >= 0.5 else 0) + f32s(x0, x1, y)
step(b"", wire(LIVE_EVENT, 0, live_payload), "LIVE 0: readings, the model's output and its class (one output: >= 0.5 is 1)")
frames.append({"name": "LIVE event", "direction": "board_to_host", "type": LIVE_EVENT, "seq": 0,
               "payload": live_payload.hex(), "decoded": decoded_frame(LIVE_EVENT, 0, live_payload).hex(),
               "wire": wire(LIVE_EVENT, 0, live_payload).hex(), "meaning": "the active model on one reading",
               "fields": {"index": 0, "class": 1, "readings": [x0, x1], "outputs": [y]}})
req(LIVE, 54, struct.pack("<HHB", 0, 0, 0xFF), b"\x00" + struct.pack("<HH", 0, 0), "LIVE with interval 0: streaming stops",
    gap=300, fields={"interval_ms": 0, "sources": 0, "indicate_class": 255})
req(INFO, 55, b"", info_payload(2, BLOB2, flags=1), "300 ms later, nothing was streamed; INFO: stream 0")
req(RECORD, 56, struct.pack("<HH", 100, 0b100), err_payload("BAD_LENGTH", 0b11, "sources: 1 to 8 bits of the board's source mask"),
    "RECORD of source 2, which the board does not have: BAD_LENGTH, detail = the board's sources",
    reply_fields={"status": ERR["BAD_LENGTH"], "detail": 3})

# A board with no model: L = 0 and nothing after it until the name (frames only).
NO_MODEL_INFO = info_payload(0, b"", caps=0x08, layers=False)
frames.append({"name": "INFO reply, no model", "direction": "board_to_host", "type": INFO | 0x80, "seq": 7,
               "payload": NO_MODEL_INFO.hex(), "decoded": decoded_frame(INFO | 0x80, 7, NO_MODEL_INFO).hex(),
               "wire": reply(INFO, 7, NO_MODEL_INFO).hex(), "meaning": "a board with no model: L = 0, no widths or activations",
               "fields": {"status": 0, "protocol_version": 1, "capabilities": 8, "model_source": 0, "widths": [],
                          "activations": [], "name": BOARD["name"], "sources": 2, "stream": 0, "train_ns_per_step": 50000}})

doc = {
    "protocol_version": 1,
    "description": "microdff serial protocol test vectors; see docs/serial-protocol.md section 10. "
                   "Hex is lowercase without separators. Generated by firmware/protocol/make_test_vectors.py.",
    "crc32": [{"ascii": s, "crc32": zlib.crc32(s.encode())} for s in ["", "a", "123456789", "microdff"]],
    "cobs": [{"decoded": d.hex(), "encoded": cobs(d).hex()} for d in [
        b"", b"\x00", b"\x00\x00", b"\x11\x22\x00\x33", b"\x11\x22\x33\x44", b"\x11\x00\x00\x00",
        bytes(range(1, 255)), bytes(range(1, 256)), bytes(range(0, 255)), bytes(range(1, 255)) + b"\x00"]],
    "blobs": {"builtin": BLOB1.hex(), "uploaded": BLOB2.hex(), "bad_magic": BAD_MAGIC.hex()},
    "frames": frames,
    "session": {"board": BOARD, "steps": steps},
}
for c in doc["cobs"]:
    assert uncobs(bytes.fromhex(c["encoded"])) == bytes.fromhex(c["decoded"])
print(json.dumps(doc, indent=1))
