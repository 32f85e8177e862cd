// The audit trail: who changed what (payout changes, PIN failures, suspense assignments …).
import { and, eq, gte, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import type { Transaction } from '../sql.js';
import { auditLog } from '../schema.js';

export interface AuditEntry {
  /** Who acted: `chat:<channel>`, `admin_api`, `system`, … */
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  details?: Record<string, unknown> | null;
}

export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({ ...entry, details: entry.details ?? null });
}

/** The same, sent with the transaction's COMMIT (db/sql.ts). */
export function recordAuditLater(tx: Transaction, entry: AuditEntry): void {
  tx.later('insert into audit_log (actor, action, entity_type, entity_id, details) values ($1, $2, $3, $4, $5::jsonb)', [
    entry.actor,
    entry.action,
    entry.entityType,
    entry.entityId,
    entry.details ? JSON.stringify(entry.details) : null,
  ]);
}

/** How many times `action` was recorded on the entity since `since` (e.g. wrong PINs in a window). */
export async function countAuditSince(db: Db, query: { entityId: string; action: string; since: Date }): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditLog)
    .where(and(eq(auditLog.entityId, query.entityId), eq(auditLog.action, query.action), gte(auditLog.createdAt, query.since)));
  return Number(row?.n ?? 0);
}
