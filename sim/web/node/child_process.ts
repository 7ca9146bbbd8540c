/** node:child_process in the browser: there are no processes; every call fails as a missing program does. */
export function spawnSync(cmd: string) {
  return { status: null, signal: null, stdout: '', stderr: '', pid: 0, output: [], error: Object.assign(new Error(`spawnSync ${cmd}: no processes in the browser`), { code: 'ENOENT' }) };
}
export default { spawnSync };
