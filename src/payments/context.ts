import type { Db } from '../../db/client.js';
import type { Config } from '../config.js';
import type { SecretBox } from '../crypto/secret-box.js';
import type { DarajaClient } from '../daraja/daraja-client.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';

/** What the payments core needs, passed by argument from the composition root (src/main.ts). */
export interface PaymentsContext {
  db: Db;
  config: Config;
  daraja: DarajaClient;
  secretBox: SecretBox;
  logger: Logger;
  metrics: Metrics;
}
