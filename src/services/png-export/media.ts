/** Pictures for the picture export: bytes as data URLs, and a video's first frame. */

/** The bytes as a data URL. */
export function dataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      resolve(typeof reader.result === 'string' ? reader.result : '');
    };
    reader.onerror = () => {
      reject(reader.error ?? new Error('unreadable'));
    };
    reader.readAsDataURL(blob);
  });
}

/** A video's first frame as a picture, with a play mark; undefined when it cannot be decoded here. */
export async function videoPoster(blob: Blob): Promise<string | undefined> {
  const url = URL.createObjectURL(blob);
  const video = document.createElement('video');
  video.muted = true;
  video.preload = 'auto';
  video.src = url;
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error('timeout'));
      }, 3000);
      video.addEventListener('loadeddata', () => {
        clearTimeout(timer);
        resolve();
      });
      video.addEventListener('error', () => {
        clearTimeout(timer);
        reject(new Error('undecodable'));
      });
    });
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const ctx = canvas.getContext('2d');
    if (!ctx || canvas.width === 0) return undefined;
    ctx.drawImage(video, 0, 0);
    const r = Math.min(canvas.width, canvas.height) / 8;
    ctx.fillStyle = 'rgb(0 0 0 / 0.55)';
    ctx.beginPath();
    ctx.arc(canvas.width / 2, canvas.height / 2, r, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = '#fff';
    ctx.beginPath();
    ctx.moveTo(canvas.width / 2 - r / 3, canvas.height / 2 - r / 2);
    ctx.lineTo(canvas.width / 2 - r / 3, canvas.height / 2 + r / 2);
    ctx.lineTo(canvas.width / 2 + r / 2, canvas.height / 2);
    ctx.fill();
    return canvas.toDataURL('image/png');
  } catch {
    return undefined;
  } finally {
    video.removeAttribute('src');
    video.load();
    URL.revokeObjectURL(url);
  }
}
