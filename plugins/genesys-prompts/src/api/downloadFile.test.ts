import { ResponseError } from '@backstage/errors';
import { downloadFile, filenameFromDisposition } from './downloadFile';

describe('downloadFile', () => {
  const createObjectURL = jest.fn((_blob: Blob) => 'blob:http://app/1234');
  const revokeObjectURL = jest.fn();
  let clicked: Array<{ href: string; download: string; attached: boolean }>;

  beforeEach(() => {
    jest.useFakeTimers();
    // jsdom has no object URLs.
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    createObjectURL.mockClear();
    revokeObjectURL.mockClear();
    clicked = [];
    jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function record(this: HTMLAnchorElement) {
        clicked.push({
          href: this.href,
          download: this.download,
          attached: document.body.contains(this),
        });
      });
  });

  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('fetches through the fetchApi and saves the blob under the server-given name', async () => {
    const fetch = jest.fn(
      async (_input: RequestInfo | URL) =>
        new Response('{"versions":[]}', {
          headers: {
            'Content-Type': 'application/json',
            'Content-Disposition':
              'attachment; filename="assistant-history.json"',
          },
        }),
    );

    const name = await downloadFile({
      fetchApi: { fetch },
      url: 'http://backstage.test/api/genesys-prompts/x/history/export',
      fallbackFilename: 'fallback.json',
    });

    expect(name).toBe('assistant-history.json');
    expect(fetch).toHaveBeenCalledWith(
      'http://backstage.test/api/genesys-prompts/x/history/export',
    );
    expect(createObjectURL).toHaveBeenCalledTimes(1);
    expect(await createObjectURL.mock.calls[0][0].text()).toBe(
      '{"versions":[]}',
    );
    expect(clicked).toEqual([
      {
        href: 'blob:http://app/1234',
        download: 'assistant-history.json',
        attached: true,
      },
    ]);
    // The temporary link is gone; the object URL is freed a little later.
    expect(document.querySelector('a[download]')).toBeNull();
    expect(revokeObjectURL).not.toHaveBeenCalled();
    jest.runAllTimers();
    expect(revokeObjectURL).toHaveBeenCalledWith('blob:http://app/1234');
  });

  it('uses the fallback name when the response names no file', async () => {
    const fetch = jest.fn(async () => new Response('a,b\n'));

    await expect(
      downloadFile({
        fetchApi: { fetch },
        url: 'http://backstage.test/a',
        fallbackFilename: 'audit-p-1.csv',
      }),
    ).resolves.toBe('audit-p-1.csv');
    expect(clicked[0].download).toBe('audit-p-1.csv');
  });

  it('throws the backend error and saves nothing when refused', async () => {
    const fetch = jest.fn(
      async () =>
        new Response(
          JSON.stringify({
            error: { name: 'NotAllowedError', message: 'Unauthorized' },
            response: { statusCode: 403 },
          }),
          {
            status: 403,
            statusText: 'Forbidden',
            headers: { 'Content-Type': 'application/json' },
          },
        ),
    );

    const error = await downloadFile({
      fetchApi: { fetch },
      url: 'http://backstage.test/a',
      fallbackFilename: 'x',
    }).catch(e => e);

    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(403);
    expect(error.cause.message).toBe('Unauthorized');
    expect(createObjectURL).not.toHaveBeenCalled();
    expect(clicked).toEqual([]);
  });
});

describe('filenameFromDisposition', () => {
  it.each([
    ['attachment; filename="a b.json"', 'a b.json'],
    ['attachment; filename=audit.csv', 'audit.csv'],
    [
      'attachment; filename="fallback.jsonl"; filename*=UTF-8\'\'r%C3%A9sum%C3%A9.jsonl',
      'résumé.jsonl',
    ],
    ['attachment; filename="../../etc/passwd"', 'passwd'],
    ['attachment', undefined],
    [null, undefined],
  ])('%s → %s', (header, expected) => {
    expect(filenameFromDisposition(header)).toBe(expected);
  });
});
