/** "645 KiB" / "1.2 MiB" for download progress and summaries. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}

/**
 * One progress line: "[#########-----------]  45%  290 KiB / 645 KiB" when the
 * total is known (Content-Length), "290 KiB" otherwise.
 */
export function progressLine(received: number, total: number | undefined, width = 30): string {
  if (!total || total <= 0) return `${formatBytes(received)} received`;
  const fraction = Math.min(1, received / total);
  const filled = Math.round(fraction * width);
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
  return `[${bar}] ${percent}  ${formatBytes(received)} / ${formatBytes(total)}`;
}
