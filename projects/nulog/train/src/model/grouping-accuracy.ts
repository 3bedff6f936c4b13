/**
 * Parsing (grouping) accuracy as log-parsing benchmarks score it (Zhu et al., "Tools and
 * Benchmarks for Automated Log Parsing", ICSE-SEIP 2019): the share of messages whose predicted
 * group holds exactly the messages of their true group.
 */
export function groupingAccuracy(
  predicted: readonly (string | number)[],
  truth: readonly string[],
): number {
  if (predicted.length !== truth.length)
    throw new Error(`${predicted.length} predictions for ${truth.length} labels`);
  if (truth.length === 0) return 0;
  const truthSize = new Map<string, number>();
  for (const label of truth) truthSize.set(label, (truthSize.get(label) ?? 0) + 1);
  const groups = new Map<string | number, Map<string, number>>();
  predicted.forEach((group, index) => {
    let labels = groups.get(group);
    if (!labels) groups.set(group, (labels = new Map()));
    labels.set(truth[index], (labels.get(truth[index]) ?? 0) + 1);
  });
  let correct = 0;
  for (const labels of groups.values()) {
    if (labels.size !== 1) continue;
    const [[label, count]] = labels;
    if (truthSize.get(label) === count) correct += count;
  }
  return correct / truth.length;
}
