import { EnvError, loadEnv } from '../config/env';
import { createLogger, migrateDatabase, openDatabase } from '../runtime';

// `pnpm db:migrate`: applies pending migrations to DATABASE_URL (or the PGlite folder) and exits.
const run = async () => {
  const env = loadEnv(process.env);
  const log = createLogger({ level: env.LOG_LEVEL });
  const database = await openDatabase(env);
  try {
    await migrateDatabase(database, log);
  } finally {
    await database.close();
    log.flush();
  }
};

run().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof EnvError ? error.message : error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
