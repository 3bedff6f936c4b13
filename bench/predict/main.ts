// keywords predictions per second over 1,000 documents: in-process (the component's predictor
// on a loaded version) against `mesh predict` cold (download through the store, verify, load)
// and warm (the version cached under the mesh home). Prints the figures and ratios (also written
// to bench/results/predict.json); asserts nothing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { recordBenchResult } from '../lib/bench-result';

const root = join(__dirname, '..', '..');
const component = join(root, 'projects', 'keywords', 'train');
const DOCUMENTS = Number(process.env.DOCUMENTS ?? 1000);
const RUNS = Number(process.env.RUNS ?? 3);

function run(command: string, args: string[], env: NodeJS.ProcessEnv): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: root, env, encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  console.log(
    `machine: ${cpus().length} CPUs (${cpus()[0].model}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`,
  );
  const home = mkdtempSync(join(tmpdir(), 'mesh-bench-predict-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MESH_HOME: home,
    ENVIRONMENT: 'dev',
    CI: 'true',
  };
  delete env.MODEL_STORE_URI;
  delete env.REGISTRY_URL;
  run('node', [join(component, 'dist', 'main.js')], env);
  const runs = join(home, 'runs', 'keywords-train');
  const modelDir = join(runs, readdirSync(runs)[0]);

  // 1,000 documents cycled from the shipped corpus, each with its language.
  const corpus = readFileSync(join(component, 'data', 'corpus.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { text: string; lang: string });
  const inputs = Array.from({ length: DOCUMENTS }, (_, i) => ({
    text: corpus[i % corpus.length].text,
    lang: corpus[i % corpus.length].lang,
  }));
  const inputFile = join(home, 'inputs.jsonl');
  writeFileSync(inputFile, inputs.map((input) => JSON.stringify(input)).join('\n') + '\n');
  const outputFile = join(home, 'outputs.jsonl');

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(join(component, 'dist', 'predict.js'));
  const inProcess: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    const predictor = await module.loadPredictor(modelDir);
    for (let at = 0; at < inputs.length; at += 64)
      await predictor.predict(inputs.slice(at, at + 64));
    inProcess.push(Number(process.hrtime.bigint() - started) / 1e9);
  }

  const mesh = [
    'libs/cli/bin/mesh.js',
    'predict',
    'keywords',
    '--input',
    inputFile,
    '--output',
    outputFile,
  ];
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    rmSync(join(home, 'cache'), { recursive: true, force: true });
    cold.push(run('node', mesh, env));
    warm.push(run('node', mesh, env));
  }
  const lines = readFileSync(outputFile, 'utf8').trim().split('\n').length;
  if (lines !== DOCUMENTS)
    throw new Error(`mesh predict wrote ${lines} lines for ${DOCUMENTS} inputs`);

  const rate = (seconds: number) =>
    `${(DOCUMENTS / seconds).toFixed(0)} docs/s (${seconds.toFixed(2)} s)`;
  const reference = median(inProcess);
  console.log(`${DOCUMENTS} documents, median of ${RUNS} runs each`);
  console.log(`in-process (load + predict):          ${rate(reference)}  1.00x`);
  console.log(
    `mesh predict, cold (download + load): ${rate(median(cold))}  ${(median(cold) / reference).toFixed(2)}x the time`,
  );
  console.log(
    `mesh predict, warm (cached):          ${rate(median(warm))}  ${(median(warm) / reference).toFixed(2)}x the time`,
  );
  const versusInProcess = (seconds: number) => ({
    value: `${rate(seconds)} vs ${rate(reference)}`,
    ratio: `${(seconds / reference).toFixed(2)}x the in-process time`,
  });
  const path = recordBenchResult('predict', [
    {
      measure: `keywords predictions, ${DOCUMENTS} documents, median of ${RUNS}: \`mesh predict\` cold (download, verify, load) vs in-process`,
      ...versusInProcess(median(cold)),
    },
    {
      measure: `keywords predictions, ${DOCUMENTS} documents, median of ${RUNS}: \`mesh predict\` warm (cached) vs in-process`,
      ...versusInProcess(median(warm)),
    },
  ]);
  console.log(`figures written to ${path}`);
  rmSync(home, { recursive: true, force: true });
}

void main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
