import type { Logger } from 'rp2040js';

/**
 * rp2040js logs every USB transfer at debug level and throws on some errors by
 * default. In the lab, debug/info chatter is dropped, and warnings/errors go to
 * `report` once per distinct message (a polling firmware would otherwise print
 * the same line millions of times), up to `limit` messages in total.
 */
export class ReportingLogger implements Logger {
  private readonly seen = new Set<string>();

  constructor(
    private readonly report: (message: string) => void,
    private readonly limit = 50,
  ) {}

  debug(): void {}
  info(): void {}

  warn(component: string, message: string): void {
    this.once(`${component}: ${message}`);
  }

  error(component: string, message: string): void {
    this.once(`${component} error: ${message}`);
  }

  private once(line: string): void {
    // The same kind of message with another address or number is the same message.
    const key = line.replace(/\b(?:0x)?\d[0-9a-f]*\b/gi, '#').slice(0, 80);
    if (this.seen.has(key) || this.seen.size >= this.limit) return;
    this.seen.add(key);
    this.report(line);
  }
}
