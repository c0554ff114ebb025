/** Job, upload, resync, mapping and export run ids sort by creation time (base-36 milliseconds first), then random. */
export function newId(prefix: 'job' | 'mpu' | 'rsy' | 'map' | 'exp'): string {
  const random = [...crypto.getRandomValues(new Uint8Array(8))].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${prefix}_${Date.now().toString(36).padStart(9, '0')}${random}`;
}
