import { defineCommand } from './command.ts';
import { serveOptions } from './options.ts';

export const command = defineCommand({
  name: 'serve [scenario]',
  describe: 'serve the playground (the page, built by npm run playground) on 127.0.0.1 and print its address',
  options: serveOptions,
  examples: [
    ['hedgesim serve', 'open http://127.0.0.1:5199/ with the baseline scenario'],
    ['hedgesim serve scenarios/my-scenario.yaml --port 0', 'open your scenario, on any free port'],
  ],
  handler: async (a, io) => (await import('./serve.ts')).serveCommand({ scenario: a.scenario, port: a.port, host: a.host, root: a.root }, io),
});
