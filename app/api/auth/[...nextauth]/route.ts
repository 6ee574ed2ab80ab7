import { handlers } from '@/lib/server/auth';

// Auth.js' own endpoints (csrf, callback/credentials, session, signout): they authenticate by design.
export const { GET, POST } = handlers;
