// Numbers as Kenyans type them in chat: option words ("moja", "two") and amounts in words or shorthand
// ("elfu tano", "elfu kumi na tano", "laki moja", "5k", "ksh5k", "5,000/=", "10,000/-"). Whole shillings
// only: "100.50" is not an amount (".00" is). Read here; used by flows/input.ts.

const UNITS: Record<string, number> = {
  moja: 1, mbili: 2, tatu: 3, nne: 4, tano: 5, sita: 6, saba: 7, nane: 8, tisa: 9,
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
};
const TENS: Record<string, number> = {
  kumi: 10, ishirini: 20, thelathini: 30, arobaini: 40, hamsini: 50, sitini: 60, sabini: 70, themanini: 80, tisini: 90,
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
/** Multipliers, largest first; a multiplier takes the number after it in Kiswahili ("elfu tano") and before it in English ("five thousand"). */
const SW_MULTIPLIERS: Record<string, number> = { laki: 100_000, elfu: 1_000, mia: 100 };
const EN_MULTIPLIERS: Record<string, number> = { million: 1_000_000, thousand: 1_000, hundred: 100 };
const JOINERS = new Set(['na', 'and']);

/** "moja", "two", "kumi": an option or a small number written as one word. */
export function wordNumber(word: string): number | undefined {
  return UNITS[word] ?? TENS[word];
}

/** Up to 99 from words: "kumi na tano", "twenty five". */
function small(tokens: string[]): number | undefined {
  if (tokens.length === 0) return undefined;
  let total = 0;
  let lastTens = false;
  for (const token of tokens) {
    if (TENS[token] !== undefined && total === 0) {
      total = TENS[token]!;
      lastTens = true;
    } else if (UNITS[token] !== undefined && (total === 0 || (lastTens && total % 10 === 0))) {
      total += UNITS[token]!;
      lastTens = false;
    } else return undefined;
  }
  return total;
}

/**
 * Kiswahili: "elfu tano" 5,000; "elfu kumi na tano" 15,000; "elfu mbili mia tano" 2,500; "mia tano na
 * hamsini" 550; "laki moja na elfu hamsini" 150,000. A hundred is counted by one word (mia tano); a thousand
 * or a laki by up to 99 (elfu kumi na tano); what follows the last multiplier is added.
 */
function swahili(tokens: string[]): number | undefined {
  let total = 0;
  let i = 0;
  let last = Infinity;
  while (i < tokens.length && SW_MULTIPLIERS[tokens[i]!] !== undefined) {
    const multiplier = SW_MULTIPLIERS[tokens[i]!]!;
    if (multiplier >= last) return undefined;
    let j = i + 1;
    while (j < tokens.length && SW_MULTIPLIERS[tokens[j]!] === undefined) j++;
    const words = tokens.slice(i + 1, j);
    const lastSegment = j === tokens.length;
    let count = words.length === 0 ? 1 : multiplier === 100 ? undefined : small(words);
    let rest: string[] = [];
    if (count === undefined && words.length > 0 && lastSegment) {
      // "mia tano na hamsini", "elfu tano na hamsini": one word counts, the rest is added.
      count = UNITS[words[0]!];
      rest = words.slice(1);
    }
    if (count === undefined) return undefined;
    total += count * multiplier;
    if (rest.length > 0) {
      const added = small(rest);
      if (added === undefined) return undefined;
      total += added;
    }
    last = multiplier;
    i = j;
  }
  if (i < tokens.length) {
    const rest = small(tokens.slice(i));
    if (rest === undefined) return undefined;
    total += rest;
  }
  return total > 0 ? total : undefined;
}

/** English: "five thousand", "fifteen thousand five hundred", "two hundred and fifty". */
function english(tokens: string[]): number | undefined {
  let total = 0;
  let words: string[] = [];
  let last = Infinity;
  for (const token of tokens) {
    const multiplier = EN_MULTIPLIERS[token];
    if (multiplier === undefined) {
      words.push(token);
      continue;
    }
    if (multiplier >= last) return undefined;
    const count = words.length === 0 ? 1 : small(words);
    if (count === undefined) return undefined;
    total += count * multiplier;
    last = multiplier;
    words = [];
  }
  if (words.length > 0) {
    const rest = small(words);
    if (rest === undefined) return undefined;
    total += rest;
  }
  return total > 0 ? total : undefined;
}

/**
 * An amount as typed: digits with the usual decorations (KES/Ksh/Sh before, /=, /- or "bob" after,
 * commas and spaces between thousands, ".00"), a "k" or "thousand"/"elfu" after digits ("5k", "2.5k",
 * "5 elfu"), or words in Kiswahili or English. Undefined when it is none of these or not whole shillings.
 */
export function amountFromText(input: string): number | undefined {
  let text = input.trim().toLowerCase();
  text = text.replace(/^(kes|ksh|kshs|sh|shs)\.?\s*/, '').replace(/\s*(\/=|\/-|=\/|bob|shillings?|shilingi|kes|ksh)$/, '').trim();
  // Digits, maybe with thousands separators and a ".00".
  const digits = /^(\d{1,3}(?:[, ]\d{3})+|\d+)(?:\.0{1,2})?$/.exec(text);
  if (digits) return Number(digits[1]!.replace(/[, ]/g, ''));
  // Digits with a "k" or a thousand word: "5k", "2.5k", "5 elfu", "5 thousand".
  const thousands = /^(\d{1,6})(?:\.(\d{1,3}))?\s*(k|elfu|thousand)$/.exec(text);
  if (thousands) {
    const fraction = (thousands[2] ?? '').padEnd(3, '0');
    return Number(thousands[1]) * 1000 + Number(fraction);
  }
  const tokens = text.split(/[\s-]+/).filter((t) => t && !JOINERS.has(t));
  if (tokens.length === 0 || tokens.length > 12) return undefined;
  return tokens.some((t) => SW_MULTIPLIERS[t] !== undefined) ? swahili(tokens) : english(tokens);
}
