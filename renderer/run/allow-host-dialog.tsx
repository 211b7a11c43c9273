/**
 * Asks the user to let a pipeline serve a model on an address other than loopback (a Deploy node's
 * host), reachable from other machines, or send table rows to a server elsewhere (a Prompt node's base URL). Allowing is the user's act: the host remembers it for this
 * pipeline file in the user's config, never in the document.
 */
import { Modal } from '../ui/modal.js';
import type { HostRefusalView } from './host-refusal.js';

export interface AllowHostDialogProps {
  refusals: HostRefusalView[];
  /** False for an unsaved pipeline: there is no file to remember the address for. */
  canAllow: boolean;
  onAllow(hosts: string[]): void;
  onClose(): void;
  /** The allow button's words; "Allow and run" by default (the playground sends one row instead). */
  allowLabel?: string;
}

/** "This pipeline serves a model on 0.0.0.0, reachable from other machines. Allow?" */
export function AllowHostDialog({ refusals, canAllow, onAllow, onClose, allowLabel = 'Allow and run' }: AllowHostDialogProps) {
  const served = refusals.filter((r) => r.rowsOf === undefined);
  const sent = refusals.filter((r) => r.rowsOf !== undefined);
  const hosts = [...new Set(refusals.map((r) => r.host))];
  const codes = (list: string[]) => list.map((h, i) => <code key={h}>{i ? `, ${h}` : h}</code>);
  return (
    <Modal
      title={served.length ? 'Serve a model to other machines?' : 'Send rows to another server?'}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Not now
          </button>
          {canAllow && (
            <button type="button" className="button button-primary" data-testid="allow-host" onClick={() => onAllow(hosts)}>
              {allowLabel}
            </button>
          )}
        </>
      }
    >
      {served.length > 0 && (
        <p data-testid="allow-host-question">
          This pipeline serves a model on {codes([...new Set(served.map((r) => r.host))])}, reachable from other machines. Allow?
        </p>
      )}
      {sent.map((r) => (
        <p key={`${r.nodeId}.${r.param}`} data-testid="allow-host-outbound">
          This pipeline sends rows of {r.rowsOf} to <code>{r.host}</code>. Allow?
        </p>
      ))}
      <ul className="allow-folder-list">
        {refusals.map((r) => (
          <li key={`${r.nodeId}.${r.param}`}>
            Node {r.nodeId}, {r.param}: <code>{r.host}</code>
          </li>
        ))}
      </ul>
      {!canAllow ? (
        <p>Save the pipeline first: allowed addresses are remembered per pipeline file.</p>
      ) : served.length ? (
        <p>Anyone who can reach this machine on that address can then call the model. Set an API key on the Deploy node if that is not what you want.</p>
      ) : (
        <p>The rows leave this machine. Allow only a server you trust with this data.</p>
      )}
    </Modal>
  );
}
