// The instant "now" for what readers may see: an article scheduled for later is hidden until its
// publication time. The instant is the gateway's, not the database's `now()` (the start of the
// transaction, which a test cannot move): visibility conditions bind `readingInstant`, a value
// pg serialises when it sends a statement, from the clock in use. Statements compiled once per
// shape (repositories/statement-templates.ts) and prepared by name keep working: the instant is
// a parameter read at each execution, never a constant of the text. One clock per process: the
// system's, which tests replace with `useClock` to step through a publication time.

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

let clock: Clock = systemClock;

/** Replaces the process's clock (tests); returns the one it replaced. */
export function useClock(replacement: Clock): Clock {
  const previous = clock;
  clock = replacement;
  return previous;
}

/** The instant now, on the process's clock. */
export const currentInstant = (): Date => clock.now();

/** A bound parameter that pg sends as the clock's instant at each execution (pg calls `toPostgres`). */
export const readingInstant = {
  toPostgres: (): string => clock.now().toISOString(),
};

/** A clock stopped at an instant, moved by hand (tests). */
export function stoppedClock(at: Date | string): Clock & { set(at: Date | string): void } {
  let instant = new Date(at);
  return {
    now: () => instant,
    set: (next) => {
      instant = new Date(next);
    },
  };
}
