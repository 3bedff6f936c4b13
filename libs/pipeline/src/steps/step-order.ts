import type { StepDefinition } from './step-definition';

/**
 * Checks a list of steps: unique names (valid DNS-1123 label parts), known `needs` that come
 * earlier (so the declared order is a valid run order). Throws naming the step at fault.
 */
export function checkSteps(steps: StepDefinition[]): void {
  const seen = new Set<string>();
  for (const step of steps) {
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(step.name))
      throw new Error(`step name "${step.name}": use lower-case letters, digits and dashes`);
    if (seen.has(step.name)) throw new Error(`step ${step.name} is declared twice`);
    for (const need of step.needs ?? []) {
      if (!seen.has(need))
        throw new Error(`step ${step.name} needs ${need}, which is not declared before it`);
    }
    seen.add(step.name);
  }
}

/** Every step that depends, directly or not, on `name` (itself included). */
export function downstreamOf(steps: StepDefinition[], name: string): Set<string> {
  const result = new Set([name]);
  for (const step of steps) {
    if ((step.needs ?? []).some((need) => result.has(need))) result.add(step.name);
  }
  return result;
}

/** Every step `name` depends on, directly or not (itself excluded). */
export function upstreamOf(steps: StepDefinition[], name: string): Set<string> {
  const byName = new Map(steps.map((step) => [step.name, step]));
  const result = new Set<string>();
  const visit = (current: string) => {
    for (const need of byName.get(current)?.needs ?? []) {
      if (result.has(need)) continue;
      result.add(need);
      visit(need);
    }
  };
  visit(name);
  return result;
}
