// The simulator's own shapes: its options, and what it remembers of each STK Push.
import type { SimulatedOutcome, SimulatedResult } from './outcomes.js';

export const simulatedOutages = ['none', 'error500', 'hang', 'lose_answers'] as const;
export type SimulatedOutage = (typeof simulatedOutages)[number];

export interface SimulatorOptions {
  /** Apps allowed to ask for tokens: consumer key → secret. */
  apps?: Record<string, string>;
  /** Shortcodes that went live with their own passkey. */
  shortCodes?: Record<string, string>;
  /**
   * The passkey accepted for any shortcode not listed above: the seed's "one platform app, many
   * landlord shortcodes" model, as the sandbox does for 174379. Unset: unknown shortcodes answer
   * "Merchant does not exist", as production does.
   */
  defaultPasskey?: string;
  /** How long the simulated phone waits before answering by the rule of outcomes.ts. */
  autoAnswerMs?: number;
  /** Delay between the phone's answer and the callback. */
  callbackDelayMs?: number;
  tokenLifetimeSeconds?: number;
  /** Same phone and amount paid within this window → ResultCode 17, as Daraja does for 2 minutes. */
  repeatWindowMs?: number;
  maxAmount?: number;
  /** The PIN every simulated phone accepts. */
  pin?: string;
  /** Allowed clock difference for Timestamp. */
  timestampToleranceMs?: number;
  now?: () => number;
}


export interface Transaction {
  merchantRequestId: string;
  checkoutRequestId: string;
  businessShortCode: string;
  partyB: string;
  transactionType: string;
  phone: string;
  amount: number;
  accountReference: string;
  transactionDesc: string;
  callbackUrl: string;
  createdAt: number;
  presetOutcome: { outcome: SimulatedOutcome; afterMs: number } | undefined;
  result: SimulatedResult | undefined;
  noCallback: boolean;
  callbacks: { status: number | 'error'; at: number }[];
}

export interface OpenPrompt {
  checkoutRequestId: string;
  phone: string;
  amount: number;
  businessShortCode: string;
  partyB: string;
  accountReference: string;
  transactionDesc: string;
}
