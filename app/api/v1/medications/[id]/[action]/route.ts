import { actionRoutes } from '@/lib/server/evidence/routes';

// POST publish | unpublish | retract; GET revisions | diff
export const { GET, POST } = actionRoutes('medication');
