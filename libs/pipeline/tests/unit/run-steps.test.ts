import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Output } from '@mesh/output';
import {
  DirectoryStepOutputStore,
  maskSecrets,
  runSteps,
  StepFailedError,
  stepJobName,
  type StepDefinition,
} from '@mesh/pipeline';

const sink = new PassThrough().resume();
const output = new Output({ env: { CI: 'true' }, stderr: sink, stdout: sink });

function temp(): string {
  return mkdtempSync(join(tmpdir(), 'mesh-steps-'));
}

/** a -> (b, c concurrently) -> d; each writes `<name>.txt` from its inputs, logging as it goes. */
function diamond(events: string[], failIn?: string): StepDefinition[] {
  const step = (name: string, needs: string[] = []): StepDefinition => ({
    name,
    needs,
    outputs: [`out/${name}.txt`],
    run: async ({ folder, log }) => {
      events.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      log(`running ${name} with token s3cr3t-token`);
      if (name === failIn) throw new Error(`${name} broke`);
      const inputs = needs.map((need) => readFileSync(join(folder, 'out', `${need}.txt`), 'utf8'));
      writeFileSync(join(folder, 'out', `${name}.txt`), `${name}(${inputs.join(',')})`);
      events.push(`end ${name}`);
    },
  });
  return [step('a'), step('b', ['a']), step('c', ['a']), step('d', ['b', 'c'])];
}

describe('runSteps', () => {
  it('runs steps in order, independent ones concurrently, and records each', async () => {
    const folder = temp();
    const events: string[] = [];
    const records = await runSteps(diamond(events), { folder, output, secrets: ['s3cr3t-token'] });
    expect(events.slice(0, 4)).toEqual(['start a', 'end a', 'start b', 'start c']);
    expect(events.at(-1)).toBe('end d');
    expect(readFileSync(join(folder, 'out/d.txt'), 'utf8')).toBe('d(b(a()),c(a()))');
    expect(records.map((r) => r.status)).toEqual([
      'succeeded',
      'succeeded',
      'succeeded',
      'succeeded',
    ]);
    expect(records[0].durationMs).toBeGreaterThanOrEqual(15);
    const saved = JSON.parse(readFileSync(join(folder, 'logs/steps.json'), 'utf8'));
    expect(saved.map((r: { name: string }) => r.name)).toEqual(['a', 'b', 'c', 'd']);
    const log = readFileSync(join(folder, 'logs/b.log'), 'utf8');
    expect(log).toBe('running b with token ***\n');
  });

  it('stops at the first failure, then resumes from it reusing the stored outputs', async () => {
    const store = new DirectoryStepOutputStore(temp());
    const first = temp();
    const events: string[] = [];
    const failure = await runSteps(diamond(events, 'c'), { folder: first, output, store }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(StepFailedError);
    expect((failure as StepFailedError).message).toBe(
      'step c failed: c broke (log: logs/c.log; resume with --from-step c)',
    );
    const statuses = Object.fromEntries(
      (failure as StepFailedError).records.map((r) => [r.name, r.status]),
    );
    expect(statuses).toEqual({ a: 'succeeded', b: 'succeeded', c: 'failed', d: 'not-run' });
    expect(readFileSync(join(first, 'logs/c.log'), 'utf8')).toContain('FAILED: c broke');
    expect(existsSync(join(store.location, 'out/a.txt'))).toBe(true);

    const second = temp();
    const resumed: string[] = [];
    const records = await runSteps(diamond(resumed), {
      folder: second,
      output,
      store,
      fromStep: 'c',
    });
    // b does not depend on c: reused, like a.
    expect(resumed).toEqual(['start c', 'end c', 'start d', 'end d']);
    expect(records.map((r) => r.status)).toEqual(['reused', 'reused', 'succeeded', 'succeeded']);
    expect(readFileSync(join(second, 'out/d.txt'), 'utf8')).toBe('d(b(a()),c(a()))');
  });

  it('refuses to resume without stored outputs, or from an unknown step', async () => {
    const store = new DirectoryStepOutputStore(temp());
    await expect(
      runSteps(diamond([]), { folder: temp(), output, store, fromStep: 'd' }),
    ).rejects.toThrow('cannot resume from d: output out/a.txt of step a was not stored');
    await expect(
      runSteps(diamond([]), { folder: temp(), output, store, fromStep: 'd' }),
    ).rejects.toMatchObject({
      name: 'StepOutputMissingError',
      resumeFrom: 'd',
      step: 'a',
      output: 'out/a.txt',
      location: store.location,
    });
    await expect(runSteps(diamond([]), { folder: temp(), output, fromStep: 'x' })).rejects.toThrow(
      '--from-step x: no such step (steps: a, b, c, d)',
    );
  });

  it('skips disabled steps and fails a step that does not write its outputs', async () => {
    const steps: StepDefinition[] = [
      { name: 'optional', enabled: false, outputs: ['x'], run: async () => undefined },
      { name: 'lazy', needs: ['optional'], outputs: ['never.txt'], run: async () => undefined },
    ];
    await expect(runSteps(steps, { folder: temp(), output })).rejects.toThrow(
      'step lazy failed: the step did not write its output never.txt',
    );
  });

  it('refuses steps whose needs are not declared before them', async () => {
    const steps: StepDefinition[] = [
      { name: 'late', needs: ['early'], outputs: [], run: async () => undefined },
      { name: 'early', outputs: [], run: async () => undefined },
    ];
    await expect(runSteps(steps, { folder: temp(), output })).rejects.toThrow(
      'step late needs early, which is not declared before it',
    );
  });
});

describe('stepJobName', () => {
  const label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

  it('is <target>-<step> as a DNS-1123 label', () => {
    expect(stepJobName('Legacy Report Interface Import', 'store-edit-sets')).toBe(
      'legacy-report-interface-import-store-edit-sets',
    );
  });

  it('keeps long names unique with a hash suffix, within 63 characters', () => {
    const long = 'Original Testing Training Set - Random Edits 50/50 with a very long name';
    const a = stepJobName(long, 'create-main-bayes-db');
    const b = stepJobName(`${long} 2`, 'create-main-bayes-db');
    for (const name of [a, b]) {
      expect(name.length).toBeLessThanOrEqual(63);
      expect(name).toMatch(label);
    }
    expect(a).not.toBe(b);
    expect(a).toMatch(/^original-testing-training-set-ran-create-main-bayes-db-[0-9a-f]{8}$/);
  });
});

describe('maskSecrets', () => {
  it('masks every occurrence, longest first', () => {
    expect(maskSecrets('key=abcd1234 again abcd1234, abcd', ['abcd', 'abcd1234'])).toBe(
      'key=*** again ***, ***',
    );
  });
});
