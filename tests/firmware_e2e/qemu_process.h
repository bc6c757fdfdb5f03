// QemuProcess: runs qemu-system-arm with the board's UART on a loopback TCP port and kills
// it (SIGKILL, whole process) when the object dies, when the test process dies (PDEATHSIG)
// or when the wall-clock bound runs out. SerialLink: the TCP connection to that UART.
#pragma once

#include <stdint.h>
#include <sys/types.h>

#include <string>
#include <vector>

namespace e2e {

// A loopback TCP port nothing listens on right now (bound to port 0, then released).
int free_tcp_port();

class QemuProcess {
 public:
  QemuProcess() = default;
  ~QemuProcess() { stop(); }
  QemuProcess(const QemuProcess&) = delete;
  QemuProcess& operator=(const QemuProcess&) = delete;

  // Starts `qemu` on `elf` with -serial tcp:127.0.0.1:port,server=on,wait=off and
  // semihosting; stdout/stderr go to `log_path`. Returns false (and says why) on failure.
  bool start(const std::string& qemu, const std::string& elf, int port, const std::string& log_path,
             std::string* error);
  void stop();
  bool running() const { return pid_ > 0; }

 private:
  pid_t pid_ = -1;
};

class SerialLink {
 public:
  SerialLink() = default;
  ~SerialLink() { close(); }
  SerialLink(const SerialLink&) = delete;
  SerialLink& operator=(const SerialLink&) = delete;

  // Connects to 127.0.0.1:port, retrying until `timeout_ms` (QEMU needs a moment to listen).
  bool connect(int port, int timeout_ms, std::string* error);
  void close();
  bool write(const std::vector<uint8_t>& bytes);
  // Reads what arrives within `timeout_ms` (returns as soon as some bytes came; empty on timeout).
  std::vector<uint8_t> read_some(int timeout_ms);

 private:
  int fd_ = -1;
};

}  // namespace e2e
