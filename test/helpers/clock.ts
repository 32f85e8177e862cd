// A clock a test can move. It runs with real time from where it was set (rows the database stamps
// with now() stay comparable), and jumps forward when told: advance(2_100) is a push delay passed.
import type { Clock } from '../../src/domain/clock.js';

export interface TestClock {
  now: Clock;
  /** Moves the clock forward by `ms`. */
  advance(ms: number): void;
  /** Sets the clock to `instant`; it runs on from there. */
  set(instant: Date | string): void;
}

export function testClock(start?: Date | string): TestClock {
  let offset = start === undefined ? 0 : new Date(start).getTime() - Date.now();
  return {
    now: () => new Date(Date.now() + offset),
    advance: (ms) => {
      offset += ms;
    },
    set: (instant) => {
      offset = new Date(instant).getTime() - Date.now();
    },
  };
}
