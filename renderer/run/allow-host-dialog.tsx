/**
 * Asks the user to let a pipeline serve a model on an address other than loopback (a Deploy node's
 * host), reachable from other machines. Allowing is the user's act: the host remembers it for this
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
}

/** "This pipeline serves a model on 0.0.0.0, reachable from other machines. Allow?" */
export function AllowHostDialog({ refusals, canAllow, onAllow, onClose }: AllowHostDialogProps) {
  const hosts = [...new Set(refusals.map((r) => r.host))];
  return (
    <Modal
      title="Serve a model to other machines?"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Not now
          </button>
          {canAllow && (
            <button type="button" className="button button-primary" data-testid="allow-host" onClick={() => onAllow(hosts)}>
              Allow and run
            </button>
          )}
        </>
      }
    >
      <p data-testid="allow-host-question">
        This pipeline serves a model on{' '}
        {hosts.map((h, i) => (
          <code key={h}>{i ? `, ${h}` : h}</code>
        ))}
        , reachable from other machines. Allow?
      </p>
      <ul className="allow-folder-list">
        {refusals.map((r) => (
          <li key={`${r.nodeId}.${r.param}`}>
            Node {r.nodeId}, {r.param}: <code>{r.host}</code>
          </li>
        ))}
      </ul>
      {canAllow ? (
        <p>Anyone who can reach this machine on that address can then call the model. Set an API key on the Deploy node if that is not what you want.</p>
      ) : (
        <p>Save the pipeline first: allowed addresses are remembered per pipeline file.</p>
      )}
    </Modal>
  );
}
