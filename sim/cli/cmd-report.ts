import { defineCommand } from './command.ts';
import { reportOptions } from './options.ts';

export const command = defineCommand({
  name: 'report <folder>',
  describe: 'report.html: one self-contained page (works offline) with the charts, summary tables, scenario and manifest',
  options: reportOptions,
  examples: [['hedgesim report results/sweep1', 'write results/sweep1/report.html; open it in any browser']],
  handler: async (a, io) => (await import('./analysis.ts')).reportCommand(a, io),
});
