// Daraja's Timestamp is YYYYMMDDHHmmss in East Africa Time (UTC+3, no daylight saving), whatever
// the server's TZ: servers abroad that use local time get "Invalid Timestamp" (reference/daraja.md §2).
const EAT_OFFSET_MS = 3 * 60 * 60 * 1000;

export function eatTimestamp(now: Date = new Date()): string {
  // Shift the instant by +3 h and read it with the UTC getters: independent of process.env.TZ.
  const eat = new Date(now.getTime() + EAT_OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${eat.getUTCFullYear()}${pad(eat.getUTCMonth() + 1)}${pad(eat.getUTCDate())}` +
    `${pad(eat.getUTCHours())}${pad(eat.getUTCMinutes())}${pad(eat.getUTCSeconds())}`
  );
}

/** Password = base64(BusinessShortCode + Passkey + Timestamp); the same Timestamp must go in the body. */
export function stkPassword(businessShortCode: string, passkey: string, timestamp: string): string {
  return Buffer.from(`${businessShortCode}${passkey}${timestamp}`).toString('base64');
}
