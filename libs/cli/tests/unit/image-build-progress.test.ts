import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { componentDockerfile } from '../../src/commands/new/dockerfile-template';

const root = join(__dirname, '..', '..', '..', '..');

/** The RUN instructions of a Dockerfile that install npm packages, continuation lines joined. */
function npmInstalls(dockerfile: string): string[] {
  return dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((line) => /^RUN\b/.test(line) && /\bnpm (ci|install)\b/.test(line));
}

describe('npm inside image builds', () => {
  // Without a terminal npm prints nothing until it ends: minutes of one line in the build log.
  const dockerfiles: Array<[string, string]> = [
    ['the component template', componentDockerfile('keywords', 'train')],
    ...readdirSync(join(root, 'docker'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry): [string, string] => [
        `docker/${entry.name}/Dockerfile`,
        readFileSync(join(root, 'docker', entry.name, 'Dockerfile'), 'utf8'),
      ]),
  ];

  it('the component template and the s3rver base image install packages', () => {
    expect(npmInstalls(componentDockerfile('keywords', 'train'))).toHaveLength(2);
    expect(
      npmInstalls(readFileSync(join(root, 'docker', 's3rver', 'Dockerfile'), 'utf8')),
    ).toHaveLength(1);
  });

  it.each(dockerfiles)(
    '%s: every npm install prints a line per package and its scripts',
    (_, text) => {
      for (const run of npmInstalls(text)) {
        expect(run).toContain('--loglevel=http');
        expect(run).toContain('--foreground-scripts');
        expect(run).not.toMatch(
          /--silent|--quiet|--loglevel[= ](silent|error|warn)\b|>\s*\/dev\/null/,
        );
      }
    },
  );
});
