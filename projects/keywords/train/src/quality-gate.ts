import type { BaselineScore } from './baselines';

/** The quality gate failed: the model is worse than a baseline or than MIN_F1. */
export class QualityGateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = this.constructor.name;
  }
}

/**
 * The gate is relative: the model's F1@k must reach every gated baseline computed on the same
 * evaluation data, and MIN_F1 when the user sets one above 0. Throws naming both numbers.
 */
export function checkQualityGate(
  f1: number,
  k: number,
  baselines: readonly BaselineScore[],
  minF1: number,
): void {
  const reasons: string[] = [];
  for (const baseline of baselines.filter((b) => b.gated && f1 < b.f1))
    reasons.push(
      `F1@${k} ${f1.toFixed(4)} is below the ${baseline.name} baseline's ${baseline.f1.toFixed(4)} on the same evaluation data`,
    );
  if (minF1 > 0 && f1 < minF1)
    reasons.push(`F1@${k} ${f1.toFixed(4)} is below the floor MIN_F1=${minF1}`);
  if (reasons.length > 0)
    throw new QualityGateError(`quality gate: ${reasons.join('; ')}; nothing was kept`);
}
