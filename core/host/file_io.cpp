// POSIX file access (Linux, macOS and Emscripten's file system): whole-file reads
// and replace-by-rename writes, so a reader never sees a half-written file.
#include "core/host/file_io.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <string>

namespace dff {
namespace {

std::string reason(int error) { return strerror(error); }

Error io_error(const char* what, const std::string& path, int error) {
  return Error{std::string(what) + " '" + path + "': " + reason(error)};
}

// Closes fd, keeping errno from the failure being reported.
void close_quietly(int fd) {
  const int saved = errno;
  close(fd);
  errno = saved;
}

// Writes all of `data`, retrying short writes and interrupted calls.
bool write_all(int fd, const char* data, size_t size) {
  while (size > 0) {
    const ssize_t n = write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

// Creates a new, unique temporary file next to `path` (same folder, so rename is
// atomic). Permissions follow the umask like any new file, or copy `path`'s own.
int create_temp(const std::string& path, std::string* temp) {
  static std::atomic<unsigned> counter{0};
  struct stat existing;
  const bool keep_mode = stat(path.c_str(), &existing) == 0 && S_ISREG(existing.st_mode);
  for (int attempt = 0; attempt < 100; ++attempt) {
    *temp = path + ".tmp-" + std::to_string(static_cast<long>(getpid())) + "-" + std::to_string(counter++);
    const int fd = open(temp->c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) {
      if (keep_mode) (void)fchmod(fd, existing.st_mode & 07777);
      return fd;
    }
    if (errno != EEXIST) return -1;
  }
  return -1;
}

}  // namespace

Result<std::string> read_file(const std::string& path) {
  int fd = -1;
  do {
    fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return io_error("cannot open", path, errno);
  struct stat info;
  if (fstat(fd, &info) != 0) {
    const Error e = io_error("cannot read", path, errno);
    close_quietly(fd);
    return e;
  }
  if (S_ISDIR(info.st_mode)) {
    close(fd);
    return io_error("cannot read", path, EISDIR);
  }
  std::string contents;
  if (S_ISREG(info.st_mode) && info.st_size > 0) contents.reserve(static_cast<size_t>(info.st_size));
  char buffer[65536];
  for (;;) {
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      const Error e = io_error("cannot read", path, errno);
      close_quietly(fd);
      return e;
    }
    contents.append(buffer, static_cast<size_t>(n));
  }
  close(fd);
  return contents;
}

Outcome write_file_atomic(const std::string& path, const std::string& contents) {
  std::string temp;
  const int fd = create_temp(path, &temp);
  if (fd < 0) return io_error("cannot create a temporary file to write", path, errno);
  const char* failed = nullptr;
  if (!write_all(fd, contents.data(), contents.size())) {
    failed = "cannot write";
  } else if (fsync(fd) != 0 && errno != EINVAL && errno != EROFS) {
    failed = "cannot flush";  // EINVAL/EROFS: the file system cannot sync (e.g. a pipe-like fs)
  }
  if (failed != nullptr) {
    const int error = errno;
    close(fd);
    unlink(temp.c_str());
    return io_error(failed, path, error);
  }
  if (close(fd) != 0) {
    const int error = errno;
    unlink(temp.c_str());
    return io_error("cannot write", path, error);
  }
  if (rename(temp.c_str(), path.c_str()) != 0) {
    const int error = errno;
    unlink(temp.c_str());
    return io_error("cannot replace", path, error);
  }
  // Make the rename itself durable; best effort (not every file system allows it).
  const size_t slash = path.find_last_of('/');
  const std::string folder = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
  const int dir = open(folder.c_str(), O_RDONLY | O_CLOEXEC);
  if (dir >= 0) {
    fsync(dir);
    close(dir);
  }
  return true;
}

}  // namespace dff
