import { hookRoute } from '@/lib/server/cds/routes';

export const POST = hookRoute();
