import { discoveryRoute } from '@/lib/server/cds/routes';

export const GET = discoveryRoute();
