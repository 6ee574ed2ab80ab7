// Prisma CLI configuration. Only `prisma generate` is used (scripts/prisma-generate.ts); migrations are applied by
// scripts/migrate.ts, because Prisma's migrate CLI needs a native engine these machines cannot download.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
});
