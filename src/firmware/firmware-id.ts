/** A firmware's identity: the sha256 of its .uf2 bytes, hex (same as `npm run firmware` prints). */
export async function firmwareId(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
