import { inject } from 'vitest';

process.env.DATABASE_URL = inject('e2eDatabaseUrl');
process.env.AUTH_SECRET ??= 'e2e-tests-secret-0123456789abcdef';
