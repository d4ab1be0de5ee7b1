// Owns the shell every HTML page of the tool shares: the doctype, a head whose Content-Security-Policy allows
// exactly the page's own inline stylesheet (and script, when it has one) by their hashes and nothing else, no
// referrer, the generator and the title, the stylesheet inlined, and the body's main content. The report and the
// explanation fill it with their own content.

import { createHash } from 'node:crypto';
import type { ToolInfo } from '../../analyze/types.js';
import { type Html, html, trusted } from './markup.js';
import { STYLESHEET } from './styles.js';

/** A CSP source for exactly this inline text: `'sha256-...'`. */
function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The whole page: `main` is the content of its <main>, `script` an inline script after it (ours, constant). */
export function htmlPage(page: {
  readonly title: string;
  readonly tool: Pick<ToolInfo, 'name' | 'version'>;
  readonly main: Html;
  readonly script?: string;
}): string {
  // Nothing may load: only this stylesheet and this script, by their hashes; no base URL, no form target.
  const csp = `default-src 'none'; style-src ${cspHash(STYLESHEET)};${page.script === undefined ? '' : ` script-src ${cspHash(page.script)};`} base-uri 'none'; form-action 'none'`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="${page.tool.name} ${page.tool.version}">
<title>${page.title}</title>
<style>${trusted(STYLESHEET)}</style>
</head>
<body>
<main>
${page.main}
</main>
${
  page.script === undefined
    ? null
    : html`<script>${trusted(page.script)}</script>
`
}</body>
</html>
`.text;
}
