// Arm semihosting: text to the host's console and the program's exit status, through the
// debugger or QEMU (-semihosting-config enable=on,target=native). Without one attached a
// semihosting call stops the CPU, so only programs meant for QEMU or a debugger call these.
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

// Writes a NUL-terminated string to the host's console.
void board_semihost_puts(const char* text);
// Ends the program; QEMU exits with `status` (0 = success).
void board_semihost_exit(int status) __attribute__((noreturn));

#ifdef __cplusplus
}
#endif
