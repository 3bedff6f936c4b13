#!/usr/bin/env node
// The seed's `export_model` command (see the component README).
require('../dist/commands/export-model.js')
  .exportModelCommand(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
