// Bill periods are calendar months in Kenya's time zone, written YYYY-MM.
const EAT_OFFSET_MS = 3 * 60 * 60 * 1000;

export function currentPeriod(now: Date = new Date()): string {
  return new Date(now.getTime() + EAT_OFFSET_MS).toISOString().slice(0, 7);
}

export const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
