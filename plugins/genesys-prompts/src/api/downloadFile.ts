import { FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';

/** Options of {@link downloadFile}. */
export interface DownloadOptions {
  fetchApi: Pick<FetchApi, 'fetch'>;
  url: string;
  /** Used when the response has no `Content-Disposition` file name. */
  fallbackFilename: string;
}

// Some browsers read the blob only after the click handler returns.
const REVOKE_DELAY_MS = 10_000;

/** The file name of a `Content-Disposition` header, preferring `filename*`. */
export function filenameFromDisposition(
  header: string | null,
): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*(?:[\w-]+)?'[^']*'([^;]+)/i.exec(header);
  let name: string | undefined;
  if (extended) {
    try {
      name = decodeURIComponent(extended[1].trim());
    } catch {
      name = undefined;
    }
  }
  if (!name) {
    const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(
      header,
    );
    name = plain?.[1]?.replace(/\\(.)/g, '$1') ?? plain?.[2];
  }
  // Only a base name: never let a header pick a directory.
  const base = name?.split(/[\\/]/).pop()?.trim();
  return base ? base : undefined;
}

/**
 * Saves a file the backend serves only to signed-in users: fetched through
 * the fetchApi (which adds the Backstage token), then handed to the browser
 * through an object URL and a temporary `<a download>`, so no token ever
 * appears in a URL. Resolves with the saved file name; a refusal throws the
 * backend's error as a `ResponseError`.
 */
export async function downloadFile(options: DownloadOptions): Promise<string> {
  const { fetchApi, url, fallbackFilename } = options;
  const response = await fetchApi.fetch(url);
  if (!response.ok) {
    throw await ResponseError.fromResponse(response);
  }
  const blob = await response.blob();
  const filename =
    filenameFromDisposition(response.headers.get('Content-Disposition')) ??
    fallbackFilename;

  const objectUrl = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = objectUrl;
  link.download = filename;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.appendChild(link);
  try {
    link.click();
  } finally {
    link.remove();
    setTimeout(() => URL.revokeObjectURL(objectUrl), REVOKE_DELAY_MS);
  }
  return filename;
}
