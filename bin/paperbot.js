#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so a fresh clone needs no build step.
import { existsSync } from 'node:fs';
import { register } from 'tsx/esm/api';

// A .env in the working directory fills variables that the environment does not already set.
if (existsSync('.env')) process.loadEnvFile('.env');
register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
