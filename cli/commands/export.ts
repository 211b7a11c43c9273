/**
 * `lifecycle-studio export <pipeline.json> --to argo`: writes the pipeline as an Argo Workflow (or
 * WorkflowTemplate) YAML, each node a task running the runner image's `run-node`
 * (engine/export/argo-workflow.ts). Exit 0, or 2 when the document or the command line is invalid.
 */
import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import { exportArgoWorkflow, DEFAULT_IMAGE, DEFAULT_SECRET_NAME } from '../../engine/export/argo-workflow.js';
import { checkPipeline } from '../../engine/graph/check-pipeline.js';
import { describeIssue } from '../../engine/graph/issue-names.js';
import { describeSecretFindings, findSecretLikeValues } from '../../hosts/shared/export-guard.js';
import { nodeDefs } from '../../nodes/defs.js';
import { parseOneFileCommand } from '../args.js';
import { formatIssue, loadPipelineFile } from '../pipeline-file.js';

const USAGE = `Usage: lifecycle-studio export <pipeline.json> --to argo [options]

Writes an Argo Workflow: one DAG task per node, each running \`lifecycle-studio run-node\` in the runner image.

Options:
  --to argo                 the target (only argo for pipelines; models: \`export-model\`)
  --image IMAGE             the runner image (default ${DEFAULT_IMAGE})
  --artifacts s3://B/P      pass values as artifacts under prefix P of the cluster's artifact repository
                            (its bucket B, endpoint and credentials); default: one shared volume per run
  --template                write a WorkflowTemplate (argo submit --from workflowtemplate/NAME)
  --data-claim PVC          mount this PersistentVolumeClaim read-only at /work/pipeline/data, where the
                            pipeline's relative data paths (data/...) resolve
  --secret-name NAME        the Kubernetes Secret holding the pipeline's secrets by name (default ${DEFAULT_SECRET_NAME})
  --out FILE                write the YAML to FILE instead of stdout

Workflow parameters are named <node>-<param>: argo submit wf.yaml -p train-epochs=20 is run --set train.epochs=20.
Exit codes: 0 written, 2 the document or the command line is invalid.`;

export async function main(args: string[]): Promise<number> {
  const cmd = parseOneFileCommand(
    args,
    {
      to: { type: 'string' },
      image: { type: 'string' },
      artifacts: { type: 'string' },
      template: { type: 'boolean' },
      'data-claim': { type: 'string' },
      'secret-name': { type: 'string' },
      out: { type: 'string' },
    },
    USAGE,
    'pipeline file',
  );
  if ('exit' in cmd) return cmd.exit;
  const { values } = cmd.parsed;
  if (values.to !== 'argo')
    return refuse(`--to must be argo (got ${values.to ? `"${values.to}"` : 'nothing'}); models go out with \`export-model\`.\n\n${USAGE}`);
  const loaded = await loadPipelineFile(cmd.path);
  if (!loaded.file) return refuse(loaded.issues.map(formatIssue).join('\n'));
  const checked = checkPipeline(loaded.file.raw, nodeDefs);
  const errors = checked.issues.filter((i) => i.severity === 'error');
  if (!checked.document || errors.length) {
    return refuse(errors.map((i) => (checked.document ? describeIssue(i, checked.document, nodeDefs) : formatIssue(i))).join('\n'));
  }
  // The workflow carries the whole document and every param value: a key pasted into it would land in the cluster.
  const findings = findSecretLikeValues(checked.document, (type, param) => nodeDefs.find((d) => d.type === type)?.params[param]?.kind);
  if (findings.length) return refuse(describeSecretFindings(findings));
  let result;
  try {
    result = exportArgoWorkflow(checked.document, nodeDefs, {
      image: values.image,
      artifacts: values.artifacts,
      template: values.template,
      dataClaim: values['data-claim'],
      secretName: values['secret-name'],
    });
  } catch (err) {
    return refuse((err as Error).message);
  }
  for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
  const yaml = stringify(result.manifest, { lineWidth: 0 });
  if (values.out) await writeFile(values.out, yaml);
  else process.stdout.write(yaml);
  return 0;
}

function refuse(message: string): number {
  process.stderr.write(`${message}\nNothing was exported.\n`);
  return 2;
}
