import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import k2 from './eslint-rules/outage-aware-pages.mjs';

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores(['.next/**', '.data/**', '.cache/**', '.test-tmp/**', 'node_modules/**', 'lib/server/generated/**', 'next-env.d.ts']),
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error', 'log'] }],
    },
  },
  {
    // The app logs through lib/server/log.ts (JSON, redacted); console.* is for the scripts and tests.
    files: ['app/**', 'components/**', 'lib/**', 'instrumentation.ts', 'proxy.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    // A database outage while a page renders is the 503 "database unavailable" page, never the error page (500):
    // async pages, layouts and server components go through outageAwarePage() (eslint-rules/outage-aware-pages.mjs).
    files: ['app/**/*.tsx', 'app/**/*.jsx', 'components/**/*.tsx', 'components/**/*.jsx'],
    plugins: { k2 },
    rules: { 'k2/outage-aware-pages': 'error' },
  },
  {
    // Raw SQL built from strings is never allowed; tagged templates ($queryRaw`…`) bind parameters.
    rules: {
      'no-restricted-properties': [
        'error',
        { property: '$queryRawUnsafe', message: 'Use $queryRaw with a tagged template.' },
        { property: '$executeRawUnsafe', message: 'Use $executeRaw with a tagged template.' },
      ],
    },
  },
]);
