// Build: bundle the TypeScript sources with esbuild into dist/ (ESM, Node 20).
// Dependencies stay external and load lazily, so `hedgesim --help` starts fast.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// chunk names carry a hash: clear the old ones, or every build leaves its chunks behind
rmSync(join(root, 'dist', 'chunks'), { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints: {
    cli: 'sim/cli/main.ts',
    index: 'sim/index.ts',
    worker: 'sim/sweep/worker.ts',
    'run-worker': 'sim/run-worker.ts',
  },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  chunkNames: 'chunks/[name]-[hash]',
  define: { __HEDGESIM_VERSION__: JSON.stringify(pkg.version) },
  banner: { js: '' },
  logLevel: 'warning',
});
