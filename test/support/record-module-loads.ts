/**
 * Preloaded with `node --import`, it records the URL of every module the
 * process resolves, through `import` and `require` alike, and writes them one
 * per line to the file `AKR_TEST_MODULE_LOG` names when the process exits.
 */
import { writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const loaded = new Set<string>();
registerHooks({
  resolve(specifier, context, nextResolve) {
    const result = nextResolve(specifier, context);
    loaded.add(result.url);
    return result;
  },
});
process.on('exit', () => {
  const log = process.env.AKR_TEST_MODULE_LOG;
  if (log) writeFileSync(log, [...loaded].join('\n'));
});
