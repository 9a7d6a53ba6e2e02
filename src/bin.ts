#!/usr/bin/env node
// The package's command line (`npx flask-restless-rx codegen ...`); see src/codegen/cli.ts.
import { runCli } from './codegen/cli.js';

const code = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
process.exitCode = code;
