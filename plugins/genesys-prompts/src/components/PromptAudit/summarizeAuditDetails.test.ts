import { summarizeAuditDetails } from './PromptAuditTab';

describe('summarizeAuditDetails', () => {
  it('puts version, source, revision, reason and error first and hides bookkeeping', () => {
    expect(
      summarizeAuditDetails({
        promptName: 'assistant',
        operationId: 'op-1',
        contentHash: 'abc',
        reason: 'bad answers',
        versionNo: 7,
        sourceVersionNo: 3,
        revision: 9,
        ticket: 'OPS-1',
      }),
    ).toBe(
      'version 7; from version 3; revision 9; reason “bad answers”; ticket: OPS-1',
    );
  });

  it('keeps failures readable and cuts long summaries', () => {
    expect(
      summarizeAuditDetails({ error: 'upstream 503', correlationId: 'c-1' }),
    ).toBe('error: upstream 503; correlation id c-1');
    const long = summarizeAuditDetails({ error: 'x'.repeat(500) });
    expect(long).toHaveLength(160);
    expect(long.endsWith('…')).toBe(true);
  });
});
