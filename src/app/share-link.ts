/**
 * A share link: the program, the lesson and the step, in the URL's fragment (`#program=…&lesson=…
 * &step=…`), so a teacher can send an exercise and a learner can ask for help. The fragment never
 * reaches the server, and any static host serves it.
 */
export interface SharedState {
  program?: string;
  /** A lesson's slug (`02-names-and-objects`). */
  lesson?: string;
  /** The step to show (1 = the first pause), when the program was being stepped. */
  step?: number;
}

/** Programs longer than this are not put in a link (browsers and chat tools cut long URLs). */
export const MAX_SHARED_PROGRAM = 16_000;

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** The fragment for `state` (without `#`). Throws if the program is too long for a link. */
export function encodeShare(state: SharedState): string {
  const params = new URLSearchParams();
  if (state.program !== undefined) {
    if (state.program.length > MAX_SHARED_PROGRAM)
      throw new Error(
        `the program is too long for a link (${state.program.length} characters; at most ${MAX_SHARED_PROGRAM})`,
      );
    params.set('program', toBase64Url(state.program));
  }
  if (state.lesson) params.set('lesson', state.lesson);
  if (state.step !== undefined && state.step > 0) params.set('step', String(state.step));
  return params.toString();
}

/**
 * Reads a fragment (with or without `#`). Parts that are damaged are left out and named in
 * `problems`; the rest still applies.
 */
export function decodeShare(fragment: string): { state: SharedState; problems: string[] } {
  const params = new URLSearchParams(fragment.replace(/^#/, ''));
  const state: SharedState = {};
  const problems: string[] = [];
  const program = params.get('program');
  if (program !== null) {
    try {
      state.program = fromBase64Url(program);
    } catch {
      problems.push('the program in the link is damaged (it may have been cut short)');
    }
  }
  const lesson = params.get('lesson');
  if (lesson !== null) {
    if (/^[a-z0-9-]+$/.test(lesson)) state.lesson = lesson;
    else problems.push(`"${lesson}" is not a lesson name`);
  }
  const step = params.get('step');
  if (step !== null) {
    const n = Number(step);
    if (Number.isInteger(n) && n > 0 && n <= 1000) state.step = n;
    else problems.push(`"${step}" is not a step number`);
  }
  return { state, problems };
}
