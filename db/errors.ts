// Recognizing constraint violations from either driver (postgres.js and PGlite both carry SQLSTATE
// in `code`; drizzle may wrap them in `cause`).
interface PgErrorLike {
  code?: string;
  constraint?: string;
  constraint_name?: string;
  cause?: unknown;
}

function pgError(error: unknown): PgErrorLike | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const candidate = current as PgErrorLike;
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) return candidate;
    current = candidate.cause;
  }
  return undefined;
}

/** True for a unique violation (23505), optionally of one named constraint or index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const pg = pgError(error);
  if (pg?.code !== '23505') return false;
  return constraint === undefined || (pg.constraint ?? pg.constraint_name) === constraint;
}

/** The constraint or index a failed statement violated, by name (check, unique, foreign key, not null). */
export function violatedConstraint(error: unknown): string | undefined {
  const pg = pgError(error);
  return pg ? (pg.constraint ?? pg.constraint_name) : undefined;
}
