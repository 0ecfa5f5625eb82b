/**
 * The one place that says how an object looks: its colour token (src/ui/styles/tokens.css) and
 * legend label, from its kind and role. The heap graph, the memory map and their legends all draw
 * from here, so a list is the same blue in every view.
 */
import type { ObjectKind, ObjectRole } from '../model/heap-snapshot';

/** Kinds a learner tells apart; the decoder's finer kinds fold into these (frozenset is a set). */
export type KindGroup =
  'list' | 'tuple' | 'dict' | 'set' | 'str' | 'bytes' | 'int' | 'float' | 'instance' | 'function' | 'other' | 'raw';

/** A legend entry's identity: a kind group, or a role drawn as one colour, or free memory. */
export type StyleKey = KindGroup | 'compiler' | 'firmware' | 'free';

export interface ObjectStyle {
  key: StyleKey;
  /** A CSS custom property name, e.g. `--phl-kind-list`. */
  token: string;
  label: string;
  /** Freed at the next gc.collect() (garbage, compiler leftovers): drawn lighter / hatched. */
  fades: boolean;
}

const GROUP: Record<ObjectKind, KindGroup> = {
  list: 'list',
  tuple: 'tuple',
  dict: 'dict',
  set: 'set',
  frozenset: 'set',
  str: 'str',
  bytes: 'bytes',
  bytearray: 'bytes',
  int: 'int',
  float: 'float',
  instance: 'instance',
  // Code and namespaces: one quiet colour, they are rarely what a lesson is about.
  class: 'function',
  function: 'function',
  closure: 'function',
  bound_method: 'function',
  module: 'function',
  cell: 'other',
  opaque: 'other',
  raw: 'raw',
};

/** Every legend entry, in the order legends list them. */
export const LEGEND: readonly { key: StyleKey; token: string; label: string }[] = [
  { key: 'list', token: '--phl-kind-list', label: 'list' },
  { key: 'tuple', token: '--phl-kind-tuple', label: 'tuple' },
  { key: 'dict', token: '--phl-kind-dict', label: 'dict' },
  { key: 'set', token: '--phl-kind-set', label: 'set' },
  { key: 'str', token: '--phl-kind-str', label: 'str' },
  { key: 'bytes', token: '--phl-kind-bytes', label: 'bytes' },
  // Small ints live inside the slot that holds them; only big ones take heap blocks.
  { key: 'int', token: '--phl-kind-int', label: 'int (big)' },
  { key: 'float', token: '--phl-kind-float', label: 'float' },
  { key: 'instance', token: '--phl-kind-instance', label: 'instance' },
  { key: 'function', token: '--phl-kind-function', label: 'function / class' },
  { key: 'other', token: '--phl-kind-other', label: 'other object' },
  { key: 'raw', token: '--phl-kind-raw', label: 'untyped block' },
  { key: 'compiler', token: '--phl-role-compiler', label: 'compiler leftover' },
  { key: 'firmware', token: '--phl-role-firmware', label: 'firmware-internal' },
  { key: 'free', token: '--phl-kind-free', label: 'free' },
];

/** How the legend explains a faded (hatched) entry. */
export const FADES_LABEL = 'garbage: freed at the next gc.collect()';

const BY_KEY = new Map(LEGEND.map((e) => [e.key, e]));

function entry(key: StyleKey, fades: boolean): ObjectStyle {
  const e = BY_KEY.get(key)!;
  return { key, token: e.token, label: e.label, fades };
}

export const FREE_STYLE: ObjectStyle = entry('free', false);

export function kindGroup(kind: ObjectKind): KindGroup {
  return GROUP[kind] ?? 'other';
}

/** The colour token of a kind, e.g. `--phl-kind-list`. */
export function kindToken(kind: ObjectKind): string {
  return BY_KEY.get(kindGroup(kind))!.token;
}

/**
 * An object's look. With `showInternal` off (the map's default) firmware-internal objects and
 * compiler leftovers are drawn in their role's colour: their kind means nothing to a learner, that
 * the memory is taken (or about to be freed) does. Garbage keeps its kind colour, faded, so
 * `del a` visibly turns the learner's own list into "will be freed".
 */
export function styleFor(object: { kind: ObjectKind; role: ObjectRole }, opts: { showInternal?: boolean } = {}) {
  const { kind, role } = object;
  const fades = role === 'garbage' || role === 'compiler';
  if (opts.showInternal === false && (role === 'firmware' || role === 'compiler')) return entry(role, fades);
  return entry(kindGroup(kind), fades);
}

/** The legend entries the given styles use, in LEGEND order (plus free, always). */
export function legendFor(styles: Iterable<ObjectStyle>): { key: StyleKey; token: string; label: string }[] {
  const used = new Set<StyleKey>(['free']);
  for (const s of styles) used.add(s.key);
  return LEGEND.filter((e) => used.has(e.key));
}

const FALLBACK = '#a8b0ba';

/**
 * Resolves tokens to concrete colours for canvas drawing (a canvas cannot use var()). Reads the
 * element's computed style once; tokens inherit into shadow roots, so the host element will do.
 */
export function tokenResolver(element: Element): (token: string) => string {
  const computed = getComputedStyle(element);
  const cache = new Map<string, string>();
  return (token) => {
    let colour = cache.get(token);
    if (colour === undefined) {
      colour = computed.getPropertyValue(token).trim() || FALLBACK;
      cache.set(token, colour);
    }
    return colour;
  };
}

/** One token's colour on an element (see tokenResolver for many). */
export function resolveToken(element: Element, token: string): string {
  return tokenResolver(element)(token);
}
