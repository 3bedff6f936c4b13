/**
 * A manifest as YAML, as kubectl shows it: no anchors or aliases. The yaml package is loaded on
 * the first call rather than with the library: ~25 ms of start-up that a service which never
 * renders YAML (the Training API stores manifests as JSON) would otherwise pay.
 */
export function manifestYaml(manifest: unknown): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { stringify } = require('yaml') as typeof import('yaml');
  return stringify(manifest, { aliasDuplicateObjects: false });
}
