import { handleCallback } from '@/lib/server/smart/launch';

// SMART App Launch 2.x (lib/server/smart/launch.ts): the record goes into a draft that only a signed-in user with
// report:create can open; a signed-out browser is sent to /login with the draft as the way back.
export const dynamic = 'force-dynamic';
export const GET = handleCallback;
