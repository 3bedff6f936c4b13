import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { connectDocker, findCompose, runComposeService, type ComposeCommand } from '@mesh/docker';
import { tempTree } from '@mesh/testing';

const BASE = 'mesh/debian:latest';
let docker: Docker;
let compose: ComposeCommand;

beforeAll(async () => {
  // A real engine and compose are required: this fails, with how to get them, rather than skipping.
  docker = await connectDocker();
  await docker
    .getImage(BASE)
    .inspect()
    .catch(() => {
      throw new Error(
        `${BASE} is missing: build it with \`make docker.build/debian\` (bash .ci/run does).`,
      );
    });
  const found = await findCompose();
  if (!found)
    throw new Error('compose is missing: `apt-get install docker-compose` (bash .ci/run does).');
  compose = found;
});

describe('runComposeService', () => {
  it("returns the service's own exit code, starts its dependencies and removes all it started", async () => {
    const folder = tempTree();
    writeFileSync(
      join(folder, 'compose.yaml'),
      [
        'services:',
        '  suite:',
        `    image: ${BASE}`,
        '    profiles: [unit]',
        '    depends_on: [helper]',
        // The dependency is reachable by its service name, then the suite fails with code 3.
        "    command: ['sh', '-c', 'getent hosts helper >/dev/null && exit 3']",
        '  helper:',
        `    image: ${BASE}`,
        '    profiles: [unit]',
        "    command: ['sleep', '300']",
        '',
      ].join('\n'),
    );
    const projectName = `mesh-compose-test-${process.pid}`;
    const code = await runComposeService({
      compose,
      files: ['compose.yaml'],
      service: 'suite',
      profiles: ['unit'],
      projectName,
      down: true,
      cwd: folder,
    });
    expect(code).toBe(3);
    const left = await docker.listContainers({
      all: true,
      filters: { label: [`com.docker.compose.project=${projectName}`] },
    });
    expect(left).toEqual([]);
  }, 120_000);
});
