/** Whether `error` is a Node.js system error with one of `codes`, e.g. `ENOENT`. */
export function hasErrorCode(error: unknown, ...codes: string[]): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && codes.includes(code);
}
