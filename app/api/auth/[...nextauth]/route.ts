import type { NextRequest } from 'next/server';
import { handlers } from '@/lib/server/auth';
import { isAuthSignOut, signOutRevoking } from '@/lib/server/auth-signout';
import { authRoute, withRequestLog } from '@/lib/server/request-log';

// Auth.js' own endpoints (csrf, callback/credentials, session, signout): they authenticate by design. Each request
// gets its log line like every other route (method, Auth.js action, status, duration; never the form's fields).
// Its sign-out also revokes the session in the database, as the app's sign-out action does (lib/server/auth-signout.ts).
const authPost = (request: Request): Promise<Response> => handlers.POST(request as NextRequest);
export const GET = withRequestLog((request: Request) => handlers.GET(request as NextRequest), { route: authRoute });
export const POST = withRequestLog((request: Request) => (isAuthSignOut(request) ? signOutRevoking(request, authPost) : authPost(request)), { route: authRoute });
