/** The instant preview of a dropped CSV: header and first rows, parsed in the window. */
import { X } from 'lucide-react';
import { useStudio } from '../store/studio-store-context.js';

/** Floating preview of the last dropped CSV file; closes with its button. */
export function CsvPreviewPanel() {
  const preview = useStudio((s) => s.csvPreview);
  const close = useStudio((s) => s.setCsvPreview);
  if (!preview) return null;
  return (
    <section className="csv-preview" aria-label={`Preview of ${preview.fileName}`} data-testid="csv-preview">
      <div className="csv-preview-head">
        <strong>{preview.fileName}</strong>
        <span className="muted">
          first {preview.rows.length} rows · {preview.header.length} columns
        </span>
        <button type="button" className="icon-button" aria-label="Close preview" onClick={() => close(null)}>
          <X size={14} aria-hidden />
        </button>
      </div>
      <div className="csv-preview-scroll">
        <table>
          <thead>
            <tr>
              {preview.header.map((h, i) => (
                <th key={i}>{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((r, i) => (
              <tr key={i}>
                {r.map((c, j) => (
                  <td key={j}>{c}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {preview.errors.length > 0 && <p className="field-warning">{preview.errors.join('; ')}</p>}
    </section>
  );
}
