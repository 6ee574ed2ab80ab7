import { inject } from 'vitest';

// lib/server reads its configuration from the environment, as in production.
process.env.DATABASE_URL = inject('databaseUrl');
process.env.AUTH_SECRET ??= 'integration-tests-secret-0123456789abcdef';
