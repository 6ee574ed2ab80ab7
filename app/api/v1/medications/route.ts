import { collectionRoutes } from '@/lib/server/evidence/routes';

export const { GET, POST } = collectionRoutes('medication');
