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
      // The two walls of the architecture (README.md, Layout): model/ and impl/ never import each other.
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['impl/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)model(/|$)', message: 'impl/ never imports model/ (wall 1)' }, { regex: '^xstate', message: 'No XState in impl/' }] }],
    },
  },
  {
    // The tester's own wire code judges impl/ and must share nothing with it or with the model.
    files: ['harness/tester/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)impl(/|$)', message: 'harness/tester/ never imports impl/: its codec and crypto are the independent judge' },
            { regex: '(^|/)model(/|$)', message: 'harness/tester/ never imports model/' },
          ],
        },
      ],
    },
  },
  {
    // The judge reads only the observation vocabulary: what a tester knows of a PDU comes to it
    // in the observation (e.g. spoiltRequirements), never from the tester's own tables.
    files: ['properties/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)harness/(?!observation\\.ts$)', message: 'properties/ imports nothing of harness/ but the observation vocabulary (harness/observation.ts)' },
            { regex: '(^|/)impl(/|$)', message: 'properties/ judges observations: it never imports impl/' },
          ],
        },
      ],
    },
  },
  {
    files: ['model/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)impl(/|$)', message: 'model/ never imports impl/ (wall 1)' }] }],
    },
  },
);
