// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', '*.vsix', 'test/ui/screenshots/**'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'smart'],
      'no-console': 'off',
    },
  },
  {
    // The core is pure: plain data in, plain data out, runnable anywhere (CLI, extension host, web worker).
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/core must not depend on VS Code; put adapters in src/features.' }],
        patterns: [
          { group: ['@azure/*'], message: 'src/core must not depend on the Azure SDK; put it in src/azure.' },
          { group: ['node:*', 'fs', 'fs/*', 'path', 'crypto', 'os', 'child_process', 'worker_threads', 'http', 'https', 'net'],
            message: 'src/core must not use Node built-ins; take text and paths as plain data.' },
          { group: ['**/shared/*', '**/platform/*', '**/features/*', '**/features/**', '**/cli/*', '**/azure/*', '**/extension'],
            message: 'src/core depends on nothing outside src/core.' },
        ],
      }],
      'no-restricted-globals': ['error', { name: 'Buffer', message: 'src/core is runtime-neutral: use Uint8Array.' },
        { name: 'process', message: 'src/core takes options, not the environment.' }],
    },
  },
  {
    // The CLI and the code it shares with the extension host (src/shared: Node-only, host-neutral) never load the
    // editor or its host layer: `platform/` and `features/` are the VS Code host's.
    files: ['src/shared/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/cli and src/shared run without VS Code.' }],
        patterns: [{ group: ['**/platform/*', '**/features/*', '**/features/**', '**/extension'],
          message: 'src/platform and src/features are the VS Code host\'s; put code both hosts use in src/shared (Node) or src/core (pure).' }],
      }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly',
        clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', __dirname: 'readonly',
        require: 'readonly', module: 'writable', exports: 'writable', fetch: 'readonly', performance: 'readonly', structuredClone: 'readonly',
        TextDecoder: 'readonly', TextEncoder: 'readonly', AbortController: 'readonly', document: 'readonly', window: 'readonly' },
    },
    rules: { 'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }] },
  },
);
