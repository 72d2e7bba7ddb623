import { runCli } from './cli';

// The reader of our stdout went away (`crm replay … | head`): nothing left to do, and not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
});

// Exit only once stdout has flushed: process.exit() right after a large write to a pipe would cut it.
runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env })
  .then((code) => process.stdout.write('', () => process.exit(code)))
  .catch((error: unknown) => {
    process.stderr.write(`crm: ${String(error)}\n`);
    process.exit(1);
  });
