/*
 * REPL modes, following the byte protocol of MicroPython's shared/runtime/pyexec.c (blocking variant,
 * as on the rp2 port) so that hosts written for real MicroPython work unchanged:
 *   raw REPL:   "raw REPL; CTRL-B to exit\r\n>" ; program + ^D -> "OK" stdout ^D stderr ^D ">"
 *   raw-paste:  ^E 'A' ^A -> "R\x01" + window (u16 LE) + "\x01"; one "\x01" credit per window consumed;
 *               ^D ends (device answers "\x04"), then stdout ^D stderr ^D ">".
 *   ^D on an empty raw line: "OK\r\n" then a soft reset ("MPY: soft reboot\r\n", raw REPL again).
 */
#include "repl.h"

#include <stdint.h>

#include "console.h"
#include "program.h"

#define CTRL_A 0x01
#define CTRL_B 0x02
#define CTRL_C 0x03
#define CTRL_D 0x04
#define CTRL_E 0x05

#define RAW_PASTE_WINDOW 128u /* MicroPython: half of MICROPY_REPL_STDIN_BUFFER_MAX (256) */
#define FRIENDLY_LINE_MAX 256u

static uint8_t program[PROGRAM_MAX];

/* Runs the program and prints stdout, ^D, error text, ^D (MicroPython's EXEC_FLAG_PRINT_EOF). */
static void execute(size_t len, size_t received) {
    const char *error = program_run(program, len, received);
    console_write("\x04", 1);
    console_puts(error);
    console_write("\x04", 1);
}

static void raw_paste(uint8_t command) {
    if (command != 'A' || !program_raw_paste_enabled) {
        console_write("R\x00", 2); /* understood, not supported */
        return;
    }
    const uint8_t header[5] = {'R', 0x01, RAW_PASTE_WINDOW & 0xff, RAW_PASTE_WINDOW >> 8, 0x01};
    console_write(header, sizeof header);
    size_t len = 0, received = 0;
    uint32_t window_remain = RAW_PASTE_WINDOW;
    for (;;) {
        int c = console_getc();
        if (c == CTRL_C || c == CTRL_D) {
            console_write("\x04", 1); /* end of data acknowledged */
            if (c == CTRL_C) {
                /* Interrupted while "compiling": MicroPython raises KeyboardInterrupt without traceback. */
                console_write("\x04", 1);
                console_puts("KeyboardInterrupt: \r\n");
                console_write("\x04", 1);
                return;
            }
            break;
        }
        if (len < PROGRAM_MAX) program[len++] = (uint8_t)c;
        received++;
        if (--window_remain == 0) {
            console_write("\x01", 1);
            window_remain = RAW_PASTE_WINDOW;
        }
    }
    execute(len, received);
}

int repl_raw(repl_mode_t *mode) {
reset:
    console_puts("raw REPL; CTRL-B to exit\r\n");
    for (;;) {
        size_t len = 0, received = 0;
        console_puts(">");
        for (;;) {
            int c = console_getc();
            if (c == CTRL_A) {
                if (received == 2 && program[0] == CTRL_E) {
                    raw_paste(program[1]);
                    len = received = 0;
                    console_puts(">");
                    continue;
                }
                goto reset;
            } else if (c == CTRL_B) {
                console_puts("\r\n");
                *mode = REPL_FRIENDLY;
                return 0;
            } else if (c == CTRL_C) {
                len = received = 0;
            } else if (c == CTRL_D) {
                break;
            } else {
                if (len < PROGRAM_MAX) program[len++] = (uint8_t)c;
                received++;
            }
        }
        console_puts("OK");
        if (received == 0) {
            console_puts("\r\n");
            return 1; /* soft reset */
        }
        execute(len, received);
    }
}

int repl_friendly(repl_mode_t *mode) {
    static uint8_t line[FRIENDLY_LINE_MAX];
reset:
    console_puts(BANNER "\r\n");
    for (;;) {
        size_t len = 0;
        int last = 0;
        console_puts(">>> ");
        for (;;) {
            int c = console_getc();
            if (c == CTRL_A) {
                console_puts("\r\n");
                *mode = REPL_RAW;
                return 0;
            } else if (c == CTRL_B) {
                console_puts("\r\n");
                goto reset;
            } else if (c == CTRL_C) {
                console_puts("\r\nKeyboardInterrupt\r\n");
                break;
            } else if (c == CTRL_D) {
                if (len == 0) {
                    console_puts("\r\n");
                    return 1; /* soft reset */
                }
            } else if (c == '\r' || (c == '\n' && last != '\r')) {
                console_puts("\r\n");
                if (len) {
                    console_puts("you said: ");
                    console_write(line, len);
                    console_puts("\r\n");
                }
                break;
            } else if (c == 0x08 || c == 0x7f) {
                if (len) {
                    len--;
                    console_puts("\b \b");
                }
            } else if (c >= 0x20 || c == '\t') {
                if (len < FRIENDLY_LINE_MAX) {
                    line[len++] = (uint8_t)c;
                    uint8_t ch = (uint8_t)c;
                    console_write(&ch, 1);
                }
            }
            last = c;
        }
    }
}
