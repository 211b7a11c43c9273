/**
 * The stand-in's files and fine-tuning routes (OpenAI's shapes): an upload keeps the file; a job walks
 * validating_files -> running (one step per poll) -> succeeded, one state per retrieve, so a test
 * sees every state whatever the machine's speed; the model it makes then answers chat completions by
 * the rule in stand-in-tuned-model.ts. Tests can script the next job: fail it, or hold it running.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { trainStandIn, type TrainingExample } from './stand-in-tuned-model.js';

export interface JobScript {
  /** Polls spent running (one training step each); 3 unless set. */
  runningPolls?: number;
  /** The job fails while running with this message (an injected failure). */
  fail?: string;
  /** The job stays running until cancelled. */
  hold?: boolean;
}

interface StoredFile {
  id: string;
  filename: string;
  purpose: string;
  content: string;
}

interface Job {
  id: string;
  model: string;
  training_file: string;
  validation_file: string | null;
  suffix: string | null;
  status: 'validating_files' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  fine_tuned_model: string | null;
  error: { code: string; message: string; param: string | null } | null;
  step: number;
  script: JobScript;
  examples: TrainingExample[];
  events: { id: string; object: 'fine_tuning.job.event'; created_at: number; level: string; message: string; type: string; data: unknown }[];
}

type Send = (res: ServerResponse, status: number, body: unknown) => void;
const errorBody = (message: string, code: string | null, param: string | null = null) => ({
  error: { message, type: 'invalid_request_error', param, code },
});

/** The examples of a chat-format JSONL file, or the problem with its first bad line. */
function readTrainingFile(content: string): { examples: TrainingExample[] } | { problem: string } {
  const examples: TrainingExample[] = [];
  const lines = content.split('\n').filter((l) => l.trim());
  for (const [i, line] of lines.entries()) {
    let messages: { role?: string; content?: unknown }[] | undefined;
    try {
      messages = (JSON.parse(line) as { messages?: typeof messages }).messages;
    } catch {
      return { problem: `line ${i + 1} is not JSON` };
    }
    const user = messages?.filter((m) => m.role === 'user').at(-1)?.content;
    const answer = messages?.at(-1);
    if (typeof user !== 'string' || answer?.role !== 'assistant' || typeof answer.content !== 'string')
      return { problem: `line ${i + 1} has no user message followed by an assistant answer` };
    examples.push({ user, answer: answer.content });
  }
  if (examples.length < 10) return { problem: `the training file has ${examples.length} examples; at least 10 are required` };
  return { examples };
}

export class FineTuneStandIn {
  readonly files = new Map<string, StoredFile>();
  readonly jobs = new Map<string, Job>();
  /** Emits 'status' (job id, status) on every change of a job's status. */
  readonly events = new EventEmitter();
  private readonly models = new Map<string, (user: string) => string>();
  private readonly scripts: JobScript[] = [];
  private counter = 0;

  constructor(private readonly baseModels: readonly string[]) {}

  /** Scripts the next jobs created, in order. */
  script(...scripts: JobScript[]): void {
    this.scripts.push(...scripts);
  }

  /** The answer of a fine-tuned model, or undefined when `model` is not one this stand-in made. */
  tunedAnswer(model: string, user: string): string | undefined {
    return this.models.get(model)?.(user);
  }

  hasModel(model: string): boolean {
    return this.models.has(model);
  }

  static handles(path: string): boolean {
    return /\/(files|fine_tuning\/jobs)(\/|$)/.test(path);
  }

  async answer(req: IncomingMessage, res: ServerResponse, path: string, send: Send, record: (body: Record<string, unknown>) => boolean): Promise<void> {
    const raw = await readRaw(req);
    const type = req.headers['content-type'] ?? '';
    const form = type.startsWith('multipart/form-data') ? await new Response(new Uint8Array(raw), { headers: { 'content-type': type } }).formData() : undefined;
    const body = form
      ? { purpose: form.get('purpose'), filename: (form.get('file') as File | null)?.name }
      : raw.length
        ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>)
        : {};
    if (!record(body)) return send(res, 401, errorBody('Incorrect API key provided.', 'invalid_api_key'));
    if (path.endsWith('/files') && req.method === 'POST') return send(res, 200, await this.upload(form));
    if (path.endsWith('/fine_tuning/jobs') && req.method === 'POST') return this.create(res, body, send);
    const m = /\/fine_tuning\/jobs\/([^/]+)(\/cancel|\/events)?$/.exec(path);
    const job = m && this.jobs.get(m[1]);
    if (!job) return send(res, 404, errorBody(`No such fine-tuning job or route: ${path}`, null));
    if (m[2] === '/cancel') return send(res, 200, this.view(this.cancel(job)));
    if (m[2] === '/events') return send(res, 200, { object: 'list', data: [...job.events].reverse(), has_more: false });
    send(res, 200, this.view(this.advance(job)));
  }

  private async upload(form: FormData | undefined) {
    const file = form?.get('file') as File | null | undefined;
    const stored: StoredFile = {
      id: `file-${++this.counter}`,
      filename: file?.name ?? 'upload',
      purpose: String(form?.get('purpose') ?? ''),
      content: (await file?.text()) ?? '',
    };
    this.files.set(stored.id, stored);
    return {
      id: stored.id,
      object: 'file',
      bytes: Buffer.byteLength(stored.content),
      created_at: 0,
      filename: stored.filename,
      purpose: stored.purpose,
      status: 'processed',
    };
  }

  private create(res: ServerResponse, body: Record<string, unknown>, send: Send): void {
    const model = String(body.model ?? '');
    if (!this.baseModels.includes(model)) return send(res, 400, errorBody(`Model ${model} is not available for fine-tuning.`, 'model_not_available', 'model'));
    const training = this.files.get(String(body.training_file ?? ''));
    if (!training || training.purpose !== 'fine-tune')
      return send(res, 400, errorBody(`invalid training_file: ${String(body.training_file)}`, 'invalid_training_file', 'training_file'));
    const job: Job = {
      id: `ftjob-${++this.counter}`,
      model,
      training_file: training.id,
      validation_file: typeof body.validation_file === 'string' ? body.validation_file : null,
      suffix: typeof body.suffix === 'string' ? body.suffix : null,
      status: 'validating_files',
      fine_tuned_model: null,
      error: null,
      step: 0,
      script: this.scripts.shift() ?? {},
      examples: [],
      events: [],
    };
    this.jobs.set(job.id, job);
    this.log(job, 'message', `Validating training file: ${training.id}`);
    send(res, 200, this.view(job));
  }

  /** One poll: the job moves on by one state (or one training step). */
  private advance(job: Job): Job {
    if (job.status === 'validating_files') {
      const read = readTrainingFile(this.files.get(job.training_file)!.content);
      if ('problem' in read) return this.finish(job, 'failed', { code: 'invalid_training_file', message: read.problem, param: 'training_file' });
      job.examples = read.examples;
      return this.setStatus(job, 'running');
    }
    if (job.status !== 'running') return job;
    const total = job.script.runningPolls ?? 3;
    if (job.script.hold || job.step < total) {
      job.step = Math.min(job.step + 1, total);
      this.log(job, 'metrics', `Step ${job.step}/${total}: training loss=${(1 / (job.step + 1)).toFixed(4)}`, { step: job.step, total_steps: total });
      return job;
    }
    if (job.script.fail) return this.finish(job, 'failed', { code: 'training_failed', message: job.script.fail, param: null });
    job.fine_tuned_model = `ft:${job.model}:stand-in:${job.suffix ?? ''}:${job.id}`;
    this.models.set(job.fine_tuned_model, trainStandIn(job.examples));
    return this.finish(job, 'succeeded', null);
  }

  private cancel(job: Job): Job {
    return job.status === 'succeeded' || job.status === 'failed' ? job : this.finish(job, 'cancelled', null);
  }

  private finish(job: Job, status: Job['status'], error: Job['error']): Job {
    job.error = error;
    return this.setStatus(job, status);
  }

  private setStatus(job: Job, status: Job['status']): Job {
    job.status = status;
    this.log(job, 'message', `Job ${status}${job.error ? `: ${job.error.message}` : ''}`);
    this.events.emit('status', job.id, status);
    return job;
  }

  private log(job: Job, type: string, message: string, data: unknown = {}): void {
    job.events.push({
      id: `ftevent-${job.id}-${job.events.length + 1}`,
      object: 'fine_tuning.job.event',
      created_at: job.events.length,
      level: 'info',
      message,
      type,
      data,
    });
  }

  private view(job: Job) {
    const { script: _script, examples: _examples, events: _events, step: _step, ...rest } = job;
    return {
      ...rest,
      object: 'fine_tuning.job',
      created_at: 0,
      finished_at: null,
      hyperparameters: { n_epochs: 'auto' },
      organization_id: 'org-stand-in',
      result_files: [],
      seed: 0,
      trained_tokens: null,
    };
  }
}

async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
