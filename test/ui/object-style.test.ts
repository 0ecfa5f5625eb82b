// object-style.ts: every kind and role has a look, and every token it names exists in tokens.css.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ObjectKind, ObjectRole } from '../../src/model/heap-snapshot';
import { LEGEND, kindToken, legendFor, styleFor } from '../../src/ui/object-style';

const TOKENS = readFileSync(resolve(import.meta.dirname, '../../src/ui/styles/tokens.css'), 'utf8');
const KINDS: ObjectKind[] = [
  'list',
  'tuple',
  'dict',
  'set',
  'frozenset',
  'str',
  'bytes',
  'bytearray',
  'float',
  'int',
  'instance',
  'class',
  'function',
  'closure',
  'bound_method',
  'cell',
  'module',
  'opaque',
  'raw',
];

describe('object-style', () => {
  it('names only tokens that tokens.css defines', () => {
    for (const e of LEGEND) expect(TOKENS, e.token).toContain(`${e.token}:`);
    for (const kind of KINDS) expect(TOKENS, kind).toContain(`${kindToken(kind)}:`);
  });

  it('colours by kind, fades what the next collection frees', () => {
    expect(kindToken('frozenset')).toBe('--phl-kind-set');
    expect(styleFor({ kind: 'list', role: 'live' })).toMatchObject({ token: '--phl-kind-list', fades: false });
    expect(styleFor({ kind: 'list', role: 'garbage' })).toMatchObject({ token: '--phl-kind-list', fades: true });
  });

  it('draws internal objects in their role colour unless showInternal', () => {
    const roles: [ObjectRole, string, boolean][] = [
      ['firmware', '--phl-role-firmware', false],
      ['compiler', '--phl-role-compiler', true],
    ];
    for (const [role, token, fades] of roles) {
      expect(styleFor({ kind: 'dict', role }, { showInternal: false })).toMatchObject({ token, fades });
      expect(styleFor({ kind: 'dict', role }, { showInternal: true }).token).toBe('--phl-kind-dict');
    }
  });

  it('lists the legend entries in use, in legend order, free always', () => {
    const styles = [styleFor({ kind: 'str', role: 'live' }), styleFor({ kind: 'list', role: 'garbage' })];
    expect(legendFor(styles).map((e) => e.key)).toEqual(['list', 'str', 'free']);
  });
});
