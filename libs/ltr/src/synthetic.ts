import { mulberry32 } from '@mesh/ml';

/**
 * A LETOR-like synthetic ranking set for tests and benchmarks, as SVMlight text: `queries`
 * queries of 10..2*docsPerQuery-10 documents, `features` features (a few informative with
 * interactions and thresholds, the rest noise, some query-level), graded relevance 0..4 from a
 * hidden nonlinear score plus noise, most documents irrelevant as in web search sets.
 */
export function syntheticLetor(options: {
  queries: number;
  docsPerQuery: number;
  features: number;
  seed: number;
}): string {
  const random = mulberry32(options.seed);
  const gaussian = () =>
    Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const lines: string[] = [];
  for (let q = 0; q < options.queries; q++) {
    const docs = 10 + Math.floor(random() * Math.max(1, 2 * options.docsPerQuery - 20));
    const queryShift = gaussian();
    const queryFeatures = Array.from({ length: 3 }, () => random());
    for (let d = 0; d < docs; d++) {
      const x = Array.from({ length: options.features }, () => random());
      for (let f = 0; f < 3 && f < options.features; f++)
        x[options.features - 1 - f] = queryFeatures[f];
      const score =
        2 * x[0] +
        1.5 * (x[1] > 0.6 ? 1 : 0) +
        x[2] * x[3] * 2 +
        Math.sin(6 * x[4]) * 0.5 +
        0.3 * queryShift * x[5] +
        0.6 * gaussian();
      const grade = Math.max(0, Math.min(4, Math.floor(score - 1.2)));
      const pairs = x.map((value, f) => `${f + 1}:${value.toFixed(6)}`).join(' ');
      lines.push(`${grade} qid:${q + 1} ${pairs}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
