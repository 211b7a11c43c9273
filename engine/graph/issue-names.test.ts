import { describe, expect, it } from 'vitest';
import type { ValidationIssue } from '../engine-types.js';
import { fakeDefs, makeDoc } from '../testing/fake-nodes.fixture.js';
import { describeIssue, nodeName } from './issue-names.js';

const doc = makeDoc(
  [
    ['src', 'source'],
    ['scale', 'scale'],
  ],
  [],
);
doc.nodes[1].label = 'Double it';
const issue = (over: Partial<ValidationIssue>): ValidationIssue => ({ code: 'PARAM_INVALID', path: '', message: 'm', severity: 'error', ...over });

describe('issues in the words of the canvas', () => {
  it('names a node by title, label and id, or title and id without a label', () => {
    expect(nodeName(doc.nodes[1], fakeDefs)).toBe('Scale "Double it" (scale)');
    expect(nodeName(doc.nodes[0], fakeDefs)).toBe('Source (src)');
    expect(nodeName({ id: 'x', type: 'no-such' }, fakeDefs)).toBe('no-such (x)');
  });

  it('adds the param label unless the message starts with it, and keeps row paths', () => {
    const at = (path: string, message: string) => describeIssue(issue({ nodeId: 'scale', path, message }), doc, fakeDefs);
    expect(at('nodes[1].params.factor', 'expected a number between 0 and 100, got 500')).toBe(
      'Scale "Double it" (scale): Factor: expected a number between 0 and 100, got 500',
    );
    expect(at('nodes[1].params.factor', 'Factor is required')).toBe('Scale "Double it" (scale): Factor is required');
    expect(at('nodes[1].params.steps[2].value', 'expected a text')).toBe('Scale "Double it" (scale): steps[2].value: expected a text');
  });

  it('keeps the JSON path for problems not about one node, and marks warnings', () => {
    expect(describeIssue(issue({ path: 'schemaVersion', message: 'too new' }), doc, fakeDefs)).toBe('schemaVersion: too new');
    expect(describeIssue(issue({ path: 'nodes[0]', nodeId: 'src', severity: 'warning' }), doc, fakeDefs)).toBe('warning: Source (src): m');
  });
});
