// Reading what a person typed: option numbers, free words, yes/no, amounts and "back". Every flow reads
// its input through these, so a new way of typing is taught to the bot in one place.
import { amountFromText, wordNumber } from './number-words.js';

/** The option number a reply chose, if the input is one: "1", " 2 ", "1.", "2)", "(3)", "#4", "moja", "two". */
export function optionNumber(input: string): number | undefined {
  const m = /^\s*[(#]?\s*(\d{1,2})\s*[.)]?\s*$/.exec(input);
  if (m) return Number(m[1]);
  const word = wordNumber(normalizeWord(input));
  return word !== undefined && word <= MAX_OPTION_WORD ? word : undefined;
}

/** Options are counted in words up to ten ("kumi"); a larger number in words is an amount, not an option. */
const MAX_OPTION_WORD = 10;

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

const YES = ['yes', 'ndiyo', 'ndio', 'y', 'sawa', 'ok', 'okay', 'yeah', 'yep', 'sure', 'poa', 'sawa sawa', 'confirm', 'thibitisha', 'yes please'];
// Not "acha": alone it is the STOP command for reminders.
const NO = ['no', 'hapana', 'n', 'cancel', 'ghairi', 'la', 'nope', 'no thanks'];

/** Option 1 or a yes word answers a confirmation. */
export const isYes = (input: string): boolean => optionNumber(input) === 1 || YES.includes(normalizeWord(input));
/** Option 2 or a no word declines it. */
export const isNo = (input: string): boolean => optionNumber(input) === 2 || NO.includes(normalizeWord(input));

/**
 * An amount of whole shillings typed in chat, within 1…max: "1500", "1,500", "KES 1500", "5000/=",
 * "10,000/-", "ksh5k", "2.5k", "elfu tano", "elfu kumi na tano", "five thousand" (flows/number-words.ts).
 */
export function parseTypedAmount(input: string, max: number): number | undefined {
  const amount = amountFromText(input);
  return amount !== undefined && Number.isSafeInteger(amount) && amount >= 1 && amount <= max ? amount : undefined;
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
