# Facts of the ATmega328P board (Arduino Uno, Nano), read by dff_board() (../boards.cmake);
# paths relative to this folder. avr-gcc programs: firmware/ports/cmake/avr_firmware.cmake.
set(cpu atmega328p)
set(ram_bytes 2048)
set(linker_script atmega328p.ld)
set(sources clock.c stack.c)
set(driver_sources uart.c analog.c)
