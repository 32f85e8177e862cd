// A background loop for database-driven workers (outbox, reconciler): run a batch, and run again at
// once while there is more to do, otherwise after the interval. stop() waits for the batch in flight.
import type { Logger } from '../log.js';

export interface Poller {
  stop(): Promise<void>;
}

/** `runBatch` returns true when it found a full batch (so there may be more right away). */
export function startPoller(name: string, runBatch: () => Promise<boolean>, intervalMs: number, logger: Logger): Poller {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const tick = () => {
    running = (async () => {
      let more = false;
      try {
        more = await runBatch();
      } catch (error) {
        logger.error({ err: error, worker: name }, 'worker batch failed');
      }
      if (!stopped) timer = setTimeout(tick, more ? 0 : intervalMs);
    })();
  };
  timer = setTimeout(tick, 0);

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
