// Arrows point down (README "Architecture"): every relative import in src/, flows/ and db/ goes to a
// lower layer or stays in its own folder. A test, so that a backward arrow fails `npm test`.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAYERS, layerOf } from './layers.js';

const ROOT = normalize(join(import.meta.dirname, '../..'));

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'migrations' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function relativeImports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const targets = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'(\.[^']+)'/g), ...text.matchAll(/import\('(\.[^']+)'\)/g)].map((m) => m[1]!);
  return targets.map((t) => relative(ROOT, join(ROOT, dirname(file), t)).replace(/\.js$/, '.ts'));
}

/** The folder a file belongs to for the "same folder" rule: its layer's path that matched. */
const folderOf = (path: string) => layerOf(path)?.paths.find((p) => (p.endsWith('/') ? path.startsWith(p) : path === p));

describe('the layers', () => {
  const files = ['src', 'flows', 'db'].flatMap(sourceFiles);

  it('place every source file in a layer', () => {
    expect(files.filter((f) => !layerOf(f))).toEqual([]);
  });

  it('import only downwards, or within their own folder', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const from = layerOf(file)!;
      for (const target of relativeImports(file)) {
        const to = layerOf(target);
        if (!to) continue; // outside the layered folders (types/, the package root)
        const sameFolder = from.name === to.name && (from.oneUnit === true || folderOf(file) === folderOf(target));
        if (!sameFolder && to.rank >= from.rank) wrong.push(`${file} (${from.name}) → ${target} (${to.name})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('knows each layer by a distinct rank or a distinct set of folders', () => {
    expect(new Set(LAYERS.flatMap((l) => l.paths)).size).toBe(LAYERS.flatMap((l) => l.paths).length);
  });
});
