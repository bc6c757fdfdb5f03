#include "qemu_process.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

namespace e2e {
namespace {

sockaddr_in loopback(int port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

int64_t now_ms() {
  timespec t{};
  clock_gettime(CLOCK_MONOTONIC, &t);
  return static_cast<int64_t>(t.tv_sec) * 1000 + t.tv_nsec / 1000000;
}

}  // namespace

int free_tcp_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in a = loopback(0);
  int port = -1;
  socklen_t len = sizeof a;
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    port = ntohs(a.sin_port);
  ::close(fd);
  return port;
}

bool QemuProcess::start(const std::string& qemu, const std::string& elf, int port, const std::string& log_path,
                        std::string* error) {
  const std::string serial = "tcp:127.0.0.1:" + std::to_string(port) + ",server=on,wait=off,nodelay=on";
  std::vector<std::string> args = {qemu, "-M", "mps2-an385", "-nographic", "-monitor", "none",
                                   "-semihosting-config", "enable=on,target=native", "-serial", serial,
                                   "-kernel", elf};
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    *error = std::string("fork: ") + strerror(errno);
    return false;
  }
  if (pid == 0) {
    // QEMU must not outlive the test, whatever happens to the test.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    const int log = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int null_in = open("/dev/null", O_RDONLY);
    if (log >= 0) {
      dup2(log, 1);
      dup2(log, 2);
    }
    if (null_in >= 0) dup2(null_in, 0);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  pid_ = pid;
  return true;
}

void QemuProcess::stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

bool SerialLink::connect(int port, int timeout_ms, std::string* error) {
  close();
  const int64_t deadline = now_ms() + timeout_ms;
  for (;;) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) {
      *error = std::string("socket: ") + strerror(errno);
      return false;
    }
    sockaddr_in a = loopback(port);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
      const int one = 1;
      setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      return true;
    }
    const int err = errno;
    close();
    if (now_ms() >= deadline) {
      *error = "connect to 127.0.0.1:" + std::to_string(port) + ": " + strerror(err);
      return false;
    }
    usleep(50 * 1000);
  }
}

void SerialLink::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

bool SerialLink::write(const std::vector<uint8_t>& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

std::vector<uint8_t> SerialLink::read_some(int timeout_ms) {
  std::vector<uint8_t> out;
  pollfd p{fd_, POLLIN, 0};
  if (fd_ < 0 || poll(&p, 1, timeout_ms) <= 0) return out;
  uint8_t buf[4096];
  const ssize_t n = recv(fd_, buf, sizeof buf, 0);
  if (n > 0) out.assign(buf, buf + n);
  return out;
}

}  // namespace e2e
