import { hookRoute, preflightRoute } from '@/lib/server/cds/routes';

export const POST = hookRoute();
export const OPTIONS = preflightRoute();
