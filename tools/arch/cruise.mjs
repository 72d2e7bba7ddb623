// Runs dependency-cruiser's API with a config file's rules and prints the violations as JSON.
// Usage (from the folder to cruise, whose tsconfig.json resolves the path aliases):
//   node tools/arch/cruise.mjs <config.cjs> <folder>...
// It is a separate script because dependency-cruiser is ESM-only, which jest's CommonJS runtime
// cannot load; tools/arch/arch-rules.spec.ts runs it as a child process.
import { cruise } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const [configFile, ...targets] = process.argv.slice(2);
if (!configFile || targets.length === 0) {
  process.stderr.write('usage: node tools/arch/cruise.mjs <config.cjs> <folder>...\n');
  process.exit(2);
}
const { forbidden, options } = createRequire(import.meta.url)(resolve(configFile));
const { output } = await cruise(targets, { ...options, ruleSet: { forbidden }, validate: true }, undefined, {
  tsConfig: extractTSConfig(options.tsConfig.fileName),
});
if (typeof output === 'string') throw new Error('expected a cruise result object');
const violations = output.summary.violations.map((v) => ({
  rule: v.rule.name,
  from: v.from,
  to: v.to,
  ...(v.cycle && { cycle: v.cycle.map((step) => step.name) }),
}));
process.stdout.write(`${JSON.stringify(violations, null, 2)}\n`);
