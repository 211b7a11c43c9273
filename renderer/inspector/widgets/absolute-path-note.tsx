/**
 * The note under a file param that holds a full path: the help promises paths relative to the
 * pipeline, so the inspector says why this one is not, and what to do to share the pipeline.
 */

/** True for `/data/x.csv`, `C:\data\x.csv`, `C:/data/x.csv` and `\\server\share\x.csv`. */
export function isAbsolutePath(path: string): boolean {
  return /^(?:[a-zA-Z]:[\\/]|[\\/])/.test(path);
}

const folderOf = (file: string) => file.replace(/[\\/][^\\/]*$/, '');

/** The reason a stored path is absolute, or undefined when it is relative (or empty). `pipelinePath`: the saved pipeline file. */
export function absolutePathNote(path: string, pipelinePath: string | undefined): string | undefined {
  if (!isAbsolutePath(path)) return undefined;
  if (pipelinePath && path.startsWith(`${folderOf(pipelinePath)}${pipelinePath.includes('\\') ? '\\' : '/'}`)) {
    return "Stored as a full path although the file is in the pipeline's folder (it was chosen before the pipeline was saved): choose it again to store it relative, so the folder can be shared.";
  }
  if (!pipelinePath) return 'Stored as a full path: the pipeline is not saved yet. Save it, then choose the file again to store it relative to the pipeline.';
  return "Stored as a full path because the file is outside the pipeline's folder: a relative path climbing out of the folder would break when the folder is shared. To share the pipeline with its data, move the file into the pipeline's folder and choose it again.";
}

/** Renders the note, or nothing for a relative path. */
export function AbsolutePathNote({ id, path, pipelinePath }: { id: string; path: string; pipelinePath: string | undefined }) {
  const note = absolutePathNote(path, pipelinePath);
  return note ? (
    <p id={id} className="field-help" data-testid="absolute-path-note">
      {note}
    </p>
  ) : null;
}
