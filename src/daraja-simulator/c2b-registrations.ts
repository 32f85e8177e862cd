// The simulator's C2B RegisterURL (POST /mpesa/c2b/v2/registerurl), as production behaves: a shortcode's
// URLs are registered once; registering again answers "Urls are already registered" (they are deleted in
// the M-PESA portal before a change). URLs with "mpesa" or "safaricom" in them are refused, as Daraja
// filters them (reference/daraja.md §5).
import { daraja400, error, randomId, type SimAnswer } from './wire.js';

export interface C2bRegistration {
  shortCode: string;
  responseType: 'Completed' | 'Cancelled';
  confirmationUrl: string;
  validationUrl: string;
}

export class C2bRegistrations {
  readonly #byShortCode = new Map<string, C2bRegistration>();

  get(shortCode: string): C2bRegistration | undefined {
    return this.#byShortCode.get(shortCode);
  }

  register(body: unknown): SimAnswer {
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const shortCode = String(b.ShortCode ?? '');
    if (!/^\d{5,7}$/.test(shortCode)) return daraja400('ShortCode');
    if (b.ResponseType !== 'Completed' && b.ResponseType !== 'Cancelled') return daraja400('ResponseType');
    for (const field of ['ConfirmationURL', 'ValidationURL'] as const) {
      const url = String(b[field] ?? '');
      if (!/^https?:\/\/\S+$/.test(url) || /m-?pesa|safaricom/i.test(url)) return daraja400(field);
    }
    if (this.#byShortCode.has(shortCode)) return error(500, '500.003.1001', 'Urls are already registered');
    this.#byShortCode.set(shortCode, { shortCode, responseType: b.ResponseType, confirmationUrl: String(b.ConfirmationURL), validationUrl: String(b.ValidationURL) });
    return { status: 200, body: { OriginatorCoversationID: randomId(), ResponseCode: '0', ResponseDescription: 'Success' } };
  }
}
