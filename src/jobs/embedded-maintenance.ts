// Autovacuum for the embedded database. PGlite runs PostgreSQL in this process without its background
// workers, so nothing ever analysed or vacuumed its tables: the planner worked without statistics (the
// outbox claim, guessing a handful of queued rows, collected and sorted the whole backlog on every claim;
// bench/README.md, sixth session), and dead row versions were reclaimed only within their pages. Every
// ten minutes this does what autovacuum does with its default thresholds: ANALYZE a table once more than
// 50 rows + 10 % of it changed, VACUUM it once more than 50 rows + 20 % of it are dead. A PostgreSQL server
// runs autovacuum itself (docs/production.md): this job is not started there.
import { analyzeTable, listTableActivity, vacuumAnalyze, type TableActivity } from '../../db/queries/maintenance.js';
import type { Sql } from '../../db/sql.js';
import type { Logger } from '../log.js';
import { startPoller, type Poller } from './poller.js';

/** autovacuum_vacuum_threshold / _scale_factor and autovacuum_analyze_threshold / _scale_factor, PostgreSQL's defaults. */
const VACUUM = { threshold: 50, scale: 0.2 };
const ANALYZE = { threshold: 50, scale: 0.1 };

export type MaintenanceStep = { table: string; action: 'vacuum' | 'analyze' };

/** What autovacuum would do to each table now. A table never analysed counts as empty. */
export function maintenanceDue(tables: TableActivity[]): MaintenanceStep[] {
  return tables.flatMap((t): MaintenanceStep[] => {
    const rows = Math.max(0, t.estimatedRows);
    if (t.deadRows > VACUUM.threshold + VACUUM.scale * rows) return [{ table: t.table, action: 'vacuum' }];
    if (t.changedSinceAnalyze > ANALYZE.threshold + ANALYZE.scale * rows) return [{ table: t.table, action: 'analyze' }];
    return [];
  });
}

export interface EmbeddedMaintenance {
  /** Vacuums and analyses the tables that are due; returns what it did. */
  runOnce(): Promise<MaintenanceStep[]>;
  start(intervalMs?: number): Poller;
}

export function createEmbeddedMaintenance(sql: Sql, logger: Logger): EmbeddedMaintenance {
  async function runOnce(): Promise<MaintenanceStep[]> {
    const due = maintenanceDue(await listTableActivity(sql));
    // One table at a time: each statement holds PGlite's only connection while it runs.
    for (const step of due) await (step.action === 'vacuum' ? vacuumAnalyze(sql, step.table) : analyzeTable(sql, step.table));
    if (due.length > 0) logger.debug({ due }, 'embedded database maintenance');
    return due;
  }
  return {
    runOnce,
    start: (intervalMs = 10 * 60_000) => startPoller('embedded-maintenance', async () => (await runOnce(), false), intervalMs, logger),
  };
}
