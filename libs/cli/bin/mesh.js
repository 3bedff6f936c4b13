#!/usr/bin/env node
'use strict';
// The mesh command. Runs the compiled CLI; `npm ci` (or `npm run build`) compiles it.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const entry = join(__dirname, '..', 'dist', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write(
    'error: mesh is not built yet. Run `npm ci` (or `npm run build`) at the repository root.\n',
  );
  process.exit(1);
}
const cli = require(entry);
// `mesh ... | head` closes the pipe early: end quietly instead of with an EPIPE stack trace.
cli.exitQuietlyWhenPipeCloses(process.stdout);
cli.main(process.argv).then((code) => {
  process.exitCode = code;
});
