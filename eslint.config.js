// ESLint for every TypeScript and JavaScript file of the repository: typescript-eslint's
// strict type-checked rules on TypeScript (each file is checked with its package's
// tsconfig), the non-type-aware strict rules on JavaScript, and nothing about layout
// (Prettier owns it: `pnpm format`). Each package runs it on itself: `pnpm lint`.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '.runtimes/**',
      '**/dist/**',
      '**/.turbo/**',
      '**/test-output/**',
      '**/samples-build/**',
      'packages/types/src/generated/**',
    ],
  },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Numbers and booleans in template literals read naturally (`${code}`, `${status}`).
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // `void promise` marks a promise deliberately not awaited.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // No import cycles in a package's sources: a newcomer reads each folder from the entry
    // points down, and a cycle is a module that cannot be understood (or loaded) on its own.
    files: ['{apps,packages}/*/src/**/*.{ts,cts,mts}'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver()],
    },
    rules: { 'import-x/no-cycle': 'error' },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // A CommonJS source (.cts) imports with `import x = require(…)`: with verbatimModuleSyntax
    // that is how TypeScript writes a require, and `import … from` is refused there.
    files: ['**/*.cts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The reference's code samples compile against the client as the docs app sees it; the
    // docs package lints them (its lint task runs after the client is built).
    files: ['spec/code-samples/*.ts'],
    languageOptions: { parserOptions: { projectService: false, project: './apps/docs/tsconfig.json' } },
  },
  {
    // Tests state facts about values they have just checked; the non-null assertion is how
    // they say so without a branch that could hide a failure.
    files: ['**/test/**/*.ts', '**/*.test.ts', '**/*.test-d.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  prettier,
);
