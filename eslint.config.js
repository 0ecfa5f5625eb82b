// Lint: typescript-eslint's type-aware recommended rules; formatting is Prettier's job.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'firmware/cache/', 'test/artifacts/', 'test/.build/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', 'bin/*.mjs', 'test/pico/*.mjs'] } },
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      // Boards and backends implement Promise-returning interfaces; an async method without
      // await still turns a throw into a rejection, which callers rely on.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Serial protocols are made of control characters.
      'no-control-regex': 'off',
    },
  },
  {
    // Lit calls `@event=${this.method}` listeners with the element as `this`.
    files: ['src/ui/**/*.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  prettier,
);
