import { handleLaunch } from '@/lib/server/smart/launch';

// SMART App Launch 2.x (lib/server/smart/launch.ts). No patient data here: it only redirects to a registered EHR's
// authorization server; a signed-in user without report:create is refused.
export const dynamic = 'force-dynamic';
export const GET = handleLaunch;
