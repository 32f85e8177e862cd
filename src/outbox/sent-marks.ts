// Recording sends, gathered: the rows a worker finishes sending in one turn of the event loop are marked
// sent in one statement, not one each. Each caller still waits for its own row's mark (a row counts as
// in flight until then), and a failed statement fails every row in it, as one failed mark would: those
// rows are taken again when their lease ends.
import { markOutboxSentMany } from '../../db/queries/outbox.js';
import type { Sql } from '../../db/sql.js';

interface Waiting {
  id: number;
  providerMessageId: string | null;
  done: () => void;
  failed: (error: unknown) => void;
}

export function createSentMarks(sql: Sql): (id: number, providerMessageId: string | null) => Promise<void> {
  let waiting: Waiting[] = [];
  const flush = () => {
    const batch = waiting;
    waiting = [];
    markOutboxSentMany(sql, batch).then(
      () => batch.forEach((w) => w.done()),
      (error: unknown) => batch.forEach((w) => w.failed(error)),
    );
  };
  return (id, providerMessageId) =>
    new Promise<void>((done, failed) => {
      if (waiting.length === 0) setImmediate(flush);
      waiting.push({ id, providerMessageId, done, failed });
    });
}
