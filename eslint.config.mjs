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
  {
    // Interactive transactions go through transaction() / transactionOn() (lib/server/transaction.ts), which holds a
    // security event's log line until the commit and drops it on a rollback; writeAudit refuses a raw transaction's tx
    // at run time too. The batch form, $transaction([...]), has no callback and writes no audit row: allowed.
    files: ['app/**', 'components/**', 'lib/**', 'scripts/**', 'instrumentation.ts', 'proxy.ts'],
    ignores: ['lib/server/transaction.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.type='MemberExpression'][callee.property.name='$transaction']:not([arguments.0.type='ArrayExpression'])",
          message: 'Use transaction() (or transactionOn()) from lib/server/transaction.ts for an interactive transaction.',
        },
        {
          selector: "MemberExpression[property.name='$transaction']:not(CallExpression > MemberExpression.callee), MemberExpression[property.value='$transaction'], ObjectPattern > Property[key.name='$transaction']",
          message: 'Use transaction() (or transactionOn()) from lib/server/transaction.ts instead of $transaction.',
        },
      ],
    },
  },
]);
