/* MicroPython's REPL byte protocol (friendly REPL, raw REPL, raw-paste), over the console. */
#ifndef USB_REPL_REPL_H
#define USB_REPL_REPL_H

typedef enum { REPL_FRIENDLY, REPL_RAW } repl_mode_t;

#define BANNER "TestFirmware usb-repl v1; Pico Heap Lab test device"

/* Each returns when the mode changes (*mode updated) or a soft reset is requested (returns 1). */
int repl_friendly(repl_mode_t *mode);
int repl_raw(repl_mode_t *mode);

#endif
