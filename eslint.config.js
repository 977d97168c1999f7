// Lint rules, including bridge/'s layer order (bridge/layers.json) as import restrictions: a folder of
// bridge/ imports only from its own folder and the layers below it; electron/ enters through one door.
import { readFileSync } from 'node:fs';
import { URL } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const LAYERS = JSON.parse(readFileSync(new URL('./bridge/layers.json', import.meta.url), 'utf8')).layers.map(
  (l) => l.folder,
);
/** The entries at bridge/'s root: they assemble the layers, and nothing inside a layer imports them. */
const ENTRIES = ['core', 'serve', 'desktop'];

/** What every file of bridge/ may not import. */
const BRIDGE_PATTERNS = [
  { group: ['electron', 'electron/*'], message: 'bridge/ runs under plain Node: no electron imports.' },
  { group: ['react', 'react-dom', 'react/*', 'react-dom/*'], message: 'bridge/ never imports React.' },
  { group: ['**/renderer/**', '../renderer/*'], message: 'bridge/ never imports the renderer.' },
];

/** One block per layer: the layers above it (and the entries) are out of reach. */
const layerBlocks = LAYERS.map((folder, rank) => {
  const above = LAYERS.slice(rank + 1);
  const patterns = [
    ...BRIDGE_PATTERNS,
    {
      regex: `(^|/)\\.\\./(\\.\\./)*(${ENTRIES.join('|')})$`,
      message: `bridge/${folder}/ is a layer: it does not import the entries that assemble it (bridge/layers.json).`,
    },
  ];
  if (above.length)
    patterns.push({
      regex: `^\\.\\.?/(\\.\\./)*(${above.join('|')})/`,
      message: `bridge/${folder}/ imports only from itself and the layers below it (${LAYERS.slice(0, rank).join(', ') || 'none'}); see bridge/layers.json.`,
    });
  if (folder === 'domain')
    patterns.push({
      regex: '^(?!\\./)',
      message: 'bridge/domain/ holds the words: it imports nothing outside itself.',
    });
  return { files: [`bridge/${folder}/**/*.ts`], rules: { 'no-restricted-imports': ['error', { patterns }] } };
});

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
    // Type-aware: a promise nobody awaits, handles or marks `void` is a failure nobody will hear of.
    files: [
      'bridge/**/*.ts',
      'electron/**/*.ts',
      'renderer/src/**/*.{ts,tsx}',
      'bench/**/*.ts',
      'test/**/*.{ts,tsx}',
    ],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  {
    files: ['bridge/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: BRIDGE_PATTERNS }] },
  },
  ...layerBlocks,
  {
    files: ['bridge/api/contract.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\.\\./domain/)',
              message: 'contract.ts imports only the domain words (bridge/domain/), as types.',
            },
          ],
        },
      ],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../domain/*'],
              allowTypeImports: true,
              message: 'contract.ts imports the domain words as types only.',
            },
          ],
        },
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
              regex: '(^|/)bridge/(?!api/(contract|listen-frame)$)',
              message:
                'The renderer may import only bridge/api/contract (as types) and the listen-frame codec (plain code).',
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
        {
          patterns: [
            { group: ['**/renderer/**'], message: 'electron/ does not import the renderer.' },
            {
              regex: '(^|/)bridge/(?!desktop$)',
              message: 'electron/ enters the core through one door: bridge/desktop.ts.',
            },
          ],
        },
      ],
    },
  },
);
