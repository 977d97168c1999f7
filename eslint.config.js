// Lint rules, including the layer table of ARCHITECTURE.md as import restrictions.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'bench/results/', 'test/fixtures/', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['bridge/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'electron/*'],
              message: 'bridge/ runs under plain Node: no electron imports.',
            },
            {
              group: ['react', 'react-dom', 'react/*', 'react-dom/*'],
              message: 'bridge/ never imports React.',
            },
            { group: ['**/renderer/**', '../renderer/*'], message: 'bridge/ never imports the renderer.' },
          ],
        },
      ],
    },
  },
  {
    files: ['bridge/api/contract.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['*'], message: 'contract.ts imports nothing.' }] },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // A regex, because gitignore-style negation does not match relative paths ('../../bridge/…').
              regex: '(^|/)bridge/(?!api/contract$)',
              message: 'The renderer may import only bridge/api/contract (as types).',
            },
            {
              group: ['node:*', 'electron', 'electron/*'],
              message: 'The renderer has no Node or Electron access.',
            },
          ],
        },
      ],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/bridge/api/contract'],
              allowTypeImports: true,
              message: 'Import the contract as types only (import type …).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/renderer/**'], message: 'electron/ does not import the renderer.' }] },
      ],
    },
  },
);
