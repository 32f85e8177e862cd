import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes a migration for every schema change into db/migrations,
// which the app applies at start-up (db/client.ts).
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.ts',
  out: './db/migrations',
});
