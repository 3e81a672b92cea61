/**
 * One process of the two-writer test: fills the synth cache of the state dir
 * in argv[2] with a template of its own (argv[3] names it) after a pause, and
 * prints the template it was given back.
 */
import { synthesizedTemplate } from '../../../local/workflow/template-cache.ts';
import { bulkyTemplate } from './bulky-template.ts';

const [stateDir, writer] = process.argv.slice(2);
if (!stateDir || !writer) throw new Error('usage: cache-writer.ts <stateDir> <writer>');
const template = await synthesizedTemplate({
  stateDir,
  synthesize: () => {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300); // both processes miss
    return bulkyTemplate(writer);
  },
});
process.stdout.write(JSON.stringify(template.Resources.Marker));
