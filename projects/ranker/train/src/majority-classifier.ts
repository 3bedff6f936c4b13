/** A labelled example. */
export interface Example {
  text: string;
  label: string;
}

/** Checks one JSONL record; the message names the offending field. */
export function parseExample(value: unknown): Example {
  const record = value as Partial<Example>;
  if (typeof record?.text !== 'string') throw new Error('field "text" must be a string');
  if (typeof record.label !== 'string') throw new Error('field "label" must be a string');
  return { text: record.text, label: record.label };
}

/** The baseline every model must beat: always predict the most frequent training label. */
export function trainMajorityClassifier(examples: readonly Example[]): { label: string } {
  const counts = new Map<string, number>();
  for (const { label } of examples) counts.set(label, (counts.get(label) ?? 0) + 1);
  const [label] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  return { label };
}

/** Share of examples whose label the model predicts. */
export function accuracy(model: { label: string }, examples: readonly Example[]): number {
  return examples.filter((example) => example.label === model.label).length / examples.length;
}
