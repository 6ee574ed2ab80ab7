import { feedbackRoute } from '@/lib/server/cds/routes';

export const POST = feedbackRoute();
