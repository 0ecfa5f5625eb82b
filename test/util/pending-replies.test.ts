// Matching a worker's replies to requests (src/util/pending-replies.ts), which both boards' page
// sides use: each reply reaches its own request, a failure rejects it, and when the worker goes
// away every request still waiting fails instead of hanging.
import { expect, test } from 'vitest';
import { PendingReplies } from '../../src/util/pending-replies';

test('replies reach their requests; failAll rejects what still waits', async () => {
  const replies = new PendingReplies<string>();
  const sent: number[] = [];
  const a = replies.request((id) => sent.push(id));
  const b = replies.request((id) => sent.push(id));
  const c = replies.request((id) => sent.push(id));
  expect(sent).toEqual([1, 2, 3]);
  replies.resolve(2, 'two');
  replies.reject(1, new Error('bad request'));
  replies.resolve(2, 'late duplicate'); // nothing waits for it any more
  await expect(b).resolves.toBe('two');
  await expect(a).rejects.toThrow('bad request');
  replies.failAll(new Error('worker gone'));
  await expect(c).rejects.toThrow('worker gone');
});
