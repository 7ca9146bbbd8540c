// The playground's Vite configuration, shared by build.mjs (the build) and `vite` (a
// development server: npx vite --config sim/web/config.mjs). The engine's Node modules
// are bundled as they are: node:* imports map to the small browser modules in node/.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { mapPlugin } from './mapdata.mjs';

export const WEB = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(WEB, '..', '..');
export const OUT = join(ROOT, 'dist', 'web');

/** The commit the page is built from, as the CLI's manifest writes it (sim/io/manifest.ts). */
export function buildCommit() {
  const r = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) return null;
  const d = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' });
  return r.stdout.trim() + (d.status === 0 && d.stdout.trim() ? '-dirty' : '');
}

export function config() {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const node = (m) => join(WEB, 'node', `${m}.ts`);
  return {
    root: WEB,
    base: './',
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    define: {
      __HEDGESIM_VERSION__: JSON.stringify(pkg.version),
      __HEDGESIM_COMMIT__: JSON.stringify(buildCommit()),
    },
    resolve: {
      alias: [
        { find: /^node:fs$/, replacement: node('fs') },
        { find: /^node:path$/, replacement: node('path') },
        { find: /^node:crypto$/, replacement: node('crypto') },
        { find: /^node:url$/, replacement: node('url') },
        { find: /^node:os$/, replacement: node('os') },
        { find: /^node:child_process$/, replacement: node('child_process') },
      ],
    },
    plugins: [mapPlugin()],
    worker: { format: 'es' },
    build: {
      outDir: OUT,
      emptyOutDir: true,
      target: 'es2022',
      chunkSizeWarningLimit: 4000,
      reportCompressedSize: false,
      // no timing report of plugins on a busy machine (it is advice for plugin authors)
      rolldownOptions: { checks: { bundlerTimings: false } },
    },
    server: { host: '127.0.0.1', fs: { allow: [ROOT] } },
  };
}

export default config();
