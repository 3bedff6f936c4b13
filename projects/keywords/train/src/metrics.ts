import type { Evaluation } from './evaluate';

/**
 * The metrics a version is registered with, and `mesh evaluate` reports: precision, recall and
 * F1 at k overall, and F1 per language as `f1_<lang>`.
 */
export function evaluationMetrics(evaluation: Evaluation): Record<string, number> {
  const metrics: Record<string, number> = {
    precision: evaluation.overall.precision,
    recall: evaluation.overall.recall,
    f1: evaluation.overall.f1,
  };
  for (const [language, scores] of Object.entries(evaluation.byLanguage))
    metrics[`f1_${language}`] = scores.f1;
  return metrics;
}
