import { EnvError, makeValidator, type Spec, type ValidatorSpec } from 'envalid';

export { bool, email, host, json, num, port, str, url, makeValidator, EnvError } from 'envalid';

const SECRET = Symbol.for('mesh.settings.secret');

/** Marks a setting as secret: its value is redacted in every printout, dump and record. */
export function secret<T extends ValidatorSpec<unknown>>(spec: T): T {
  return Object.assign(spec, { [SECRET]: true });
}

/** Whether {@link secret} marked this spec. */
export function isSecretSpec(spec: ValidatorSpec<unknown>): boolean {
  return (spec as unknown as Record<symbol, unknown>)[SECRET] === true;
}

/** Options for {@link int}. */
export interface IntOptions {
  /** Smallest accepted value. Default: no bound. */
  min?: number;
  /** Largest accepted value. Default: no bound. */
  max?: number;
}

function parseInteger(input: string, name = 'value'): number {
  if (!/^-?\d+$/.test(input.trim()))
    throw new EnvError(`${JSON.stringify(input)} is not an integer`);
  const value = Number(input);
  if (!Number.isSafeInteger(value)) throw new EnvError(`${name} ${input} is out of range`);
  return value;
}

function checkBounds(value: number, { min, max }: IntOptions): number {
  if (min !== undefined && value < min) throw new EnvError(`${value} is below the minimum ${min}`);
  if (max !== undefined && value > max) throw new EnvError(`${value} is above the maximum ${max}`);
  return value;
}

/** An integer, optionally bounded: `int({ min: 1 })({ desc, default: 10 })`. */
export function int(bounds: IntOptions = {}) {
  return makeValidator<number>((input) => checkBounds(parseInteger(input), bounds));
}

/** An inclusive `[low, high]` range of integers. */
export type IntRange = readonly [number, number];

/**
 * An inclusive integer range written `[1,3]`, `1,3` or `(1, 3)` (the seed's python tuple form),
 * with `low <= high`, both within `bounds`.
 */
export function intRange(bounds: IntOptions = {}) {
  return makeValidator<IntRange>((input) => {
    const parts = input
      .trim()
      .replace(/^[[(]|[\])]$/g, '')
      .split(',')
      .map((part) => part.trim());
    if (parts.length !== 2 || parts.some((part) => part === '')) {
      throw new EnvError(`${JSON.stringify(input)} is not a range of two integers like [1,3]`);
    }
    const [low, high] = parts.map((part) => checkBounds(parseInteger(part), bounds));
    if (low > high) throw new EnvError(`range [${low},${high}] has its low end above its high end`);
    return [low, high] as const;
  });
}

/** A comma-separated list of strings, trimmed, empty items dropped. */
export const list = makeValidator<string[]>((input) =>
  input
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);

/** What a setting accepts, for messages: its description, choices and example. */
export function describeExpected(spec: Spec<unknown>): string | undefined {
  const parts = [
    spec.desc,
    spec.choices
      ? `one of ${spec.choices.map((choice) => JSON.stringify(choice)).join(', ')}`
      : undefined,
    spec.example ? `e.g. ${spec.example}` : undefined,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join('; ') : undefined;
}
