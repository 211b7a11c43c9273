/**
 * The saved versions, newest first: when, who, what changed from the version before. A row's button
 * shows that version; its checkbox marks it for comparing (two at most, the oldest mark giving way).
 */
import type { VersionRow } from './use-versions.js';

export const whenText = (ms: number) => new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
export const whoText = (row: VersionRow) => row.version.user ?? (row.version.source === 'on-disk' ? 'found on disk' : 'unknown');

export interface VersionListProps {
  rows: VersionRow[];
  picked?: string;
  compared: readonly string[];
  current?: string;
  onPick(versionId: string): void;
  onCompare(versionId: string, on: boolean): void;
}

export function VersionList({ rows, picked, compared, current, onPick, onCompare }: VersionListProps) {
  return (
    <ol className="versions-list" aria-label="Saved versions, newest first" data-testid="versions-list">
      {rows.map((row) => {
        const v = row.version;
        const when = whenText(v.savedAt);
        return (
          <li key={v.versionId} className={`versions-list__item${v.versionId === picked ? ' is-picked' : ''}`} data-version={v.versionId} data-hash={v.hash}>
            <input
              type="checkbox"
              className="versions-list__check"
              checked={compared.includes(v.versionId)}
              aria-label={`Compare the version of ${when}`}
              onChange={(e) => onCompare(v.versionId, e.target.checked)}
            />
            <button type="button" className="versions-list__pick" aria-pressed={v.versionId === picked} onClick={() => onPick(v.versionId)}>
              <span className="versions-list__when">
                {when}
                {v.hash === current && <span className="versions-badge">current file</span>}
              </span>
              <span className="versions-list__who">{whoText(row)}</span>
              <span className="versions-list__summary">{row.summary}</span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}
