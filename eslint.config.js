// ESLint (flat config) with type-aware typescript-eslint rules. `npm run lint`, run by `npm test`
// (scripts/test.mjs) and so by CI. The type-aware rules read tsconfig.json through the project service.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'dist-cli/', 'bench/out/', 'test-results/', 'figures/', 'datasets/', '**/*.tmp.*'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: {
        // Node scripts written in TypeScript are not part of the app's tsconfig.
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // `_name` marks a value left unused on purpose (a rest-omitted field, a callback's unused argument).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Promises that nobody awaits lose their errors; callbacks that return one get ignored.
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's describe/it return promises the runner itself awaits.
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] }] },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    // Declarations of untyped packages mirror their loose JavaScript APIs.
    files: ['**/*.d.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Tests read CLI and file JSON whose shape they then assert field by field.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Node scripts and configs (plain JavaScript, not type-checked).
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
    },
  },
);
