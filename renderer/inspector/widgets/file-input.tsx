/**
 * File params: the path as text plus Browse. Browse asks the host: the desktop shows its native
 * dialog (a save dialog for outputs) and answers the chosen path; the browser mode answers
 * `browse` and the in-window file browser opens. Either way the path arrives relative to the
 * saved pipeline. The validator warns when the path does not end in an accepted extension.
 */
import { useState } from 'react';
import { FileText, FolderOpen } from 'lucide-react';
import type { FileParam } from '../../../engine/node-def.js';
import { useStudio } from '../../store/studio-store-context.js';
import { FileBrowserDialog } from '../file-browser-dialog.js';
import { useOptionalStudioApi } from '../use-optional-studio-api.js';
import { AbsolutePathNote } from './absolute-path-note.js';
import type { WidgetProps } from './widget-props.js';

/** Widget for `file` params. */
export function FileInput({ id, spec, value, onChange, invalid }: WidgetProps<FileParam>) {
  const api = useOptionalStudioApi();
  const pipelinePath = useStudio((s) => s.filePath);
  const toast = useStudio((s) => s.toast);
  const [browseFrom, setBrowseFrom] = useState<string>();
  const [busy, setBusy] = useState(false);
  const ext = spec.extensions?.length ? spec.extensions.map((e) => (e.startsWith('.') ? e : `.${e}`)).join(', ') : undefined;
  const current = typeof value === 'string' ? value : '';
  const mode = spec.mode ?? 'input';

  const browse = async () => {
    if (!api) return;
    setBusy(true);
    try {
      const choice = await api.chooseDataFile({
        extensions: spec.extensions ? [...spec.extensions] : undefined,
        mode,
        pipelinePath,
        current: current || undefined,
      });
      if (choice.kind === 'chosen') onChange(choice.stored);
      else if (choice.kind === 'browse') setBrowseFrom(choice.start);
    } catch (err) {
      toast(`Cannot browse for ${spec.label}: ${err instanceof Error ? err.message : String(err)}`, 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <div className="field-with-button">
        <div className="field-with-icon">
          <FileText size={14} aria-hidden />
          <input
            id={id}
            className="field-input field-mono"
            type="text"
            spellCheck={false}
            placeholder={ext ? `path/to/file (${ext})` : 'path/to/file'}
            value={current}
            aria-invalid={invalid}
            onChange={(e) => onChange(e.target.value)}
          />
        </div>
        {api && (
          <button
            type="button"
            className="button button-small"
            onClick={() => void browse()}
            disabled={busy}
            aria-label={`Browse for ${spec.label}`}
            data-testid={`${id}-browse`}
          >
            <FolderOpen size={14} aria-hidden /> Browse…
          </button>
        )}
        {api && browseFrom !== undefined && (
          <FileBrowserDialog
            api={api}
            start={browseFrom}
            pipelinePath={pipelinePath}
            extensions={spec.extensions}
            mode={mode}
            onChoose={(stored) => {
              setBrowseFrom(undefined);
              onChange(stored);
            }}
            onClose={() => setBrowseFrom(undefined)}
          />
        )}
      </div>
      <AbsolutePathNote id={`${id}-absolute`} path={current} pipelinePath={pipelinePath} />
    </>
  );
}
