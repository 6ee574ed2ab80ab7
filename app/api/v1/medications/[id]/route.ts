import { itemRoutes } from '@/lib/server/evidence/routes';

export const { GET, PATCH } = itemRoutes('medication');
