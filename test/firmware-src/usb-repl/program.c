#include "program.h"

#include "console.h"
#include "crc32.h"
#include "usb_cdc.h"

bool program_raw_paste_enabled = true;

static char error_text[200];
static size_t error_len;

static void err_add(const char *s) {
    while (*s && error_len < sizeof error_text - 1) error_text[error_len++] = *s++;
    error_text[error_len] = 0;
}

static void err_add_n(const char *s, size_t n) {
    while (n-- && error_len < sizeof error_text - 1) error_text[error_len++] = *s++;
    error_text[error_len] = 0;
}

static void err_add_uint(uint32_t v) {
    char buf[10];
    int i = sizeof buf;
    do {
        buf[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    err_add_n(buf + i, sizeof buf - (size_t)i);
}

static void err_traceback(uint32_t line, const char *exception) {
    err_add("Traceback (most recent call last):\r\n  File \"<stdin>\", line ");
    err_add_uint(line);
    err_add(", in <module>\r\n");
    err_add(exception);
}

/* Does [s, s+n) start with / contain the NUL-terminated word w? */
static bool starts_with(const uint8_t *s, size_t n, const char *w) {
    size_t i = 0;
    for (; w[i]; i++) {
        if (i >= n || s[i] != (uint8_t)w[i]) return false;
    }
    return true;
}

static bool contains(const uint8_t *s, size_t n, const char *w) {
    for (size_t i = 0; i < n; i++) {
        if (starts_with(s + i, n - i, w)) return true;
    }
    return false;
}

/* Parses a Python string literal at s (quote ' or "); writes its value through `emit` one byte at a
   time. Returns false when there is no complete literal. Escapes: \n \r \t \\ \' \". */
static bool string_literal(const uint8_t *s, size_t n, void (*emit)(uint8_t)) {
    if (n == 0 || (s[0] != '\'' && s[0] != '"')) return false;
    uint8_t quote = s[0];
    size_t end = 1;
    while (end < n && s[end] != quote) end += (s[end] == '\\') ? 2 : 1;
    if (end >= n) return false;
    for (size_t i = 1; i < end; i++) {
        uint8_t c = s[i];
        if (c == '\\' && i + 1 < end) {
            c = s[++i];
            if (c == 'n') c = '\n';
            else if (c == 'r') c = '\r';
            else if (c == 't') c = '\t';
        }
        emit(c);
    }
    return true;
}

/* stdout converts "\n" to "\r\n", like MicroPython's. */
static void emit_stdout(uint8_t c) {
    if (c == '\n') console_write("\r", 1);
    console_write(&c, 1);
}

static void emit_error(uint8_t c) {
    if (c == '\n') err_add("\r");
    err_add_n((const char *)&c, 1);
}

static size_t skip_spaces(const uint8_t *s, size_t n, size_t i) {
    while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
    return i;
}

/* Spins (polling USB, no sleep: a running program keeps the core busy) until Ctrl-C arrives. */
static void busy_loop_until_interrupt(void) {
    for (;;) {
        usb_cdc_poll();
        if (usb_cdc_rx_take_interrupt()) return;
    }
}

/* One line; returns false when it raised (error_text filled). */
static bool run_line(const uint8_t *s, size_t n, uint32_t line_no) {
    size_t i = skip_spaces(s, n, 0);
    const uint8_t *t = s + i;
    size_t m = n - i;
    if (starts_with(t, m, "#nopaste")) {
        program_raw_paste_enabled = false;
        return true;
    }
    if (starts_with(t, m, "#paste")) {
        program_raw_paste_enabled = true;
        return true;
    }
    if (starts_with(t, m, "#")) return true;
    if (contains(t, m, "while True: pass")) {
        busy_loop_until_interrupt();
        err_traceback(line_no, "KeyboardInterrupt: \r\n");
        return false;
    }
    if (starts_with(t, m, "raise ValueError")) {
        err_traceback(line_no, "ValueError: ");
        size_t j = skip_spaces(t, m, 16);
        if (j < m && t[j] == '(') {
            j = skip_spaces(t, m, j + 1);
            string_literal(t + j, m - j, emit_error);
        }
        err_add("\r\n");
        return false;
    }
    if (starts_with(t, m, "print(")) {
        size_t j = skip_spaces(t, m, 6);
        if (string_literal(t + j, m - j, emit_stdout)) console_write("\r\n", 2);
    }
    return true;
}

const char *program_run(const uint8_t *text, size_t len, size_t received_len) {
    error_len = 0;
    error_text[0] = 0;
    if (received_len > len) {
        err_add("MemoryError: program longer than the test device's buffer\r\n");
        return error_text;
    }

    uint32_t lines = 0;
    for (size_t i = 0; i < len; i++) lines += text[i] == '\n';
    if (len && text[len - 1] != '\n') lines++;

    console_puts("len=");
    console_put_uint((uint32_t)len);
    console_puts(" crc32=");
    console_put_hex8(crc32_update(0, text, len));
    console_puts(" lines=");
    console_put_uint(lines);
    console_puts("\r\n");

    size_t start = 0;
    uint32_t line_no = 1;
    while (start < len) {
        size_t end = start;
        while (end < len && text[end] != '\n') end++;
        size_t line_end = end;
        if (line_end > start && text[line_end - 1] == '\r') line_end--;
        if (!run_line(text + start, line_end - start, line_no)) return error_text;
        start = end + 1;
        line_no++;
    }
    return error_text;
}
