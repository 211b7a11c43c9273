/**
 * Where portable values live between machines: an artifact store addressed by URI. A folder here
 * (a plain path or file:///...); on a cluster an object store (s3://bucket/prefix) behind the same
 * interface. Each value is a folder under a key (`<node>/<port>`), written whole and read whole.
 */
import { cp, mkdir, rm, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EngineError, errorMessage } from '../errors.js';

export interface ArtifactStore {
  /** The store's URI as given. */
  readonly uri: string;
  /** The URI of the value stored under `key`. */
  locate(key: string): string;
  /** Stores the folder `from` under `key`, replacing what was there. */
  put(key: string, from: string): Promise<void>;
  /** A local folder holding the value under `key` (a remote store would download it to `scratch`). */
  fetch(key: string, scratch: string): Promise<string>;
}

/** A key is a relative path of plain segments: no `..`, no absolute path, so it stays inside the store. */
function checkKey(key: string): string[] {
  const parts = key.split('/');
  if (!key || isAbsolute(key) || parts.some((p) => !p || p === '.' || p === '..' || p.includes(sep) || p.includes('\\'))) {
    throw new Error(`"${key}" is not an artifact key; use plain names joined by "/", e.g. "split/train"`);
  }
  return parts;
}

/** A folder on this machine (or a volume mounted on it) as an artifact store. */
export class FolderArtifactStore implements ArtifactStore {
  readonly root: string;
  constructor(
    readonly uri: string,
    root: string,
  ) {
    this.root = resolve(root);
  }
  locate(key: string): string {
    return join(this.root, ...checkKey(key));
  }
  async put(key: string, from: string): Promise<void> {
    const to = this.locate(key);
    if (resolve(from) === to) return;
    await rm(to, { recursive: true, force: true });
    await mkdir(join(to, '..'), { recursive: true });
    await cp(from, to, { recursive: true });
  }
  async fetch(key: string): Promise<string> {
    const at = this.locate(key);
    const found = await stat(at).catch(() => undefined);
    if (!found?.isDirectory()) throw new Error(`the artifact store ${this.uri} holds nothing under "${key}" (looked for the folder ${at})`);
    return at;
  }
}

/**
 * Opens the store a URI names. A path or file:// URI is a folder; s3:// (and any other scheme) is
 * refused with ARTIFACT_STORE_UNSUPPORTED: on a cluster Argo moves the artifacts to and from S3 and
 * the runner sees folders, so the runner itself never needs an S3 client.
 *
 * @example
 * const store = openArtifactStore('file:///tmp/artifacts');
 * await store.put('split/train', '/tmp/out/train');
 */
export function openArtifactStore(uri: string): ArtifactStore {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(uri)?.[1]?.toLowerCase();
  if (!scheme) return new FolderArtifactStore(uri, uri);
  if (scheme === 'file') return new FolderArtifactStore(uri, fileURLToPath(uri));
  throw new EngineError(
    'ARTIFACT_STORE_UNSUPPORTED',
    errorMessage('ARTIFACT_STORE_UNSUPPORTED', uri, `${scheme}://`),
    scheme === 's3'
      ? 'On a cluster, export the pipeline with `lifecycle-studio export --to argo --artifacts s3://...`: Argo copies each value from S3 into a folder before the step runs.'
      : 'Pass a folder path instead.',
  );
}

/**
 * The local folder a URI names (a path or file:///...), for step mode's --inputs/--outputs; s3:// is
 * ARTIFACT_STORE_UNSUPPORTED as in `openArtifactStore`.
 *
 * @example localFolderOf('file:///tmp/in') // '/tmp/in'
 */
export function localFolderOf(uri: string): string {
  return (openArtifactStore(uri) as FolderArtifactStore).root;
}
