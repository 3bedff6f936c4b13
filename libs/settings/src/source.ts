/** Where a setting's value came from. */
export type SettingSource =
  { kind: 'environment' } | { kind: 'file'; file: string; line: number } | { kind: 'default' };

/** Renders a source the way problems and tables show it, e.g. `config/dev.env:4`. */
export function describeSource(source: SettingSource): string {
  switch (source.kind) {
    case 'environment':
      return 'environment';
    case 'file':
      return `${source.file}:${source.line}`;
    case 'default':
      return 'default';
  }
}
