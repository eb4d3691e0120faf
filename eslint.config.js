// Workflow code, and the message contract it imports, must stay deterministic: no Node built-ins,
// no database, no rules engine.
import tseslint from 'typescript-eslint';

const forbiddenInWorkflows = {
  patterns: [
    { group: ['node:*'], message: 'Workflow code must be deterministic: no Node built-ins (use an activity).' },
    { group: ['postgres', 'postgres/*'], message: 'Workflow code must not touch the database (use an activity).' },
    { group: ['json-rules-engine', 'json-rules-engine/*'], message: 'Rules are evaluated in activities, never in workflows.' },
  ],
  paths: ['fs', 'path', 'crypto', 'os', 'child_process', 'http', 'https', 'net', 'pg'].map((name) => ({
    name,
    message: 'Workflow code must be deterministic: no Node built-ins.',
  })),
};

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', 'coverage/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      'no-debugger': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['workflows/**/*.ts', 'contract/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', forbiddenInWorkflows],
      '@typescript-eslint/no-restricted-imports': 'off',
    },
  },
);
