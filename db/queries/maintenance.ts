// What autovacuum decides on a PostgreSQL server, asked of the embedded database (src/jobs/embedded-maintenance.ts).
import type { Sql } from '../sql.js';

export interface TableActivity {
  table: string;
  /** Rows as of the last VACUUM or ANALYZE; -1 when the table was never analysed. */
  estimatedRows: number;
  deadRows: number;
  changedSinceAnalyze: number;
}

/** The app's tables (the public schema) with their row counts as the statistics system sees them. */
export async function listTableActivity(sql: Sql): Promise<TableActivity[]> {
  // Counts are bigint (text from postgres.js) and reltuples a float: read each as a number.
  const rows = await sql.query<{ table: string; estimatedRows: number | string; deadRows: number | string; changedSinceAnalyze: number | string }>(
    `select s.relname as "table", c.reltuples as "estimatedRows", s.n_dead_tup as "deadRows", s.n_mod_since_analyze as "changedSinceAnalyze"
     from pg_stat_user_tables s join pg_class c on c.oid = s.relid
     where s.schemaname = 'public'
     order by s.relname`,
  );
  return rows.map((r) => ({ table: r.table, estimatedRows: Number(r.estimatedRows), deadRows: Number(r.deadRows), changedSinceAnalyze: Number(r.changedSinceAnalyze) }));
}

const quoted = (table: string) => `"${table.replace(/"/g, '""')}"`;

/** VACUUM cannot run in a transaction: these run on the executor directly, one statement each. */
export async function vacuumAnalyze(sql: Sql, table: string): Promise<void> {
  await sql.query(`vacuum (analyze) ${quoted(table)}`);
}

export async function analyzeTable(sql: Sql, table: string): Promise<void> {
  await sql.query(`analyze ${quoted(table)}`);
}
