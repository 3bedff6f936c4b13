#!/usr/bin/env node
// The seed's `train_ranker` command (see the component README).
require('../dist/commands/train-ranker.js')
  .trainRankerCommand(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
