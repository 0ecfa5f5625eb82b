/*
 * USB device side of the test firmware: EP0 control transfers (enumeration, CDC class requests) and
 * one CDC-ACM port (bulk OUT/IN on EP2, interrupt notification on EP1 IN, never used).
 *
 * Everything runs from usb_cdc_poll() in thread mode; the USB interrupt only wakes the core from WFE
 * (its handler masks the IRQ in the NVIC until the next poll), so no state is shared with handlers.
 * Single-buffered endpoints; buffer control words are written with one 32-bit store, as the
 * emulator (rp2040js) starts a transfer on the store that sets AVAILABLE.
 */
#include "usb_cdc.h"

#include "regs.h"
#include "usb_descriptors.h"

#define EP_BUF_NOTIFY 0x180u
#define EP_BUF_OUT    0x1c0u
#define EP_BUF_IN     0x200u

#define RX_SIZE 2048u /* power of two */
#define TX_SIZE 2048u /* power of two */

/* A host with nothing to send answers an armed OUT endpoint at once with a zero-length packet.
   Re-arming immediately would keep an idle device spinning; wait this long after an empty packet. */
#define OUT_IDLE_REARM_US 500u

static uint8_t rx_buf[RX_SIZE];
static volatile uint32_t rx_head, rx_tail; /* head: write, tail: read (free-running) */
static uint8_t tx_buf[TX_SIZE];
static uint32_t tx_head, tx_tail;

static bool configured;
static uint8_t pending_address; /* applied once the SET_ADDRESS status stage has gone out */
static bool address_pending;

/* EP0 IN data stage in progress */
static const uint8_t *ep0_data;
static uint16_t ep0_remaining;
static bool ep0_send_zlp; /* data shorter than requested and a multiple of 64: end with a ZLP */
static bool ep0_in_data_stage;
static uint32_t ep0_in_pid;
static bool ep0_expect_line_coding; /* SET_LINE_CODING data stage on EP0 OUT */

static uint8_t line_coding[7] = {0x00, 0xc2, 0x01, 0x00, 0, 0, 8}; /* 115200 8N1 */
static uint16_t control_line_state;

static bool out_armed;
static bool out_waiting_idle; /* last OUT packet was empty: re-arm when timer alarm 0 fires */
static volatile bool out_idle_elapsed; /* set by the alarm interrupt (no time comparison: the emulated
                                          alarm may fire a fraction of a microsecond early) */
static uint32_t out_pid;
static bool in_busy;
static uint32_t in_pid;

/* ---- DPRAM access (word-wise: the emulator's byte writes to DPRAM are read-modify-write anyway) ---- */

static void dpram_write(uint32_t offset, const uint8_t *src, uint32_t len) {
    for (uint32_t i = 0; i < len; i += 4) {
        uint32_t w = 0;
        for (uint32_t b = 0; b < 4 && i + b < len; b++) w |= (uint32_t)src[i + b] << (8 * b);
        REG32(USB_DPRAM_BASE + offset + i) = w;
    }
}

static void dpram_read(uint32_t offset, uint8_t *dst, uint32_t len) {
    for (uint32_t i = 0; i < len; i += 4) {
        uint32_t w = REG32(USB_DPRAM_BASE + offset + i);
        for (uint32_t b = 0; b < 4 && i + b < len; b++) dst[i + b] = (uint8_t)(w >> (8 * b));
    }
}

static void buf_ctrl_start(volatile uint32_t *reg, uint32_t value) {
    /* Real hardware wants the AVAILABLE bit set a few cycles after the rest of the word. */
    *reg = value;
    __asm volatile("nop\n nop\n nop");
    *reg = value | BUF_CTRL_AVAILABLE;
}

/* ---- EP0 ---- */

static void ep0_in_packet(void) {
    uint32_t n = ep0_remaining > USB_EP0_SIZE ? USB_EP0_SIZE : ep0_remaining;
    if (n) dpram_write(USB_EP0_BUF_OFFSET, ep0_data, n);
    ep0_data += n;
    ep0_remaining -= n;
    buf_ctrl_start(&USB_EP_BUF_CTRL(0, 0), n | BUF_CTRL_FULL | ep0_in_pid);
    ep0_in_pid ^= BUF_CTRL_DATA1_PID;
}

static void ep0_send(const uint8_t *data, uint16_t len, uint16_t requested) {
    if (len > requested) len = requested;
    ep0_data = data;
    ep0_remaining = len;
    ep0_send_zlp = len < requested && (len % USB_EP0_SIZE) == 0 && len != 0;
    ep0_in_data_stage = true;
    ep0_in_pid = BUF_CTRL_DATA1_PID;
    ep0_in_packet();
}

static void ep0_status_in(void) { /* zero-length status stage of a host-to-device request */
    ep0_in_data_stage = false;
    buf_ctrl_start(&USB_EP_BUF_CTRL(0, 0), BUF_CTRL_FULL | BUF_CTRL_DATA1_PID);
}

static void ep0_arm_out(uint32_t len) { /* OUT data stage or status stage of an IN request */
    buf_ctrl_start(&USB_EP_BUF_CTRL(0, 1), len | BUF_CTRL_DATA1_PID);
}

static void ep0_stall(void) {
    USB_EP_STALL_ARM = 3u; /* EP0 IN and OUT */
    USB_EP_BUF_CTRL(0, 0) = BUF_CTRL_STALL;
    USB_EP_BUF_CTRL(0, 1) = BUF_CTRL_STALL;
}

/* ---- CDC data endpoints ---- */

static uint32_t rx_free(void) { return RX_SIZE - (rx_head - rx_tail); }

static void out_arm(void) {
    out_armed = true;
    out_waiting_idle = false;
    buf_ctrl_start(&USB_EP_BUF_CTRL(CDC_DATA_EP, 1), CDC_DATA_SIZE | out_pid);
}

static void in_pump(void) {
    if (!configured || in_busy || tx_head == tx_tail) return;
    uint8_t packet[CDC_DATA_SIZE];
    uint32_t n = 0;
    while (n < CDC_DATA_SIZE && tx_tail != tx_head) packet[n++] = tx_buf[tx_tail++ & (TX_SIZE - 1)];
    dpram_write(EP_BUF_IN, packet, n);
    in_busy = true;
    buf_ctrl_start(&USB_EP_BUF_CTRL(CDC_DATA_EP, 0), n | BUF_CTRL_FULL | in_pid);
    in_pid ^= BUF_CTRL_DATA1_PID;
}

static void configure_endpoints(void) {
    USB_EP_CTRL(CDC_NOTIFY_EP, 0) = EP_CTRL_ENABLE | EP_CTRL_INTERRUPT_PER_BUF | EP_CTRL_TYPE_INTERRUPT | EP_BUF_NOTIFY;
    USB_EP_CTRL(CDC_DATA_EP, 1) = EP_CTRL_ENABLE | EP_CTRL_INTERRUPT_PER_BUF | EP_CTRL_TYPE_BULK | EP_BUF_OUT;
    USB_EP_CTRL(CDC_DATA_EP, 0) = EP_CTRL_ENABLE | EP_CTRL_INTERRUPT_PER_BUF | EP_CTRL_TYPE_BULK | EP_BUF_IN;
    out_pid = 0;
    in_pid = 0;
    in_busy = false;
    configured = true;
    out_arm();
}

/* ---- requests ---- */

static void handle_standard_request(const uint8_t *s, uint16_t wValue, uint16_t wLength) {
    switch (s[1]) {
        case 0x05: /* SET_ADDRESS */
            pending_address = (uint8_t)(wValue & 0x7f);
            address_pending = true;
            ep0_status_in();
            return;
        case 0x06: { /* GET_DESCRIPTOR */
            uint8_t type = (uint8_t)(wValue >> 8);
            if (type == 0x01) {
                ep0_send(usb_device_descriptor, sizeof usb_device_descriptor, wLength);
                return;
            }
            if (type == 0x02) {
                ep0_send(usb_config_descriptor, usb_config_descriptor_length, wLength);
                return;
            }
            if (type == 0x03) {
                uint16_t len;
                const uint8_t *d = usb_string_descriptor((uint8_t)wValue, &len);
                if (d) {
                    ep0_send(d, len, wLength);
                    return;
                }
            }
            break;
        }
        case 0x08: { /* GET_CONFIGURATION */
            static uint8_t value;
            value = configured ? 1 : 0;
            ep0_send(&value, 1, wLength);
            return;
        }
        case 0x09: /* SET_CONFIGURATION */
            if ((wValue & 0xff) == 1) configure_endpoints();
            else configured = false;
            ep0_status_in();
            return;
        case 0x0b: /* SET_INTERFACE (alternate 0 only) */
            ep0_status_in();
            return;
        case 0x00: { /* GET_STATUS */
            static const uint8_t zero[2] = {0, 0};
            ep0_send(zero, 2, wLength);
            return;
        }
        default:
            break;
    }
    ep0_stall();
}

static void handle_class_request(const uint8_t *s, uint16_t wValue, uint16_t wLength) {
    switch (s[1]) {
        case 0x20: /* SET_LINE_CODING: 7 bytes follow on EP0 OUT */
            ep0_expect_line_coding = true;
            ep0_arm_out(wLength < 7 ? wLength : 7);
            return;
        case 0x21: /* GET_LINE_CODING */
            ep0_send(line_coding, sizeof line_coding, wLength);
            return;
        case 0x22: /* SET_CONTROL_LINE_STATE: DTR bit 0, RTS bit 1 (recorded, not acted on) */
            control_line_state = wValue;
            ep0_status_in();
            return;
        case 0x23: /* SEND_BREAK */
            ep0_status_in();
            return;
        default:
            ep0_stall();
            return;
    }
}

static void handle_setup(void) {
    uint8_t s[8];
    dpram_read(0, s, 8);
    USB_SIE_STATUS = USB_SIE_STATUS_SETUP_REC;
    uint16_t wValue = (uint16_t)(s[2] | (s[3] << 8));
    uint16_t wLength = (uint16_t)(s[6] | (s[7] << 8));
    ep0_in_data_stage = false;
    ep0_expect_line_coding = false;
    uint8_t type = (s[0] >> 5) & 3;
    if (type == 0) handle_standard_request(s, wValue, wLength);
    else if (type == 1) handle_class_request(s, wValue, wLength);
    else ep0_stall();
}

static void bus_reset(void) {
    USB_ADDR_ENDP = 0;
    configured = false;
    address_pending = false;
    out_armed = false;
    out_waiting_idle = false;
    in_busy = false;
    ep0_in_data_stage = false;
    ep0_expect_line_coding = false;
    /* Clearing BUS_RESET last: the emulated host sends its first SETUP in reaction to this write. */
    USB_SIE_STATUS = USB_SIE_STATUS_BUS_RESET;
}

static void handle_buffers(uint32_t status) {
    if (status & (1u << 0)) { /* EP0 IN done */
        if (address_pending) {
            USB_ADDR_ENDP = pending_address;
            address_pending = false;
        } else if (ep0_in_data_stage) {
            if (ep0_remaining || ep0_send_zlp) {
                if (!ep0_remaining) ep0_send_zlp = false;
                ep0_in_packet();
            } else {
                ep0_in_data_stage = false;
                ep0_arm_out(0); /* status stage */
            }
        }
    }
    if (status & (1u << 1)) { /* EP0 OUT done */
        if (ep0_expect_line_coding) {
            uint32_t len = USB_EP_BUF_CTRL(0, 1) & BUF_CTRL_LEN_MASK;
            if (len > sizeof line_coding) len = sizeof line_coding;
            dpram_read(USB_EP0_BUF_OFFSET, line_coding, len);
            ep0_expect_line_coding = false;
            ep0_status_in();
        }
    }
    if (status & (1u << (2 * CDC_DATA_EP))) { /* bulk IN done */
        in_busy = false;
    }
    if (status & (1u << (2 * CDC_DATA_EP + 1))) { /* bulk OUT done */
        uint32_t ctrl = USB_EP_BUF_CTRL(CDC_DATA_EP, 1);
        uint32_t len = ctrl & BUF_CTRL_LEN_MASK;
        out_armed = false;
        out_pid ^= BUF_CTRL_DATA1_PID;
        if (len) {
            uint8_t packet[CDC_DATA_SIZE];
            if (len > CDC_DATA_SIZE) len = CDC_DATA_SIZE;
            dpram_read(EP_BUF_OUT, packet, len);
            for (uint32_t i = 0; i < len; i++) rx_buf[rx_head++ & (RX_SIZE - 1)] = packet[i];
        } else {
            out_waiting_idle = true;
            out_idle_elapsed = false;
            TIMER_ALARM0 = TIMER_TIMERAWL + OUT_IDLE_REARM_US;
        }
    }
}

void usb_cdc_poll(void) {
    uint32_t sie = USB_SIE_STATUS;
    if (sie & USB_SIE_STATUS_BUS_RESET) bus_reset();
    if (USB_SIE_STATUS & USB_SIE_STATUS_SETUP_REC) handle_setup();
    uint32_t buffs = USB_BUFF_STATUS;
    if (buffs) {
        USB_BUFF_STATUS = buffs; /* write 1 to clear */
        handle_buffers(buffs);
    }
    if (configured && !out_armed && rx_free() >= CDC_DATA_SIZE) {
        if (!out_waiting_idle || out_idle_elapsed) out_arm();
    }
    in_pump();
    NVIC_ISER = 1u << IRQ_USBCTRL;
}

void usb_irq_handler(void) {
    NVIC_ICER = 1u << IRQ_USBCTRL; /* usb_cdc_poll() does the work and unmasks */
}

void timer0_irq_handler(void) {
    TIMER_INTR = 1u;
    out_idle_elapsed = true;
}

void usb_cdc_wait(void) {
    __asm volatile("wfe");
}

void usb_cdc_init(void) {
    RESETS_RESET |= RESET_USBCTRL | RESET_TIMER;
    RESETS_RESET &= ~(RESET_USBCTRL | RESET_TIMER);
    while ((RESETS_RESET_DONE & (RESET_USBCTRL | RESET_TIMER)) != (RESET_USBCTRL | RESET_TIMER)) {
    }
    for (uint32_t i = 0; i < USB_DPRAM_SIZE; i += 4) REG32(USB_DPRAM_BASE + i) = 0;

    TIMER_INTE = 1u;
    NVIC_ISER = 1u << IRQ_TIMER_0;

    USB_USB_MUXING = USB_MUXING_TO_PHY | USB_MUXING_SOFTCON;
    /* No VBUS sense pin in use: force "VBUS present". */
    USB_USB_PWR = USB_PWR_VBUS_DETECT | USB_PWR_VBUS_DETECT_OVERRIDE;
    USB_MAIN_CTRL = USB_MAIN_CTRL_CONTROLLER_EN;
    USB_SIE_CTRL = USB_SIE_CTRL_EP0_INT_1BUF;
    USB_INTE = USB_INT_BUFF_STATUS | USB_INT_BUS_RESET | USB_INT_SETUP_REQ;
    USB_SIE_CTRL = USB_SIE_CTRL_EP0_INT_1BUF | USB_SIE_CTRL_PULLUP_EN; /* connect */
    NVIC_ISER = 1u << IRQ_USBCTRL;
}

bool usb_cdc_configured(void) { return configured; }

size_t usb_cdc_rx_available(void) { return rx_head - rx_tail; }

int usb_cdc_rx_get(void) {
    if (rx_head == rx_tail) return -1;
    return rx_buf[rx_tail++ & (RX_SIZE - 1)];
}

bool usb_cdc_rx_take_interrupt(void) {
    for (uint32_t i = rx_tail; i != rx_head; i++) {
        if (rx_buf[i & (RX_SIZE - 1)] == 0x03) {
            rx_tail = i + 1;
            return true;
        }
    }
    return false;
}

void usb_cdc_write(const void *data, size_t len) {
    const uint8_t *p = data;
    while (len) {
        while (tx_head - tx_tail >= TX_SIZE) {
            usb_cdc_poll();
            if (tx_head - tx_tail >= TX_SIZE) usb_cdc_wait();
        }
        while (len && tx_head - tx_tail < TX_SIZE) {
            tx_buf[tx_head++ & (TX_SIZE - 1)] = *p++;
            len--;
        }
    }
    usb_cdc_poll();
}
