/**
 * The fix offered beside one pre-run problem: pick the file, set the secret, allow the folder or
 * the address. Each fix is the user's act; the check runs again after it.
 */
import { useState } from 'react';
import type { PreRunProblem } from '../../engine/pre-run-types.js';
import type { FileParam } from '../../engine/node-def.js';
import { FileBrowserDialog } from '../inspector/file-browser-dialog.js';
import { useStudioApi } from '../store/api-context.js';
import { useStudio } from '../store/studio-store-context.js';

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Pick the file: the host's dialog on the desktop, the in-window browser elsewhere; the param takes the path relative to the pipeline. */
function PickFile({ problem }: { problem: Extract<PreRunProblem, { kind: 'missing-file' }> }) {
  const api = useStudioApi();
  const filePath = useStudio((s) => s.filePath);
  const node = useStudio((s) => s.doc.nodes.find((n) => n.id === problem.nodeId));
  const spec = useStudio((s) => (node ? s.defsByType.get(node.type)?.params[problem.param] : undefined)) as FileParam | undefined;
  const setParam = useStudio((s) => s.setParam);
  const toast = useStudio((s) => s.toast);
  const [browseFrom, setBrowseFrom] = useState<string>();
  // A file inside a list param (steps[1].path) is fixed in the inspector.
  if (!spec || problem.param.includes('[')) return null;
  const choose = async () => {
    try {
      const choice = await api.chooseDataFile({ extensions: spec.extensions ? [...spec.extensions] : undefined, mode: 'input', pipelinePath: filePath });
      if (choice.kind === 'chosen') setParam(problem.nodeId, problem.param, choice.stored);
      else if (choice.kind === 'browse') setBrowseFrom(choice.start);
    } catch (err) {
      toast(`Cannot browse for ${spec.label}: ${messageOf(err)}`, 'error');
    }
  };
  return (
    <>
      <button type="button" className="button button-small button-primary" data-testid="pre-run-pick-file" onClick={() => void choose()}>
        Choose the file…
      </button>
      {browseFrom !== undefined && (
        <FileBrowserDialog
          api={api}
          start={browseFrom}
          pipelinePath={filePath}
          extensions={spec.extensions}
          mode="input"
          onChoose={(stored) => {
            setBrowseFrom(undefined);
            setParam(problem.nodeId, problem.param, stored);
          }}
          onClose={() => setBrowseFrom(undefined)}
        />
      )}
    </>
  );
}

/** Set the secret: a password field where the host keeps secrets, else how to set it in the environment. */
function SetSecret({ problem, store }: { problem: Extract<PreRunProblem, { kind: 'missing-secret' }>; store: { writable: boolean; reason?: string } }) {
  const api = useStudioApi();
  const recheck = useStudio((s) => s.recheckPreRun);
  const toast = useStudio((s) => s.toast);
  const [value, setValue] = useState('');
  if (!store.writable) return <span className="pre-run-note">{store.reason ?? `Set ${problem.name} in the environment of the host.`}</span>;
  const save = async () => {
    try {
      await api.setSecret(problem.name, value);
      setValue('');
      recheck();
    } catch (err) {
      toast(`Secret ${problem.name} was not saved: ${messageOf(err)}`, 'error');
    }
  };
  return (
    <span className="pre-run-secret">
      <input
        type="password"
        className="field-input"
        aria-label={`Value of ${problem.name}`}
        value={value}
        autoComplete="off"
        onChange={(e) => setValue(e.target.value)}
      />
      <button type="button" className="button button-small button-primary" disabled={!value} onClick={() => void save()}>
        Save secret
      </button>
    </span>
  );
}

/** Allow the folder or the address for this pipeline file (remembered in the user's config, never in the document). */
function Allow({ problem }: { problem: Extract<PreRunProblem, { kind: 'folder-not-allowed' | 'host-not-allowed' }> }) {
  const api = useStudioApi();
  const filePath = useStudio((s) => s.filePath);
  const recheck = useStudio((s) => s.recheckPreRun);
  const toast = useStudio((s) => s.toast);
  if (!filePath) return <span className="pre-run-note">Save the pipeline first: allowed folders and addresses are remembered per pipeline file.</span>;
  const what = problem.kind === 'folder-not-allowed' ? problem.folder : problem.host;
  const allow = async () => {
    try {
      if (problem.kind === 'folder-not-allowed') await api.allowFolder(problem.folder, filePath);
      else await api.allowHost(problem.host, filePath);
      recheck();
    } catch (err) {
      toast(`${what} was not allowed: ${messageOf(err)}`, 'error');
    }
  };
  return (
    <button
      type="button"
      className="button button-small"
      data-testid="pre-run-allow"
      title="Only allow what you expect this pipeline to use"
      onClick={() => void allow()}
    >
      Allow {problem.kind === 'folder-not-allowed' ? 'the folder' : 'the address'} {what}
    </button>
  );
}

/** The fix for `problem`. */
export function ProblemFix({ problem, store }: { problem: PreRunProblem; store: { writable: boolean; reason?: string } }) {
  switch (problem.kind) {
    case 'missing-file':
      return <PickFile problem={problem} />;
    case 'missing-secret':
      return <SetSecret problem={problem} store={store} />;
    case 'folder-not-allowed':
    case 'host-not-allowed':
      return <Allow problem={problem} />;
  }
}
