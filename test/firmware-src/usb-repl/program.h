/*
 * "Execution" of a program received over the REPL. This is a test device, not Python: it reports
 * what arrived (length, CRC-32, line count) and understands four kinds of line (see README.md).
 */
#ifndef USB_REPL_PROGRAM_H
#define USB_REPL_PROGRAM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PROGRAM_MAX 65536u

/* Whether raw-paste mode is offered (answer R\x01) or refused (R\x00). Lines "#nopaste" and
   "#paste" in a program change it; it survives soft resets. */
extern bool program_raw_paste_enabled;

/* Runs the program: writes its stdout to the console and returns the error text (a MicroPython-style
   traceback) or "" when it ends normally. `truncated_len` > len means the host sent more than
   PROGRAM_MAX bytes: only `len` were kept, which is reported as a MemoryError. */
const char *program_run(const uint8_t *text, size_t len, size_t received_len);

#endif
