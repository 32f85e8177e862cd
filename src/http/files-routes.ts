// Files behind signed, expiring links: the month's CSV a landlord asked for in chat. Twilio fetches the
// link to attach the file on WhatsApp; a landlord on SMS opens it in a browser. The link is the only
// credential, so an invalid one is a plain 404 and an ended one a 410, never a hint of what exists.
import { Router } from 'express';
import { z } from 'zod';
import type { Sql } from '../../db/sql.js';
import { buildMonthCsv, monthCsvHeaders, readMonthFileToken } from '../reports/month-file.js';
import { HttpError } from './errors.js';

const params = z.object({
  token: z.string().max(600).regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/),
  name: z.string().regex(/^rentease-\d{4}-\d{2}\.csv$/),
});

export function filesRouter(sql: Sql, appSecret: string): Router {
  const router = Router();
  router.get('/files/month/:token/:name', async (req, res) => {
    const parsed = params.safeParse(req.params);
    if (!parsed.success) throw new HttpError(404, 'not_found', 'no such file');
    const check = readMonthFileToken(appSecret, parsed.data.token);
    if (!check.ok) throw check.reason === 'expired' ? new HttpError(410, 'link_expired', 'this link has ended; ask for the file again in chat') : new HttpError(404, 'not_found', 'no such file');
    const csv = await buildMonthCsv(sql, check.file);
    res.status(200).set(monthCsvHeaders(check.file.period)).send(csv);
  });
  return router;
}
