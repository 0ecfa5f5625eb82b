/* usb-repl test firmware: a USB CDC serial device speaking MicroPython's REPL protocol (not Python). */
#include "console.h"
#include "crc32.h"
#include "repl.h"
#include "usb_cdc.h"

int main(void) {
    crc32_init();
    usb_cdc_init();
    repl_mode_t mode = REPL_FRIENDLY;
    for (;;) {
        int soft_reset = mode == REPL_RAW ? repl_raw(&mode) : repl_friendly(&mode);
        if (soft_reset) console_puts("MPY: soft reboot\r\n");
    }
}
