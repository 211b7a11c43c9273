/**
 * Asks the user to allow the folders a refused run needs. Allowing is the user's act: the host
 * remembers it for this pipeline file in the user's config, never in the document.
 */
import { Modal } from '../ui/modal.js';
import type { PathRefusalView } from './path-refusal.js';

export interface AllowFolderDialogProps {
  refusals: PathRefusalView[];
  /** False for an unsaved pipeline: there is no file to remember the folder for. */
  canAllow: boolean;
  onAllow(folders: string[]): void;
  onClose(): void;
}

/** "This pipeline reads /data/x. Allow /data for this pipeline?" */
export function AllowFolderDialog({ refusals, canAllow, onAllow, onClose }: AllowFolderDialogProps) {
  const folders = [...new Set(refusals.map((r) => r.folder))];
  return (
    <Modal
      title="Allow a folder for this pipeline?"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Not now
          </button>
          {canAllow && (
            <button type="button" className="button button-primary" data-testid="allow-folder" onClick={() => onAllow(folders)}>
              Allow and run
            </button>
          )}
        </>
      }
    >
      <ul className="allow-folder-list">
        {refusals.map((r) => (
          <li key={`${r.nodeId}.${r.param}`}>
            This pipeline {r.output ? 'writes' : 'reads'} <code>{r.path}</code> (node {r.nodeId}, {r.param}).
          </li>
        ))}
      </ul>
      {canAllow ? (
        <p>
          Allow{' '}
          {folders.map((f, i) => (
            <code key={f}>{i ? `, ${f}` : f}</code>
          ))}{' '}
          for this pipeline? Only allow folders you expect this pipeline to use: a pipeline from someone else may name files it should not read.
        </p>
      ) : (
        <p>Save the pipeline first: allowed folders are remembered per pipeline file.</p>
      )}
    </Modal>
  );
}
