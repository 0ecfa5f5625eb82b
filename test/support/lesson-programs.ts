/** Programs several tests step or run: one place, so they stay the same program. */

/** Names and objects: two names for one list, a copy, and a function that mutates its argument. */
export const ALIASING_PROGRAM = [
  'list1 = [1, 2, 3]',
  'list2 = list1',
  'list3 = list(list1)',
  'def add(xs):',
  '    xs.append(4)',
  'add(list1)',
  'print(list1, list3)',
].join('\n');
