// Parsing (grouping) accuracy of nulog-train's learner (Brain) and the Drain baseline on the
// shipped logs with their true templates and on generated logs of several systems (systems.ts),
// 2,000 lines each as log-parsing benchmarks sample them. Printed (and written to
// bench/results/nulog-train.accuracy.json), never asserted.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsvLine } from '../../projects/nulog/train/src/logs/csv';
import { compileLogFormat } from '../../projects/nulog/train/src/logs/log-format';
import { drainTemplates } from '../../projects/nulog/train/src/model/drain';
import { groupingAccuracy } from '../../projects/nulog/train/src/model/grouping-accuracy';
import { TemplateModel } from '../../projects/nulog/train/src/model/template-model';
import { compileMasks, tokenize } from '../../projects/nulog/train/src/model/tokenize';
import { recordBenchResult } from '../lib/bench-result';
import { generateLog, SYSTEMS } from './systems';

const LINES = Number(process.env.BENCH_ACCURACY_LINES ?? 2_000);
const DATA = join(__dirname, '..', '..', 'projects', 'nulog', 'train', 'data');

/** Brain and Drain grouping accuracy on raw lines split by a LOG_FORMAT. */
function score(lines: string[], truth: string[], logFormat: string, maskRegexes: string[]) {
  const format = compileLogFormat(logFormat);
  const contents = lines.map((line, index) => {
    const fields = format.parse(line);
    if (!fields) throw new Error(`line ${index + 1} does not fit ${logFormat}: ${line}`);
    return fields.Content;
  });
  const brain = TemplateModel.train(contents, { maskRegexes, logFormat });
  const masks = compileMasks(maskRegexes);
  const drain = drainTemplates(contents.map((content) => tokenize(content, masks)));
  return {
    brain: groupingAccuracy(brain.eventIds, truth),
    drain: groupingAccuracy(drain.assignments, truth),
    templates: new Set(truth).size,
    found: brain.model.templates.length,
  };
}

function row(name: string, lines: number, result: ReturnType<typeof score>): string {
  return `${name.padEnd(16)} ${String(lines).padStart(6)} ${String(result.templates).padStart(5)} ${String(result.found).padStart(6)}  ${result.brain.toFixed(3)}  ${result.drain.toFixed(3)}`;
}

function main(): void {
  console.log('mesh nulog-train parsing accuracy (grouping accuracy, Zhu et al. 2019)');
  console.log('data             lines  true  found  brain  drain');
  const shippedResults: Array<ReturnType<typeof score>> = [];
  const shipped = [
    { file: 'mesh-api-eval', format: '<Date> <Time> <Level> <Component>: <Content>' },
    { file: 'storage', format: '<Date> <Time> <Pid> <Level> <Component>: <Content>' },
    { file: 'syslog', format: '<Month> <Day> <Time> <Host> <Component>\\[<Pid>\\]: <Content>' },
  ];
  for (const { file, format } of shipped) {
    const lines = readFileSync(join(DATA, `${file}.log`), 'utf8')
      .trim()
      .split('\n');
    const truth = readFileSync(join(DATA, `${file}_structured.csv`), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => parseCsvLine(line)[3]);
    const result = score(lines, truth, format, []);
    shippedResults.push(result);
    console.log(row(`${file} (shipped)`, lines.length, result));
  }
  const generated = SYSTEMS.map((system, index) => {
    const log = generateLog(system, LINES, 1000 + index);
    const result = score(log.lines, log.templates, system.logFormat, system.maskRegexes);
    console.log(row(system.name, LINES, result));
    return result;
  });
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const average = (results: Array<ReturnType<typeof score>>) => {
    const brain = mean(results.map((r) => r.brain));
    const drain = mean(results.map((r) => r.drain));
    return {
      value: `${brain.toFixed(3)} vs ${drain.toFixed(3)}`,
      ratio: `${(brain / drain).toFixed(2)}x Drain's`,
    };
  };
  console.log(
    `generated average over ${generated.length} systems: brain ${mean(generated.map((r) => r.brain)).toFixed(3)}, drain ${mean(generated.map((r) => r.drain)).toFixed(3)}`,
  );
  const path = recordBenchResult(
    'nulog-train',
    [
      {
        measure: `grouping accuracy, average over ${SYSTEMS.length} generated systems (${LINES.toLocaleString('en')} lines each), Brain vs the Drain baseline`,
        ...average(generated),
      },
      {
        measure: `grouping accuracy, average over the ${shippedResults.length} shipped logs with their true templates, Brain vs Drain`,
        ...average(shippedResults),
      },
    ],
    { script: 'accuracy.ts' },
  );
  console.log(`figures written to ${path}`);
}

main();
