#!/usr/bin/env node
// The seed's `train_pipeline` command (see the component README).
require('../dist/commands/train-pipeline.js')
  .trainPipelineCommand(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
