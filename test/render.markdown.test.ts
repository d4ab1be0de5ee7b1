// The Markdown format: golden file, and escaping that keeps hostile log text from becoming formatting,
// links, mentions, HTML or extra table cells.

import { describe, expect, it } from 'vitest';
import { escapeMarkdown, renderMarkdown } from '../src/render/markdown.js';
import { sampleView } from './helpers/sample-report.js';

describe('Markdown report', () => {
  it('matches the golden file', async () => {
    await expect(renderMarkdown(sampleView(10))).toMatchFileSnapshot('golden/report/sample.md');
  });

  it('keeps every table row at its column count whatever the cells contain', () => {
    const lines = renderMarkdown(sampleView()).split('\n');
    let columns = 0;
    for (const line of lines) {
      if (!line.startsWith('|')) {
        columns = 0;
        continue;
      }
      // Unescaped pipes separate cells; escaped ones (\|) are text.
      const cells = line.replace(/\\\\/g, '').split(/(?<!\\)\|/).length;
      if (columns === 0) columns = cells;
      expect(cells, line).toBe(columns);
    }
  });

  it('escapes what would format, link, mention or inject HTML', () => {
    const hostile = 'a|b <img src=x> *x* _y_ `z` [l](http://e.example) ![i](j) @team #12 www.e.example ~s~ &amp; $x$ \\';
    const escaped = escapeMarkdown(hostile);
    expect(escaped).toBe(
      'a\\|b \\<img src=x\\> \\*x\\* \\_y\\_ \\`z\\` \\[l\\](http\\://e.example) !\\[i\\](j) \\@team \\#12 www\\.e.example \\~s\\~ \\&amp; \\$x\\$ \\\\',
    );
  });

  it('never lets an unescaped special character through', () => {
    const text = renderMarkdown(sampleView());
    const body = text.split('\n').filter((line) => line.startsWith('|') && !line.startsWith('| ---'));
    for (const line of body) {
      const inner = line.slice(1, -1).replace(/\\./g, '');
      expect(inner, line).not.toMatch(/[<>`*_[\]&@#~$]/);
      expect(inner, line).not.toMatch(/www\.|:\/\//i);
    }
  });
});
