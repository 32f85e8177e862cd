// What a flow says: lines of text and numbered options, each in English and Kiswahili (src/messages),
// with an optional short form for USSD. src/rendering turns a Reply into what a channel shows.
import { chat } from '../src/messages/chat-messages.js';
import type { Text } from '../src/messages/text.js';

export interface Reply {
  lines: Text[];
  /** Numbered 1…n in order; `0. Back` is added by the renderer when `back` is set. */
  options?: Text[];
  back?: boolean;
  /** The conversation is over (USSD answers END). */
  end?: boolean;
}

export const reply = (lines: Text[], options?: Text[], extra: { back?: boolean; end?: boolean } = {}): Reply => ({
  lines,
  ...(options && options.length > 0 ? { options } : {}),
  ...extra,
});

/** A question on its own screen, with "0. Back". */
export const ask = (text: Text): Reply => reply([text], undefined, { back: true });

/** Joins replies, e.g. "Language changed" followed by the menu it leads back to. */
export function joinReplies(first: Reply | undefined, second: Reply): Reply {
  if (!first) return second;
  return { ...second, lines: [...first.lines, ...second.lines] };
}

/** The same screen again, after "Sorry, I didn't understand that." */
export function notUnderstood(screen: Reply): Reply {
  return { ...screen, lines: [chat.notUnderstood, ...screen.lines] };
}
