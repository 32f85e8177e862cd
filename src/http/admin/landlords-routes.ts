import { Router } from 'express';
import { z } from 'zod';
import { isUniqueViolation } from '../../../db/errors.js';
import { findContact, findContacts, setContactLanguage } from '../../../db/queries/contacts.js';
import { createLandlord, searchLandlords } from '../../../db/queries/landlords.js';
import { listLandlordPayments } from '../../../db/queries/payments.js';
import { findPayoutConfig } from '../../../db/queries/payouts.js';
import { createTenancy, listTenanciesWithProperty } from '../../../db/queries/tenancies.js';
import { paymentStatuses } from '../../domain/types.js';
import type { Clock } from '../../domain/clock.js';
import { eatDay } from '../../domain/calendar.js';
import type { PaymentsDeps } from '../../payments/deps.js';
import { initiatePayoutTest } from '../../payments/initiate-payment.js';
import { changePayout } from '../../payments/payout-changes.js';
import { registerC2bUrls } from '../../payments/register-c2b.js';
import { DarajaError, DarajaValidationError } from '../../daraja/errors.js';
import { HttpError } from '../errors.js';
import { presentLandlord, presentPayment, presentPayoutStatus, presentTenant } from './presenters.js';
import { configurePayoutBody, createLandlordBody, createTenantBody, listLandlordsQuery, parseBody, registerC2bBody } from './schemas.js';
import { landlordOr404 } from './lookups.js';

export function landlordsRouter(deps: PaymentsDeps, clock: Clock): Router {
  const { db } = deps;
  const router = Router();


  router.post('/landlords', async (req, res) => {
    const body = parseBody(createLandlordBody, req.body);
    try {
      const landlord = await db.transaction(async (tx) => {
        const created = await createLandlord(tx, body);
        await setContactLanguage(tx, body.phone, body.language ?? 'en');
        return created;
      });
      res.status(201).json(presentLandlord(landlord, body.language ?? 'en'));
    } catch (error) {
      if (isUniqueViolation(error)) throw new HttpError(409, 'already_exists', 'a landlord with this phone already exists');
      throw error;
    }
  });

  /** Finds landlords: `?phone=` (any Kenyan form) and/or `?q=` part of the name or business name. */
  router.get('/landlords', async (req, res) => {
    const query = parseBody(listLandlordsQuery, req.query);
    const found = await searchLandlords(db, query);
    const contacts = await findContacts(db, found.map((l) => l.phone));
    const language = new Map(contacts.map((c) => [c.phone, c.language]));
    res.json(found.map((l) => presentLandlord(l, language.get(l.phone) ?? null)));
  });

  router.get('/landlords/:id', async (req, res) => {
    const landlord = await landlordOr404(db, req.params.id);
    const contact = await findContact(db, landlord.phone);
    res.json(presentLandlord(landlord, contact?.language ?? null));
  });

  router.post('/landlords/:id/daraja/configure', async (req, res) => {
    const landlord = await landlordOr404(db, req.params.id);
    const body = parseBody(configurePayoutBody, req.body);
    const { secretBox } = deps;
    const sealed =
      body.passkey && body.consumerKey && body.consumerSecret
        ? { consumerKeyEnc: secretBox.seal(body.consumerKey), consumerSecretEnc: secretBox.seal(body.consumerSecret), passkeyEnc: secretBox.seal(body.passkey) }
        : null;
    const { after } = await db.transaction((tx) =>
      changePayout(
        tx,
        landlord.id,
        {
          type: body.businessType,
          shortCode: body.businessShortCode,
          till: body.tillNumber ?? null,
          account: body.accountNumber ?? null,
          name: body.businessName ?? null,
          sealedCredentials: sealed,
        },
        // Configured by an operator through the API, the payout is active at once (as in the seed);
        // POST …/daraja/test proves it with KES 1. Landlords changing it by chat must pass the test.
        { actor: 'admin_api', activeAtOnce: true },
      ),
    );
    res.json(presentPayoutStatus(after));
  });

  router.get('/landlords/:id/daraja/status', async (req, res) => {
    const landlord = await landlordOr404(db, req.params.id);
    res.json(presentPayoutStatus(await findPayoutConfig(db, landlord.id)));
  });

  router.post('/landlords/:id/daraja/test', async (req, res) => {
    const landlord = await landlordOr404(db, req.params.id);
    const payment = await initiatePayoutTest(deps, landlord.id);
    res.status(202).json({ paymentId: payment.id, checkoutRequestId: payment.checkoutRequestId, status: payment.status });
  });

  /** Registers the payout's C2B URLs with Daraja (npm run register-c2b calls this). */
  router.post('/landlords/:id/daraja/register-c2b', async (req, res) => {
    const landlord = await landlordOr404(db, req.params.id);
    const { responseType } = parseBody(registerC2bBody, req.body);
    try {
      res.json(await registerC2bUrls(deps, landlord.id, responseType, 'admin_api'));
    } catch (error) {
      // A shortcode Daraja would refuse (checked before any request is made).
      if (error instanceof DarajaValidationError) throw new HttpError(422, 'invalid_request', error.message);
      if (!(error instanceof DarajaError)) throw error;
      const already = /already registered/i.test(error.message);
      throw new HttpError(already ? 409 : 502, already ? 'already_registered' : 'daraja_refused', already ? 'Daraja has URLs for this shortcode already: delete them in the M-PESA portal (URL Management) first' : `Daraja: ${error.message}`);
    }
  });

  router.post('/landlords/:id/tenants', async (req, res) => {
    const landlord = await landlordOr404(db, req.params.id);
    const body = parseBody(createTenantBody, req.body);
    const tenancy = await db.transaction(async (tx) => {
      const created = await createTenancy(tx, { landlordId: landlord.id, ...body, startsOn: body.startsOn ?? eatDay(clock()) });
      if (body.language) await setContactLanguage(tx, body.phone, body.language);
      return created;
    });
    res.status(201).json(presentTenant(tenancy, body.property ?? null));
  });

  router.get('/landlords/:id/tenants', async (req, res) => {
    const landlord = await landlordOr404(db, req.params.id);
    const rows = await listTenanciesWithProperty(db, landlord.id);
    res.json(rows.map((r) => presentTenant(r.tenancy, r.property)));
  });

  /** The landlord's payments, newest first; `?status=suspense` lists C2B money that matched no tenant. */
  router.get('/landlords/:id/payments', async (req, res) => {
    const landlord = await landlordOr404(db, req.params.id);
    const status = z.enum(paymentStatuses).optional().safeParse(req.query.status);
    if (!status.success) throw new HttpError(400, 'invalid_request', `status must be one of ${paymentStatuses.join(', ')}`);
    res.json((await listLandlordPayments(db, landlord.id, status.data)).map(presentPayment));
  });

  return router;
}
