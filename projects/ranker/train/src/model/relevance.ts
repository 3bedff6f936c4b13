/**
 * How targets become the graded relevance NDCG and LambdaMART use. Integer targets in 0..31
 * (LETOR grades) are used as they are. Real-valued targets (teacher_score in [0, 1], say) are
 * mapped linearly from the training range [min, max] onto grades 0..levels-1 and rounded, values
 * outside the range clamped: gains 2^grade - 1 then grow with the score.
 */
export type RelevanceScale =
  { kind: 'grades' } | { kind: 'scaled'; min: number; max: number; levels: number };

/** Chooses the scale from the training targets. */
export function fitRelevanceScale(targets: readonly number[], levels = 5): RelevanceScale {
  const present = targets.filter((value) => !Number.isNaN(value));
  if (present.every((value) => Number.isInteger(value) && value >= 0 && value <= 31))
    return { kind: 'grades' };
  let min = Infinity;
  let max = -Infinity;
  for (const value of present) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return { kind: 'scaled', min, max, levels };
}

/** The grade of each target under the scale. */
export function toRelevance(targets: readonly number[], scale: RelevanceScale): Float64Array {
  if (scale.kind === 'grades') return Float64Array.from(targets);
  const span = scale.max - scale.min || 1;
  return Float64Array.from(targets, (value) =>
    Math.min(
      scale.levels - 1,
      Math.max(0, Math.round(((value - scale.min) / span) * (scale.levels - 1))),
    ),
  );
}
