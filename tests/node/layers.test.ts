/**
 * The layer map: dependencies point one way, from the edges (HTTP, queue consumers, crons, the
 * CLI) through the features to the domain, and from there to the warehouse and lib. SQL is
 * written in src/warehouse only. Read from the import statements of the tree itself.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Layers from the bottom up; a module may import from its own layer and the ones below it. */
const LAYERS: readonly { name: string; holds: RegExp }[] = [
  { name: 'lib', holds: /^src\/(lib\/|config\.ts$)/ },
  { name: 'warehouse', holds: /^src\/warehouse\// },
  { name: 'domain', holds: /^src\/(domain|shopify|files)\// },
  { name: 'features', holds: /^src\/(uploads|resync|compliance|pipeline|auth|alerts|quality|connect|images|exports)\/|^src\/upload-formats\.ts$/ },
  { name: 'edges', holds: /^(src\/(http|cron)\/|src\/index\.ts$|queues\/|scripts\/)/ },
];

function modules(folder: string): string[] {
  return readdirSync(join(root, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = `${folder}/${entry.name}`;
    if (entry.isDirectory()) return modules(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** What a module imports: relative imports resolved to repository paths, packages by name. */
function importsOf(path: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(join(root, path), 'utf8'), true, true);
  return importedFiles.map(({ fileName }) => {
    if (!fileName.startsWith('.')) return fileName;
    const target = relative(root, normalize(join(root, dirname(path), fileName)));
    return modulePaths.has(`${target}.ts`) ? `${target}.ts` : `${target}/index.ts`;
  });
}

const layerOf = (path: string) => LAYERS.findIndex((layer) => layer.holds.test(path));

const tree = [...modules('src'), ...modules('queues'), ...modules('scripts')];
const modulePaths = new Set(tree);

describe('the layer map', () => {
  it('places every module of src/, queues/ and scripts/ in a layer', () => {
    expect(tree.filter((path) => layerOf(path) < 0)).toEqual([]);
  });

  it('has no import from a lower layer to a higher one', () => {
    const upward = tree.flatMap((path) =>
      importsOf(path)
        .filter((target) => modulePaths.has(target) && layerOf(target) > layerOf(path))
        .map((target) => `${path} (${LAYERS[layerOf(path)]?.name}) imports ${target} (${LAYERS[layerOf(target)]?.name})`),
    );
    expect(upward).toEqual([]);
  });

  it('writes SQL in src/warehouse only: nothing else imports the query builder', () => {
    // The CLI's migration runner applies the SQL files in migrations/; it writes no SQL of its own.
    const migrationRunner = 'scripts/lib/migrate.ts';
    const writers = tree.filter(
      (path) => !path.startsWith('src/warehouse/') && path !== migrationRunner && importsOf(path).some((target) => target.startsWith('drizzle-orm')),
    );
    expect(writers).toEqual([]);
  });

  it('keeps queue consumers thin: no format, payload or row logic in queues/', () => {
    const reachingDown = modules('queues').flatMap((path) =>
      importsOf(path)
        .filter((target) => /^src\/(domain|shopify|files|uploads\/formats)\//.test(target))
        .map((target) => `${path} imports ${target}`),
    );
    expect(reachingDown).toEqual([]);
  });
});
