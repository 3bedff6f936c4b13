/** Replaces every occurrence of each secret value (4 characters or longer) with `***`. */
export function maskSecrets(text: string, secrets: string[]): string {
  let masked = text;
  for (const secret of [...secrets]
    .filter((s) => s.length >= 4)
    .sort((a, b) => b.length - a.length))
    masked = masked.split(secret).join('***');
  return masked;
}
