/* Vector table and reset handler: copy .data from flash, clear .bss, run main, then sleep. */
  .syntax unified
  .cpu cortex-m0plus
  .thumb

  .section .vectors, "a"
  .align 2
  .global vectors
vectors:
  .word __stack_top
  .word reset_handler
  .word fault_handler      /* NMI */
  .word fault_handler      /* HardFault */

  .text
  .global reset_handler
  .thumb_func
reset_handler:
  ldr r0, =__data_start
  ldr r1, =__data_end
  ldr r2, =__data_load
1:
  cmp r0, r1
  bhs 2f
  ldr r3, [r2]
  str r3, [r0]
  adds r0, #4
  adds r2, #4
  b 1b
2:
  ldr r0, =__bss_start
  ldr r1, =__bss_end
  movs r3, #0
3:
  cmp r0, r1
  bhs 4f
  str r3, [r0]
  adds r0, #4
  b 3b
4:
  bl main
5:
  wfi
  b 5b

  .thumb_func
  .global fault_handler
fault_handler:
  bl report_fault
6:
  b 6b

/* uint32_t call_flags2(fn, a, b): calls fn(a, b) and returns the APSR it leaves (N Z C V in bits 31..28). */
  .global call_flags2
  .thumb_func
call_flags2:
  push {r4, lr}
  mov r4, r0
  mov r0, r1
  mov r1, r2
  blx r4
  mrs r0, apsr
  pop {r4, pc}

/* uint32_t call_flags4(fn, uint64_t a, uint64_t b): double version; AAPCS puts a in r2:r3 and b on
   the stack, the callee wants them in r0:r1 and r2:r3. */
  .global call_flags4
  .thumb_func
call_flags4:
  push {r4, lr}
  mov r4, r0
  mov r0, r2
  mov r1, r3
  ldr r2, [sp, #8]
  ldr r3, [sp, #12]
  blx r4
  mrs r0, apsr
  pop {r4, pc}

/* uint64_t call_hi_pair(fn, uint64_t a): calls fn(a) and returns what it left in r2:r3 (dsincos's
   cosine). AAPCS passes a in r2:r3 here; the callee wants it in r0:r1. */
  .global call_hi_pair
  .thumb_func
call_hi_pair:
  push {r4, lr}
  mov r4, r0
  mov r0, r2
  mov r1, r3
  blx r4
  mov r0, r2
  mov r1, r3
  pop {r4, pc}

/* uint32_t call_preserves(fn): calls a no-argument ROM function with r4-r7 holding a pattern and
   returns 1 when they (callee-saved) survive. */
  .global call_preserves
  .thumb_func
call_preserves:
  push {r4-r7, lr}
  mov r3, r0
  ldr r4, =0x44444444
  ldr r5, =0x55555555
  ldr r6, =0x66666666
  ldr r7, =0x77777777
  blx r3
  movs r0, #0
  ldr r1, =0x44444444
  cmp r4, r1
  bne 7f
  ldr r1, =0x55555555
  cmp r5, r1
  bne 7f
  ldr r1, =0x66666666
  cmp r6, r1
  bne 7f
  ldr r1, =0x77777777
  cmp r7, r1
  bne 7f
  movs r0, #1
7:
  pop {r4-r7, pc}
  .ltorg
