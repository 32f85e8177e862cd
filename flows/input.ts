// Reading what a person typed: option numbers, free words, yes/no and "back". Every flow reads its
// input through these, so a new way of typing is taught to the bot in one place.

/** The option number a reply chose, if the input is one ("1", " 2 "). */
export function optionNumber(input: string): number | undefined {
  const m = /^\s*(\d{1,2})\s*$/.exec(input);
  return m ? Number(m[1]) : undefined;
}

/** Lower-case, trimmed, accents and punctuation dropped: how free words are compared. */
export function normalizeWord(input: string): string {
  return input
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9 ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** "0" goes back one screen (USSD and chat alike). */
export const isBack = (input: string): boolean => input.trim() === '0';

const YES = ['yes', 'ndiyo', 'ndio', 'y', 'sawa', 'ok'];
const NO = ['no', 'hapana', 'n', 'cancel', 'ghairi'];

/** Option 1 or a yes word answers a confirmation. */
export const isYes = (input: string): boolean => optionNumber(input) === 1 || YES.includes(normalizeWord(input));
/** Option 2 or a no word declines it. */
export const isNo = (input: string): boolean => optionNumber(input) === 2 || NO.includes(normalizeWord(input));

/** An amount of whole shillings typed in chat ("1500", "1,500", "KES 1500"), within 1…max. */
export function parseTypedAmount(input: string, max: number): number | undefined {
  const cleaned = input.replace(/[\s,]/g, '').replace(/^(kes|ksh|sh)/i, '');
  if (!/^\d{1,9}$/.test(cleaned)) return undefined;
  const amount = Number(cleaned);
  return amount >= 1 && amount <= max ? amount : undefined;
}

/**
 * STOP / ACHA stops bill reminders; START / ANZA starts them again (receipts and bill notices still go).
 * Only the word alone counts: "stop the payment" is a sentence, not the command.
 */
export function reminderCommand(input: string): 'stop' | 'start' | undefined {
  const word = normalizeWord(input);
  if (['stop', 'acha', 'stopall', 'unsubscribe', 'sitisha'].includes(word)) return 'stop';
  if (['start', 'anza', 'unstop', 'subscribe', 'endelea'].includes(word)) return 'start';
  return undefined;
}
