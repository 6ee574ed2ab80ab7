import type { NextRequest } from 'next/server';
import { handlers } from '@/lib/server/auth';
import { authRoute, withRequestLog } from '@/lib/server/request-log';

// Auth.js' own endpoints (csrf, callback/credentials, session, signout): they authenticate by design. Each request
// gets its log line like every other route (method, Auth.js action, status, duration; never the form's fields).
export const GET = withRequestLog((request: Request) => handlers.GET(request as NextRequest), { route: authRoute });
export const POST = withRequestLog((request: Request) => handlers.POST(request as NextRequest), { route: authRoute });
