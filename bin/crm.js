#!/usr/bin/env node
// The `crm` ops CLI. Runs the built CLI (dist/, from `npm run build`) when present, else the
// TypeScript source through @swc-node/register, so `npx crm …` works straight after `npm ci`.
// The tsconfig is named explicitly so the path aliases resolve from any working directory.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const built = join(root, 'dist/apps/crm-cli/src/main.js');

if (existsSync(built)) {
  require(built);
} else {
  process.env.SWC_NODE_PROJECT ??= join(root, 'tsconfig.json');
  require('@swc-node/register');
  require(join(root, 'apps/crm-cli/src/main.ts'));
}
