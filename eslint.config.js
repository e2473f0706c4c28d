// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'reports/', '.stryker-tmp/', 'docs/', 'coverage/', '**/*.py', '.mutants/', '*.tmp.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  // The walls of the architecture (README.md, Layout), one block per folder. A folder's block
  // lists every wall that folder stands behind (flat config: a later no-restricted-imports
  // for the same file replaces an earlier one, so no folder has two blocks).
  {
    // The vocabulary is a leaf: everything depends on it, it depends on nothing of the project.
    files: ['vocabulary/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^\\.', message: 'vocabulary/ imports nothing of the project: it is the leaf every layer shares' }] }],
    },
  },
  {
    files: ['impl/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)model(/|$)', message: 'impl/ never imports model/ (wall 1)' },
            { regex: '(^|/)harness(/|$)', message: 'impl/ never imports harness/: it is judged, it does not judge' },
            { regex: '(^|/)properties(/|$)', message: 'impl/ never imports properties/' },
            { regex: '^xstate', message: 'No XState in impl/' },
          ],
        },
      ],
    },
  },
  {
    files: ['model/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)impl(/|$)', message: 'model/ never imports impl/ (wall 1)' },
            { regex: '(^|/)harness(/|$)', message: 'model/ never imports harness/: the clause knows nothing of how it is run or explored' },
            { regex: '(^|/)properties(/|$)', message: 'model/ never imports properties/: the judge stands apart from what it judges' },
          ],
        },
      ],
    },
  },
  {
    // The judge reads only the observation vocabulary: what a tester knows of a PDU comes to it
    // in the observation (e.g. spoiltRequirements), never from the tester's own tables, and how
    // the explorer keeps answers is the explorer's business.
    files: ['properties/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)harness(/|$)', message: 'properties/ never imports harness/: the judge reads the observation vocabulary (vocabulary/) only' },
            { regex: '(^|/)impl(/|$)', message: 'properties/ judges observations: it never imports impl/' },
          ],
        },
      ],
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
            { regex: '(^|/)properties(/|$)', message: 'harness/tester/ never imports properties/' },
          ],
        },
      ],
    },
  },
);
