#!/usr/bin/env node
'use strict';
// A component's `predict` task (`make projects.run/<project> TASK=predict`): JSONL on stdin ->
// predictions of a registered version on stdout. Run by npm in the component's folder.
const { predictComponentStdin } = require('../dist/predict-component-stdin.js');

predictComponentStdin({
  argv: process.argv.slice(2),
  componentDir: process.cwd(),
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  log: (line) => process.stderr.write(`${line}\n`),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
