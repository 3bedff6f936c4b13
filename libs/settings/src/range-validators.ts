import { EnvError, makeValidator } from 'envalid';

/** Options for {@link numberIn}. */
export interface NumberBounds {
  /** Smallest accepted value (inclusive). Default: no bound. */
  min?: number;
  /** Largest accepted value (inclusive). Default: no bound. */
  max?: number;
}

/**
 * A finite number within inclusive bounds, checked with the other settings before any work:
 * `numberIn({ min: 0, max: 1 })({ desc: 'Quality gate F1', default: 0 })`.
 */
export function numberIn(bounds: NumberBounds = {}) {
  return makeValidator<number>((input) => {
    const text = input.trim();
    const value = Number(text);
    if (text === '' || !Number.isFinite(value)) {
      throw new EnvError(`${JSON.stringify(input)} is not a number`);
    }
    if (bounds.min !== undefined && value < bounds.min) {
      throw new EnvError(`${value} is below the minimum ${bounds.min}`);
    }
    if (bounds.max !== undefined && value > bounds.max) {
      throw new EnvError(`${value} is above the maximum ${bounds.max}`);
    }
    return value;
  });
}

/**
 * A comma-separated list whose every item is one of `allowed` (case-sensitive), with at least
 * one item: `listOf(['en', 'de', 'es'])({ desc: 'Languages', default: ['en'] })`. The message
 * names every unknown item and what is allowed.
 */
export function listOf(allowed: readonly string[]) {
  return makeValidator<string[]>((input) => {
    const items = input
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    if (items.length === 0) throw new EnvError('is empty: name at least one item');
    const unknown = items.filter((item) => !allowed.includes(item));
    if (unknown.length > 0) {
      throw new EnvError(
        `${unknown.map((item) => JSON.stringify(item)).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not supported: use a comma-separated list of ${allowed.join(', ')}`,
      );
    }
    return items;
  });
}
