// model.save('downloads://name') in a browser: the single-file container offered as a download, through
// an anchor whose href is a Blob URL (what TensorFlow.js's browser downloads do).
import { CONTAINER_EXTENSION } from './container.js';
import { runtimeName, saveAlternatives } from './runtime.js';

interface DownloadGlobals {
  document?: {
    createElement(tag: 'a'): {
      href: string;
      download: string;
      style: { display: string };
      click(): void;
      remove(): void;
    };
    body: { appendChild(node: unknown): unknown };
  };
}

/**
 * How long the Blob URL lives after the click. Revoking it at once can cancel the download in some
 * browsers; FileSaver.js waits 40 s for the same reason.
 */
const REVOKE_AFTER_MS = 40_000;

/** The file name a download gets: the name, plus .bpmodel unless it has it. */
export function downloadFileName(name: string): string {
  return name.endsWith(CONTAINER_EXTENSION) ? name : `${name}${CONTAINER_EXTENSION}`;
}

/** Offers `bytes` as a download named after `name`; returns the file name. */
export function downloadBytes(name: string, bytes: Uint8Array<ArrayBuffer>): string {
  const document = (globalThis as DownloadGlobals).document;
  if (!document)
    throw new Error(
      `backprop: downloads need a browser page's document, which ${runtimeName()} does not have; ${saveAlternatives()}`,
    );
  if (/[/\\]/.test(name))
    throw new TypeError(`backprop: a download is named by a file name without folders; got ${JSON.stringify(name)}`);
  const fileName = downloadFileName(name);
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.style.display = 'none';
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
  return fileName;
}
