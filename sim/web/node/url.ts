/** node:url in the browser: file URLs to paths (other URLs are refused, as Node refuses them). */
export function fileURLToPath(u: string | URL): string {
  const url = typeof u === 'string' ? new URL(u) : u;
  if (url.protocol !== 'file:') throw Object.assign(new TypeError('The URL must be of scheme file'), { code: 'ERR_INVALID_URL_SCHEME' });
  return decodeURIComponent(url.pathname);
}
export function pathToFileURL(p: string): URL { return new URL('file://' + encodeURI(p)); }
export default { fileURLToPath, pathToFileURL };
