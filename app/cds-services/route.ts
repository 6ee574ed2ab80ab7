import { discoveryRoute, preflightRoute } from '@/lib/server/cds/routes';

export const GET = discoveryRoute();
export const OPTIONS = preflightRoute();
