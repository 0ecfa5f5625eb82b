/* RP2040 register addresses used by the usb-repl test firmware (from the RP2040 datasheet). */
#ifndef USB_REPL_REGS_H
#define USB_REPL_REGS_H

#include <stdint.h>

#define REG32(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

/* Resets */
#define RESETS_BASE        0x4000c000u
#define RESETS_RESET       REG32(RESETS_BASE + 0x0)
#define RESETS_RESET_DONE  REG32(RESETS_BASE + 0x8)
#define RESET_TIMER        (1u << 21)
#define RESET_USBCTRL      (1u << 24)

/* Timer (free-running 1 MHz counter, alarm 0 used to pace idle USB polling) */
#define TIMER_BASE         0x40054000u
#define TIMER_ALARM0       REG32(TIMER_BASE + 0x10)
#define TIMER_TIMERAWL     REG32(TIMER_BASE + 0x28)
#define TIMER_INTR         REG32(TIMER_BASE + 0x34)
#define TIMER_INTE         REG32(TIMER_BASE + 0x38)

/* USB controller registers */
#define USB_REGS_BASE      0x50110000u
#define USB_ADDR_ENDP      REG32(USB_REGS_BASE + 0x00)
#define USB_MAIN_CTRL      REG32(USB_REGS_BASE + 0x40)
#define USB_SIE_CTRL       REG32(USB_REGS_BASE + 0x4c)
#define USB_SIE_STATUS     REG32(USB_REGS_BASE + 0x50)
#define USB_BUFF_STATUS    REG32(USB_REGS_BASE + 0x58)
#define USB_EP_STALL_ARM   REG32(USB_REGS_BASE + 0x68)
#define USB_USB_MUXING     REG32(USB_REGS_BASE + 0x74)
#define USB_USB_PWR        REG32(USB_REGS_BASE + 0x78)
#define USB_INTE           REG32(USB_REGS_BASE + 0x90)
#define USB_INTS           REG32(USB_REGS_BASE + 0x98)

#define USB_MAIN_CTRL_CONTROLLER_EN   (1u << 0)
#define USB_SIE_CTRL_EP0_INT_1BUF     (1u << 29)
#define USB_SIE_CTRL_PULLUP_EN        (1u << 16)
#define USB_SIE_STATUS_BUS_RESET      (1u << 19)
#define USB_SIE_STATUS_SETUP_REC      (1u << 17)
#define USB_MUXING_TO_PHY             (1u << 0)
#define USB_MUXING_SOFTCON            (1u << 3)
#define USB_PWR_VBUS_DETECT           (1u << 2)
#define USB_PWR_VBUS_DETECT_OVERRIDE  (1u << 3)
#define USB_INT_BUFF_STATUS           (1u << 4)
#define USB_INT_BUS_RESET             (1u << 12)
#define USB_INT_SETUP_REQ             (1u << 16)

/* USB dual-port RAM (device mode layout) */
#define USB_DPRAM_BASE     0x50100000u
#define USB_DPRAM_SIZE     4096u
#define USB_EP_CTRL(ep, out)     REG32(USB_DPRAM_BASE + 0x08 + 8u * ((ep) - 1u) + ((out) ? 4u : 0u))
#define USB_EP_BUF_CTRL(ep, out) REG32(USB_DPRAM_BASE + 0x80 + 8u * (ep) + ((out) ? 4u : 0u))
#define USB_EP0_BUF_OFFSET 0x100u

#define EP_CTRL_ENABLE            (1u << 31)
#define EP_CTRL_INTERRUPT_PER_BUF (1u << 29)
#define EP_CTRL_TYPE_BULK         (2u << 26)
#define EP_CTRL_TYPE_INTERRUPT    (3u << 26)

#define BUF_CTRL_FULL      (1u << 15)
#define BUF_CTRL_LAST      (1u << 14)
#define BUF_CTRL_DATA1_PID (1u << 13)
#define BUF_CTRL_STALL     (1u << 11)
#define BUF_CTRL_AVAILABLE (1u << 10)
#define BUF_CTRL_LEN_MASK  0x3ffu

/* Cortex-M0+ system control */
#define NVIC_ISER          REG32(0xe000e100u)
#define NVIC_ICER          REG32(0xe000e180u)
#define SCB_VTOR           REG32(0xe000ed08u)
#define IRQ_TIMER_0        0u
#define IRQ_USBCTRL        5u

#endif
