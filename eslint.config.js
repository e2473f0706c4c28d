// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'reports/', '.stryker-tmp/', 'docs/', 'coverage/', '**/*.py', '.mutants/', '*.tmp.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // The two walls of design.md: model/ and impl/ never import each other.
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['impl/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)model(/|$)', message: 'impl/ never imports model/ (design.md, wall 1)' }, { regex: '^xstate', message: 'No XState in impl/' }] }],
    },
  },
  {
    files: ['model/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)impl(/|$)', message: 'model/ never imports impl/ (design.md, wall 1)' }] }],
    },
  },
);
