import path from 'node:path';
import { defineConfig } from 'prisma/config';

// `prisma generate` needs no database, but Prisma's CLI insists on downloading a native schema
// engine first. Offline by default (this project migrates with the WASM engine, scripts/migrate.ts);
// PRISMA_ONLINE=1 restores Prisma's normal behaviour.
if (process.env.PRISMA_ONLINE !== '1' && !process.env.PRISMA_SCHEMA_ENGINE_BINARY) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = path.resolve('scripts/prisma-engine-offline.sh');
}

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres' },
});
