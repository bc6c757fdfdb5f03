# Facts of the micro:bit board, read by dff_board() (../boards.cmake); paths relative to this folder.
set(cpu cortex-m0)
set(qemu_machine microbit)
set(ram_bytes 16384)
set(linker_script microbit.ld)
set(link_dirs ../cortex-m)
set(sources ../cortex-m/startup.c ../cortex-m/semihosting.c ../cortex-m/stack.c)
set(driver_sources "")
