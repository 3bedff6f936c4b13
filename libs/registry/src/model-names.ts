import { RegistryError } from './errors';

/** The model a project's train component registers into: `keywords` -> `KEYWORDS-TRAINED`. */
export function trainedModelName(project: string): string {
  return `${project.toUpperCase()}-TRAINED`;
}

/** A version's id: `KEYWORDS-TRAINED-12`. */
export function versionId(model: string, number: number): string {
  return `${model}-${number}`;
}

/** A reference to a version: by id (`KEYWORDS-TRAINED-12`) or by alias (`KEYWORDS-TRAINED@production`). */
export type VersionRef =
  | { kind: 'id'; id: string; model: string; number: number }
  | { kind: 'alias'; model: string; alias: string };

/**
 * Parses what a user typed for a version. Case does not matter; a project name stands for its
 * trained model (`keywords@production`).
 */
export function parseVersionRef(text: string): VersionRef {
  const value = text.trim().toUpperCase();
  const alias = /^([A-Z0-9-]+)@([A-Z0-9][A-Z0-9_-]*)$/.exec(value);
  if (alias) {
    const model = alias[1].endsWith('-TRAINED') ? alias[1] : trainedModelName(alias[1]);
    return { kind: 'alias', model, alias: alias[2].toLowerCase() };
  }
  const id = /^([A-Z0-9-]+)-(\d+)$/.exec(value);
  if (id) return { kind: 'id', id: value, model: id[1], number: Number(id[2]) };
  throw new RegistryError(
    `"${text}" is not a version: use an id like KEYWORDS-TRAINED-12 or an alias like KEYWORDS-TRAINED@production.`,
  );
}
