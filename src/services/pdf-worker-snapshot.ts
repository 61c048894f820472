// The parser child's start-up snapshot, when the build made one (scripts/build-parser-snapshot.mjs): where it is and the
// node flags it starts with. A snapshot only starts on the node that built it, with the same V8 flags (the heap caps
// included), so anything else (another node, PARSE_MAX_MEMORY_MB changed, running from source) starts plain node.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** dist/parser-snapshot/manifest.json, written with the blob. */
export interface SnapshotManifest {
  node: string;
  v8: string;
  arch: string;
  platform: string;
  /** The launch's own flags (heap caps) the snapshot was built with. */
  launchArgv: string[];
  /** Everything before --snapshot-blob: the flags it needs (see the build script) and launchArgv. */
  nodeArgs: string[];
}

export interface ParserSnapshot {
  blob: string;
  nodeArgs: string[];
}

let found: { manifest: SnapshotManifest; blob: string } | null | undefined;

function load(): typeof found {
  // From source (tsx, vitest in-process) there is no dist/ beside this file, and the child runs plain node.
  if (import.meta.url.endsWith('.ts')) return null;
  try {
    const dir = new URL('../parser-snapshot/', import.meta.url);
    const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as SnapshotManifest;
    const same = manifest.node === process.version && manifest.v8 === process.versions.v8 && manifest.arch === process.arch && manifest.platform === process.platform;
    return same ? { manifest, blob: fileURLToPath(new URL('parser.blob', dir)) } : null;
  } catch {
    return null; // no snapshot built (no esbuild where dist/ was built, or the build's check failed)
  }
}

/** The snapshot to start a child with these flags from, if there is one that fits. */
export function parserSnapshot(launchArgv: string[]): ParserSnapshot | null {
  found ??= load() ?? null;
  if (!found || JSON.stringify(found.manifest.launchArgv) !== JSON.stringify(launchArgv)) return null;
  return { blob: found.blob, nodeArgs: found.manifest.nodeArgs };
}
