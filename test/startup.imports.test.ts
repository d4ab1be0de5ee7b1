// What every run loads before it does anything: the modules src/main.ts reaches through static value imports
// (type-only imports and `await import()` are left out, as the compiled code leaves them out). The JSON
// contracts' schema library and the workbook library are for `npm run schema`, the tests and `--format xlsx`:
// no command's start-up may pay for them. The HTML report with its charts library, and what only explain or kql
// runs, are loaded when asked for.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/exec.js';

/** The specifiers of a module's static imports and re-exports that bring values (not `import type`). */
function valueImports(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/^(?:import|export)\s+([^'";]*?)\s*from\s+'([^']+)'|^import\s+'([^']+)'/gm)) {
    if (match[3] !== undefined) {
      found.push(match[3]);
      continue;
    }
    const clause = match[1]!.trim();
    const typesOnly = clause.startsWith('type ') || /^\{\s*(?:type\s+[^,}]+(?:,\s*|\s*(?=\})))*\}$/.test(clause);
    if (!typesOnly) found.push(match[2]!);
  }
  return found;
}

/** Every module main.ts reaches, and the packages among them. */
function reached(): { modules: Set<string>; packages: Set<string> } {
  const modules = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (modules.has(file)) return;
    modules.add(file);
    for (const specifier of valueImports(readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('.')) visit(path.resolve(path.dirname(file), specifier.replace(/\.js$/, '.ts')));
      else if (!specifier.startsWith('node:'))
        packages.add(
          specifier
            .split('/')
            .slice(0, specifier.startsWith('@') ? 2 : 1)
            .join('/'),
        );
    }
  };
  visit(path.join(repoRoot, 'src/main.ts'));
  return { modules, packages };
}

describe('start-up', () => {
  const { modules, packages } = reached();

  it('reads the import graph (a check of the check: the commands and their renderers are in it)', () => {
    const relative = [...modules].map((file) => path.relative(repoRoot, file));
    expect(relative).toEqual(
      expect.arrayContaining(['src/commands/report.ts', 'src/commands/explain.ts', 'src/render/explain/index.ts', 'src/render/json.ts']),
    );
    expect(packages).toContain('commander');
  });

  it('loads the HTML report, its charts library, the explanation and the KQL queries only when asked for', () => {
    const relative = [...modules].map((file) => path.relative(repoRoot, file));
    expect(relative.filter((file) => /^src\/(render\/html|render\/explain\/(?!index)|explain|kql\/(?!tables))|^src\/pipeline\/explain/.test(file))).toEqual([]);
    expect([...packages].filter((name) => name.startsWith('d3-'))).toEqual([]);
  });

  it('loads neither the schema library nor the workbook library', () => {
    expect([...packages].filter((name) => name === 'typebox' || name === 'exceljs')).toEqual([]);
  });
});
