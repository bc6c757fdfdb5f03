# Facts of the mps2-an385 board, read by dff_board() (../boards.cmake); paths relative to this folder.
set(cpu cortex-m3)
set(qemu_machine mps2-an385)
set(ram_bytes 65536)
set(linker_script mps2_an385.ld)
set(link_dirs ../cortex-m)
set(sources ../cortex-m/startup.c ../cortex-m/semihosting.c ../cortex-m/stack.c vectors.c clock.c analog.c)
set(driver_sources uart.c)
