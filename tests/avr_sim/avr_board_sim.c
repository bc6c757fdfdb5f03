// dff-avr-sim: an Arduino Uno / Nano (ATmega328P at 16 MHz) on libsimavr, for tests without
// hardware. Flash holds a bootloader (Optiboot or the Nano's old ATmegaBOOT) and optionally an
// application; the reset vector points at the bootloader (BOOTRST fuse programmed), as on the
// boards. UART0 is a TCP socket on 127.0.0.1; a new connection is "the port was opened", which
// asserts DTR and so resets the board, as the auto-reset capacitor does on a real Arduino.
//
//   dff-avr-sim --bootloader boot.hex [--app app.hex] [--mcu atmega328p] [--port N] [--no-throttle]
//               [--no-auto-reset]
// (--mcu atmega1280 with the Arduino Mega's bootloader stands for "some other board" in tests.)
//
// stdout: "listening PORT" once ready, then one line per event (reset, connect, mark).
// stdin, one command per line:
//   reset            external reset (EXTRF set, as a press of the reset button)
//   dtr 0|1, rts 0|1 modem lines: asserting either one resets (the boards' DTR/RTS capacitor)
//   baud N           the host's line rate; while it differs from the rate the program set in
//                    UBRR0 by more than 4 %, no byte gets through either way (0: any rate)
//   adc C MV         analog input C (A0 = 0) now reads MV millivolts (AVcc is 5000 mV)
//   dump PATH        writes the whole flash to PATH, then prints "dumped PATH"
//   eeprom PATH      the same for the EEPROM
//   ram PATH         the same for the data space (registers, I/O, then the SRAM)
//   cycles           prints "cycles N"
//   quit
// The simulation runs at real time (simavr alone runs several times faster, and Optiboot's
// one-second watchdog window would pass before a host can speak), unless --no-throttle.
// A write of V to GPIOR0 prints "mark V CYCLE": firmware benchmarks time code with it. The user
// LED (pin 13, PB5) prints "led 1" / "led 0" when it changes.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

#include <simavr/avr_adc.h>
#include <simavr/avr_eeprom.h>
#include <simavr/avr_ioport.h>
#include <simavr/avr_uart.h>
#include <simavr/sim_avr.h>
#include <simavr/sim_io.h>
#include <simavr/sim_irq.h>
#include <simavr/sim_regbit.h>

enum { kFrequency = 16000000, kPollCycles = 8000 /* 0.5 ms */, kQueueBytes = 1 << 16 };
enum { kGpior0 = 0x3E /* data-space address of GPIOR0 on the ATmega328P */ };

static avr_t* avr;
static int listen_fd = -1;
static int client_fd = -1;
static int throttle = 1;
static int auto_reset = 1;
static int uart_xoff = 0;
static int line_dtr = 0, line_rts = 0;
static long host_baud = 0;
static uint8_t queue[kQueueBytes];  // host -> board bytes not yet taken by the UART
static size_t queue_head = 0, queue_len = 0;
static uint8_t out_buf[4096];       // board -> host bytes not yet written to the socket
static size_t out_len = 0;
static struct timespec wall_base;
static avr_cycle_count_t cycle_base;

static void say(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  putchar('\n');
  fflush(stdout);
}

static void die(const char* what) {
  fprintf(stderr, "dff-avr-sim: %s\n", what);
  exit(2);
}

static double now_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)(t.tv_sec - wall_base.tv_sec) + (double)(t.tv_nsec - wall_base.tv_nsec) * 1e-9;
}

static void restart_clock(void) {
  clock_gettime(CLOCK_MONOTONIC, &wall_base);
  cycle_base = avr->cycle;
}

// Reset as the RESET pin does: simavr's avr_reset() leaves MCUSR clear, so set EXTRF (without
// it Optiboot jumps straight to the application, as after a watchdog reset).
static void external_reset(const char* why) {
  avr_reset(avr);
  avr->state = cpu_Running;
  avr_regbit_set(avr, avr->reset_flags.extrf);
  uart_xoff = 0;
  say("reset %s", why);
}

static void set_lines(int dtr, int rts) {
  const int was = line_dtr || line_rts;
  line_dtr = dtr;
  line_rts = rts;
  if (!was && (dtr || rts)) external_reset("dtr");
}

// The rate UART0 runs at (UBRR0, U2X0), and whether a host at host_baud could read it.
static long avr_baud(void) {
  const unsigned ubrr = (unsigned)(avr->data[0xC4] | ((avr->data[0xC5] & 0x0F) << 8));
  const unsigned divisor = (avr->data[0xC0] & 0x02) ? 8u : 16u;
  return (long)(kFrequency / (divisor * (ubrr + 1u)));
}

static int rates_match(void) {
  if (host_baud == 0) return 1;
  const long d = avr_baud() - host_baud;
  return (d < 0 ? -d : d) * 100 <= host_baud * 4;
}

static void flush_out(void) {
  if (client_fd < 0) {
    out_len = 0;
    return;
  }
  while (out_len > 0) {
    const ssize_t n = send(client_fd, out_buf, out_len, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n <= 0) break;  // the host is slow or gone; poll() finds out which
    memmove(out_buf, out_buf + n, out_len - (size_t)n);
    out_len -= (size_t)n;
  }
}

static void uart_output(struct avr_irq_t* irq, uint32_t value, void* param) {
  (void)irq;
  (void)param;
  if (client_fd < 0 || !rates_match()) return;  // nobody listening, or unreadable: gone, as on a wire
  if (out_len == sizeof out_buf) flush_out();
  if (out_len < sizeof out_buf) out_buf[out_len++] = (uint8_t)value;
}

static void feed_uart(void) {
  avr_irq_t* input = avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_INPUT);
  while (!uart_xoff && queue_len > 0) {
    const uint8_t b = queue[queue_head];
    queue_head = (queue_head + 1) % kQueueBytes;
    --queue_len;
    avr_raise_irq(input, b);
  }
}

static void uart_xon(struct avr_irq_t* irq, uint32_t value, void* param) {
  (void)irq;
  (void)value;
  (void)param;
  uart_xoff = 0;
  feed_uart();
}

static void uart_xoff_cb(struct avr_irq_t* irq, uint32_t value, void* param) {
  (void)irq;
  (void)value;
  (void)param;
  uart_xoff = 1;
}

static void on_gpior0(struct avr_t* a, avr_io_addr_t addr, uint8_t v, void* param) {
  (void)param;
  a->data[addr] = v;
  say("mark %u %llu", v, (unsigned long long)a->cycle);
}

static void on_led(struct avr_irq_t* irq, uint32_t value, void* param) {
  (void)irq;
  (void)param;
  static int led = 0;
  if ((value != 0) == led) return;
  led = value != 0;
  say("led %d", led);
}

static void drop_client(const char* why) {
  if (client_fd < 0) return;
  close(client_fd);
  client_fd = -1;
  queue_len = queue_head = 0;
  out_len = 0;
  set_lines(0, 0);
  say("disconnected %s", why);
}

// Reads what the host sent; returns the bytes read, 0 when none are waiting, -1 when it left.
static int read_client(void) {
  uint8_t buf[1024];
  const size_t room = kQueueBytes - queue_len;
  const ssize_t n = recv(client_fd, buf, room < sizeof buf ? room : sizeof buf, MSG_DONTWAIT);
  if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
    drop_client("by host");
    return -1;
  }
  if (n < 0) return 0;
  if (rates_match())
    for (ssize_t i = 0; i < n; ++i) queue[(queue_head + queue_len++) % kQueueBytes] = buf[i];
  feed_uart();
  return (int)n;
}

static void accept_client(void) {
  const int fd = accept(listen_fd, NULL, NULL);
  if (fd < 0) return;
  // A host that closed the port and opens it again at once: the old connection's end may
  // still be unread.
  while (client_fd >= 0 && read_client() > 0) {
  }
  if (client_fd >= 0) {  // a serial port opens once: a second opener is refused
    close(fd);
    return;
  }
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  fcntl(fd, F_SETFL, O_NONBLOCK);
  client_fd = fd;
  say("connected");
  if (auto_reset) set_lines(1, 1);
}

static void write_file(const char* path, const uint8_t* data, size_t n, const char* what) {
  FILE* f = fopen(path, "wb");
  if (f == NULL || fwrite(data, 1, n, f) != n || fclose(f) != 0) {
    say("error cannot write %s", path);
    return;
  }
  say("%s %s", what, path);
}

static void command(char* line) {
  line[strcspn(line, "\r\n")] = '\0';
  int v = 0, mv = 0;
  if (strcmp(line, "reset") == 0) {
    external_reset("button");
  } else if (sscanf(line, "dtr %d", &v) == 1) {
    set_lines(v != 0, line_rts);
  } else if (sscanf(line, "rts %d", &v) == 1) {
    set_lines(line_dtr, v != 0);
  } else if (sscanf(line, "baud %d", &v) == 1) {
    host_baud = v;
  } else if (sscanf(line, "adc %d %d", &v, &mv) == 2 && v >= 0 && v < 8 && mv >= 0 && mv <= 5000) {
    avr_raise_irq(avr_io_getirq(avr, AVR_IOCTL_ADC_GETIRQ, ADC_IRQ_ADC0 + v), (uint32_t)mv);
  } else if (strncmp(line, "dump ", 5) == 0) {
    write_file(line + 5, avr->flash, avr->flashend + 1u, "dumped");
  } else if (strncmp(line, "ram ", 4) == 0) {
    write_file(line + 4, avr->data, avr->ramend + 1u, "ram");
  } else if (strncmp(line, "eeprom ", 7) == 0) {
    avr_eeprom_desc_t d = {.ee = NULL, .offset = 0, .size = (uint16_t)(avr->e2end + 1u)};
    if (avr_ioctl(avr, AVR_IOCTL_EEPROM_GET, &d) == 0 && d.ee != NULL) write_file(line + 7, d.ee, d.size, "eeprom");
    else say("error no eeprom");
  } else if (strcmp(line, "cycles") == 0) {
    say("cycles %llu", (unsigned long long)avr->cycle);
  } else if (strcmp(line, "quit") == 0) {
    exit(0);
  } else if (line[0] != '\0') {
    say("error unknown command %s", line);
  }
}

static void read_stdin(void) {
  static char line[512];
  static size_t len = 0;
  char buf[256];
  const ssize_t n = read(0, buf, sizeof buf);
  if (n == 0) exit(0);  // the test that started us is gone
  for (ssize_t i = 0; i < n; ++i) {
    if (buf[i] == '\n' || len + 1 == sizeof line) {
      line[len] = '\0';
      command(line);
      len = 0;
    } else {
      line[len++] = buf[i];
    }
  }
}

// Socket, stdin, then sleep until wall time catches up with simulated time.
static void service(void) {
  struct pollfd p[3] = {{.fd = 0, .events = POLLIN}, {.fd = listen_fd, .events = POLLIN}, {.fd = client_fd, .events = POLLIN}};
  flush_out();
  double ahead = throttle ? (double)(avr->cycle - cycle_base) / kFrequency - now_seconds() : 0.0;
  if (ahead < -0.25) restart_clock();  // the host fell behind (loaded machine): do not race to catch up
  const int timeout_ms = ahead > 0.001 ? (int)(ahead * 1000.0) : 0;
  const int ready = poll(p, client_fd >= 0 ? 3 : 2, timeout_ms);
  if (ready <= 0) return;
  if (p[0].revents & (POLLIN | POLLHUP)) read_stdin();
  if (client_fd >= 0 && (p[2].revents & (POLLIN | POLLHUP | POLLERR))) read_client();
  if (p[1].revents & POLLIN) accept_client();
}

static void no_sleep(avr_t* a, avr_cycle_count_t how_long) {
  (void)a;
  (void)how_long;  // sleeping is the throttle's job
}

static int hex_byte(const char* s) {
  unsigned v = 0;
  return sscanf(s, "%2x", &v) == 1 ? (int)v : -1;
}

// Intel HEX records 00 (data), 01 (end), 02/04 (segment/linear base); 03/05 (start address) ignored.
static void load_hex(const char* path, int is_bootloader) {
  FILE* f = fopen(path, "r");
  if (f == NULL) {
    fprintf(stderr, "dff-avr-sim: cannot open %s\n", path);
    exit(2);
  }
  char line[600];
  uint32_t base = 0, lowest = UINT32_MAX;
  int line_no = 0;
  while (fgets(line, sizeof line, f) != NULL) {
    ++line_no;
    if (line[0] != ':') continue;
    const int n = hex_byte(line + 1), hi = hex_byte(line + 3), lo = hex_byte(line + 5), type = hex_byte(line + 7);
    if (n < 0 || hi < 0 || lo < 0 || type < 0 || strlen(line) < (size_t)(11 + 2 * n)) {
      fprintf(stderr, "dff-avr-sim: %s line %d: not an Intel HEX record\n", path, line_no);
      exit(2);
    }
    uint8_t data[256];
    int sum = n + hi + lo + type;
    for (int i = 0; i <= n; ++i) {
      const int b = hex_byte(line + 9 + 2 * i);
      if (i < n) data[i] = (uint8_t)b;
      sum += b;
    }
    if ((sum & 0xFF) != 0) {
      fprintf(stderr, "dff-avr-sim: %s line %d: checksum error\n", path, line_no);
      exit(2);
    }
    if (type == 1) break;
    if (type == 2 && n == 2) base = (uint32_t)((data[0] << 8) | data[1]) << 4;
    if (type == 4 && n == 2) base = (uint32_t)((data[0] << 8) | data[1]) << 16;
    if (type != 0) continue;
    const uint32_t at = base + (uint32_t)((hi << 8) | lo);
    if ((uint64_t)at + (uint32_t)n > (uint64_t)avr->flashend + 1u) {
      fprintf(stderr, "dff-avr-sim: %s line %d: data at 0x%x runs past the end of the flash\n", path, line_no, at);
      exit(2);
    }
    memcpy(avr->flash + at, data, (size_t)n);
    if (at < lowest) lowest = at;
  }
  fclose(f);
  if (is_bootloader) avr->reset_pc = lowest;  // BOOTRST: reset starts the bootloader
}

static void open_socket(int port) {
  listen_fd = socket(AF_INET, SOCK_STREAM, 0);
  const int one = 1;
  setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(listen_fd, (struct sockaddr*)&a, sizeof a) != 0 || listen(listen_fd, 2) != 0) die("cannot listen on the TCP port");
  socklen_t len = sizeof a;
  getsockname(listen_fd, (struct sockaddr*)&a, &len);
  fcntl(listen_fd, F_SETFL, O_NONBLOCK);
  say("listening %d", ntohs(a.sin_port));
}

int main(int argc, char** argv) {
  const char* boot = NULL;
  const char* app = NULL;
  const char* mcu = "atmega328p";
  int port = 0;
  for (int i = 1; i < argc; ++i) {
    if (strcmp(argv[i], "--bootloader") == 0 && i + 1 < argc) boot = argv[++i];
    else if (strcmp(argv[i], "--app") == 0 && i + 1 < argc) app = argv[++i];
    else if (strcmp(argv[i], "--mcu") == 0 && i + 1 < argc) mcu = argv[++i];
    else if (strcmp(argv[i], "--port") == 0 && i + 1 < argc) port = atoi(argv[++i]);
    else if (strcmp(argv[i], "--no-throttle") == 0) throttle = 0;
    else if (strcmp(argv[i], "--no-auto-reset") == 0) auto_reset = 0;
    else {
      fprintf(stderr, "usage: %s --bootloader boot.hex [--app app.hex] [--mcu NAME] [--port N] [--no-throttle] [--no-auto-reset]\n", argv[0]);
      return 2;
    }
  }
  if (boot == NULL) die("--bootloader is required (Optiboot or ATmegaBOOT hex)");
  signal(SIGPIPE, SIG_IGN);
  avr = avr_make_mcu_by_name(mcu);
  if (avr == NULL) die("simavr does not know this --mcu");
  avr_init(avr);
  avr->frequency = kFrequency;
  avr->vcc = avr->avcc = avr->aref = 5000;  // millivolts: a 5 V board
  avr->log = LOG_ERROR;
  avr->sleep = no_sleep;
  memset(avr->flash, 0xFF, avr->flashend + 1u);  // erased flash, as a new chip
  load_hex(boot, 1);
  if (app != NULL) load_hex(app, 0);
  avr->codeend = avr->flashend;
  avr_reset(avr);
  avr_regbit_set(avr, avr->reset_flags.porf);  // power-on: Optiboot starts the application

  uint32_t flags = 0;
  avr_ioctl(avr, AVR_IOCTL_UART_GET_FLAGS('0'), &flags);
  // No console echo; and no sleeping when the program polls the status register for a byte
  // (simavr's default): Optiboot does that, and would run at a quarter of real time.
  flags &= ~(uint32_t)(AVR_UART_FLAG_STDIO | AVR_UART_FLAG_POLL_SLEEP);
  avr_ioctl(avr, AVR_IOCTL_UART_SET_FLAGS('0'), &flags);
  avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUTPUT), uart_output, NULL);
  avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUT_XON), uart_xon, NULL);
  avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUT_XOFF), uart_xoff_cb, NULL);
  avr_register_io_write(avr, kGpior0, on_gpior0, NULL);
  avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ('B'), IOPORT_IRQ_PIN5), on_led, NULL);

  open_socket(port);
  fcntl(0, F_SETFL, O_NONBLOCK);
  restart_clock();
  avr_cycle_count_t next_service = avr->cycle + kPollCycles;
  int stopped = 0;
  for (;;) {
    const int state = avr_run(avr);
    if (state == cpu_Done || state == cpu_Crashed) {
      // A crashed or stopped program waits for a reset, as a hung board does.
      if (!stopped) say("stopped %s at pc 0x%04x", state == cpu_Crashed ? "crashed" : "done", (unsigned)avr->pc);
      stopped = 1;
      avr->cycle += kPollCycles;
    } else {
      stopped = 0;
    }
    if (avr->cycle >= next_service) {
      service();
      next_service = avr->cycle + kPollCycles;
    }
  }
}
