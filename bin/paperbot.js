#!/usr/bin/env node
// Runs the compiled dist/ (built by `npm ci` through the prepare script, or `npm run build`).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('paperbot: dist/ is missing. Run "npm run build" (npm ci runs it for you).\n');
  process.exit(1);
}
// A .env in the working directory fills variables that the environment does not already set.
if (existsSync('.env')) process.loadEnvFile('.env');
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
