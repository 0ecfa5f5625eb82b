/*
 * Stage-2 boot (first 256 bytes of the image). The RP2040 boot ROM either copies these 256 bytes to
 * 0x20041f00 and enters them, or (a ROM that trusts XIP) jumps to 0x10000000 directly. Real boot2
 * code configures the SSI for fast flash reads; the emulator serves XIP reads without any SSI set-up,
 * so this stage only points VTOR at the main vector table, loads its stack pointer and jumps to its
 * reset handler. Position independent (literals are PC-relative), so it runs from either address.
 * The last 4 bytes hold the CRC-32 the boot ROM checks; the build helper fills them in.
 */
    .syntax unified
    .cpu cortex-m0plus
    .thumb

    .section .boot2, "ax"
    .global boot2_entry
    .type boot2_entry, %function
    .thumb_func
boot2_entry:
    ldr r0, =0x10000100      /* main vector table, right after boot2 */
    ldr r1, =0xe000ed08      /* SCB->VTOR */
    str r0, [r1]
    ldr r1, [r0, #0]         /* initial stack pointer */
    msr msp, r1
    ldr r1, [r0, #4]         /* reset handler (Thumb bit set) */
    bx r1
    .ltorg
