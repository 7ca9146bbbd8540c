import type { CommandDef } from './commands.ts';

export const command: CommandDef = {
  name: 'serve [scenario]',
  describe: 'serve the playground (the page, built by npm run playground) on 127.0.0.1 and print its address',
  builder: (b) => b
    .positional('scenario', { type: 'string', describe: 'scenario YAML file the page opens with (default: the baseline)' })
    .option('port', { type: 'number', default: 5199, describe: 'port to listen on (0: any free port)' })
    .option('host', { type: 'string', default: '127.0.0.1', describe: 'address to listen on (the page is for this machine: keep the loopback address unless you mean to share it)' })
    .option('root', { type: 'string', describe: 'folder of the built page (default: dist/web of this hedgesim)' })
    .example('hedgesim serve', 'open http://127.0.0.1:5199/ with the baseline scenario')
    .example('hedgesim serve scenarios/my-scenario.yaml --port 0', 'open your scenario, on any free port'),
  handler: async (a, io) => (await import('./serve.ts')).serveCommand({ scenario: a.scenario, port: a.port, host: a.host, root: a.root }, io),
};
