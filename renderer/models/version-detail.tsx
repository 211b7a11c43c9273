/**
 * One version in full: its stage actions (production asks first: it archives the current one), gate,
 * lineage with "Open the run", model card, input schema, files and reference statistics.
 */
import { useState } from 'react';
import type { ModelStage, ModelVersionDetail, RegisteredModel } from '../../engine/models/registry-views.js';
import { Modal } from '../ui/modal.js';
import { ModelDatasets } from './model-datasets.js';
import { StageBadge } from './stage-badge.js';
import { CardSection, FilesSection, GateSection, InputSchemaSection, LineageSection, ReferenceSection } from './version-sections.js';

export interface VersionDetailProps {
  detail: ModelVersionDetail;
  model: RegisteredModel;
  busy: boolean;
  onStage(stage: ModelStage): void;
  onOpenRun(runId: string): void;
  runNote?: string;
  onOpenPipeline?(runId: string, hash: string): void;
}

function ConfirmProduction({ detail, model, onConfirm, onClose }: { detail: ModelVersionDetail; model: RegisteredModel; onConfirm(): void; onClose(): void }) {
  const current = model.versions.find((v) => v.stage === 'production' && v.version !== detail.version);
  return (
    <Modal
      title={`Promote ${detail.name} v${detail.version} to production?`}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="button button-primary" onClick={onConfirm} data-testid="confirm-production">
            Promote v{detail.version}
          </button>
        </>
      }
    >
      <p>
        {current ? `Version ${current.version} is in production now; it will be archived.` : 'No version of this model is in production now.'} Pipelines that
        use the production version of {detail.name} will use v{detail.version} from their next run.
      </p>
    </Modal>
  );
}

const ACTIONS: { stage: ModelStage; label: string; primary?: boolean }[] = [
  { stage: 'production', label: 'Promote to production', primary: true },
  { stage: 'staging', label: 'Staging' },
  { stage: 'archived', label: 'Archive' },
];

export function VersionDetail({ detail, model, busy, onStage, onOpenRun, runNote, onOpenPipeline }: VersionDetailProps) {
  const [confirming, setConfirming] = useState(false);
  return (
    <section className="version-detail" aria-label={`${detail.name} version ${detail.version}`} data-testid="version-detail">
      <div className="version-detail__head">
        <h3>
          {detail.name} v{detail.version}
        </h3>
        <StageBadge stage={detail.stage} />
        {detail.reason && (
          <span className="models-reason" data-testid="stage-reason">
            {detail.reason}
          </span>
        )}
        <span className="models-muted">
          {detail.manifest.task} · target <code>{detail.manifest.target}</code>
        </span>
        <div className="version-detail__actions" role="group" aria-label="Stage">
          {ACTIONS.map((a) => (
            <button
              key={a.stage}
              type="button"
              className={`button button-small${a.primary ? ' button-primary' : ''}`}
              disabled={busy || detail.stage === a.stage}
              data-testid={`stage-${a.stage}`}
              onClick={() => (a.stage === 'production' ? setConfirming(true) : onStage(a.stage))}
            >
              {a.label}
            </button>
          ))}
        </div>
      </div>
      <div className="version-detail__grid">
        <div className="version-detail__col">
          <h4>Gate</h4>
          <GateSection gate={detail.gate} />
          <h4>Lineage</h4>
          <LineageSection detail={detail} onOpenRun={onOpenRun} runNote={runNote} onOpenPipeline={onOpenPipeline} />
          <h4>Datasets</h4>
          <ModelDatasets name={detail.name} version={detail.version} />
          <h4>Input schema</h4>
          <InputSchemaSection detail={detail} />
          <h4>Files</h4>
          <FilesSection detail={detail} />
          <h4>Reference statistics</h4>
          <ReferenceSection reference={detail.reference} />
        </div>
        <div className="version-detail__col">
          <h4>Model card</h4>
          <CardSection card={detail.card} />
        </div>
      </div>
      {confirming && (
        <ConfirmProduction
          detail={detail}
          model={model}
          onClose={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            onStage('production');
          }}
        />
      )}
    </section>
  );
}
