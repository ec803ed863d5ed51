/**
 * A file's bytes as base64, untouched: bank exports are not always UTF-8, so the API detects the
 * encoding itself. A data URL is the browser's own fast encoder; its `data:...;base64,` head is cut off.
 */
export const readAsBase64 = (file: Blob): Promise<string> =>
  new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error('Could not read the file'));
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.readAsDataURL(file);
  });
