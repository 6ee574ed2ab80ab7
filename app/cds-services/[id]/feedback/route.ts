import { feedbackRoute, preflightRoute } from '@/lib/server/cds/routes';

export const POST = feedbackRoute();
export const OPTIONS = preflightRoute();
