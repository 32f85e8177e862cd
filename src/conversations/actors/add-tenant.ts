// The add-tenant flow's actors: the landlord's properties, and saving one tenant or a pasted list, each
// tenancy with its audit entry and the tenant's welcome message, in the turn's transaction. A unit already
// let in that property is refused (also twice in one paste).
import { fromPromise } from 'xstate';
import { recordAuditLater } from '../../../db/queries/audit.js';
import { findContacts } from '../../../db/queries/contacts.js';
import { insertOutboxMessagesLater } from '../../../db/queries/outbox.js';
import { findPayoutConfig } from '../../../db/queries/payouts.js';
import { createTenancy, findLetUnits, listPropertyNames, unitKey } from '../../../db/queries/tenancies.js';
import type { BulkResult, NewTenant, SaveResult } from '../../../flows/add-tenant.machine.js';
import { eatDay } from '../../domain/calendar.js';
import { parseTenantLines } from '../../domain/tenant-lines.js';
import type { Channel, Language } from '../../domain/types.js';
import type { PayInfo } from '../../messages/billing-messages.js';
import { tenantTexts } from '../../messages/tenant-messages.js';
import { addressMessages, type QueueMessageInput } from '../../outbox/queue-message.js';
import type { Turn, TurnOf } from '../turn.js';
import { auditActorOf, officeOf } from './office.js';

export function addTenantActors(current: TurnOf) {
  return {
    loadProperties: fromPromise<string[], { phone: string }>(async ({ system }) => {
      const turn = current(system);
      return listPropertyNames(turn.tx, officeOf(turn));
    }),
    saveTenant: fromPromise<SaveResult, { tenant: NewTenant; language: Language }>(async ({ input, system }) => {
      const [account] = await addTenants(current(system), [input.tenant], input.language);
      return account ? { ok: true, accountNumber: account } : { ok: false, problem: 'unit_taken' };
    }),
    saveTenants: fromPromise<BulkResult, { text: string; property: string | null; language: Language }>(async ({ input, system }) => {
      const lines = parseTenantLines(input.text);
      const valid = lines.flatMap((l) => (l.ok ? [{ line: l.line, text: rawLine(input.text, l.line), tenant: { ...l.tenant, property: input.property } }] : []));
      const accounts = await addTenants(current(system), valid.map((v) => v.tenant), input.language);
      return {
        lines,
        added: valid.flatMap((v, i) => (accounts[i] ? [{ name: v.tenant.name, unit: v.tenant.unit, account: accounts[i] }] : [])),
        taken: valid.filter((_, i) => !accounts[i]).map((v) => ({ line: v.line, text: v.text, unit: v.tenant.unit })),
      };
    }),
  };
}

/** The pasted line as the landlord wrote it, for the summary. */
function rawLine(text: string, line: number): string {
  return text.split(/\r?\n/)[line - 1]?.trim() ?? '';
}

/** Creates the tenancies whose units are free; for each tenant, its account number, or null when the unit was let. */
async function addTenants(turn: Turn, tenants: NewTenant[], language: Language): Promise<(string | null)[]> {
  const office = officeOf(turn);
  const landlordId = office.landlordId;
  // A caretaker of one property adds tenants to that property only, whatever the flow passed.
  if (office.caretaker?.property) tenants = tenants.map((t) => ({ ...t, property: office.caretaker!.property }));
  const today = eatDay(new Date());
  const db = turn.tx.orm;
  const [letUnits, payout, contacts] = await Promise.all([
    findLetUnits(turn.tx, { landlordId, units: tenants.map((t) => t.unit), today }),
    findPayoutConfig(db, landlordId),
    findContacts(db, tenants.map((t) => t.phone)),
  ]);
  const accounts: (string | null)[] = [];
  const added: { unit: string; account: string; phone: string }[] = [];
  for (const tenant of tenants) {
    const key = unitKey(tenant.unit, tenant.property);
    if (letUnits.has(key)) {
      accounts.push(null);
      continue;
    }
    letUnits.add(key); // the same unit twice in one paste: the second is refused
    const tenancy = await createTenancy(db, { landlordId, ...tenant, property: tenant.property ?? undefined, startsOn: today });
    recordAuditLater(turn.tx, { actor: auditActorOf(turn), action: 'tenant.created', entityType: 'tenancy', entityId: tenancy.id, details: { by: turn.phone, unit: tenant.unit } });
    accounts.push(tenancy.accountNumber);
    added.push({ unit: tenant.unit, account: tenancy.accountNumber, phone: tenant.phone });
  }
  const pay = (account: string): PayInfo => ({
    whatsapp: false,
    whatsappNumber: turn.settings.whatsappNumber,
    ussdCode: turn.settings.ussdCode,
    payout: payout?.isActive ? { type: payout.businessType, shortCode: payout.tillNumber ?? payout.businessShortCode, accountNumber: account } : null,
  });
  const landlordName = payout?.businessName ?? turn.profile.landlord!.name;
  const messages: QueueMessageInput[] = added.map((a) => ({
    to: a.phone,
    text: tenantTexts.welcome({ landlord: landlordName, unit: a.unit, account: a.account, pay: pay(a.account) }),
    idempotencyKey: `welcome:${a.account}`,
  }));
  // A phone new to RentEase reads the landlord's language until it chooses its own.
  const known = new Set(contacts.map((c) => c.phone));
  const readers = [
    ...contacts.map((c) => ({ ...c, lastChannel: c.lastChannel as Channel | null, preferredChannel: c.preferredChannel as Channel | null })),
    ...added.filter((a) => !known.has(a.phone)).map((a) => ({ phone: a.phone, language, lastChannel: null, preferredChannel: null, lastInboundAt: null })),
  ];
  insertOutboxMessagesLater(turn.tx, addressMessages(messages, readers));
  return accounts;
}
