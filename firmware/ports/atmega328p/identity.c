// The firmware identity at a fixed address right after the vector table (see atmega328p.ld):
// "DFFI" and the build id as 8 hex digits, ASCII. The build writes the id after linking
// (image.cmake: the first 32 bits of the SHA-256 of the image with these digits as zeros); the
// page reads it through the bootloader to tell whether a board already runs this build (then
// it writes only the model region), and the firmware compares it with the model region's.
#include <avr/pgmspace.h>

const char dff_fw_identity[12] __attribute__((section(".fw_identity"), used)) = {
    'D', 'F', 'F', 'I', '0', '0', '0', '0', '0', '0', '0', '0'};
