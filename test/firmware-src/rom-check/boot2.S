/* Minimal second-stage bootloader. The ROM copies these 256 bytes to 0x20041f00 and calls them with
   LR = 0; rp2040js serves XIP reads without SSI setup, so all boot2 has to do is what the genuine one does
   last: point VTOR at the application's vector table, load its stack pointer and jump to its reset handler.
   The last word is the CRC-32 the ROM checks; the test build (test/support/arm-toolchain.ts) patches it in. */
  .syntax unified
  .cpu cortex-m0plus
  .thumb
  .section .boot2, "ax"
  .global boot2_entry
  .thumb_func
boot2_entry:
  ldr r0, =0x10000100      /* application vector table */
  ldr r1, =0xe000ed08      /* VTOR */
  str r0, [r1]
  ldmia r0!, {r1, r2}      /* initial SP, reset handler */
  msr msp, r1
  bx r2
  .ltorg
