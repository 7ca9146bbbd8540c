/** node:path in the browser: POSIX paths (pathe); the virtual current folder is /. */
export * from 'pathe';
export { default } from 'pathe';
