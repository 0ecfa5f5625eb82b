import { css } from 'lit';

/**
 * The look shared by the strips above the editor (the Virtual Pico's firmware panel, the browser
 * board's files strip): a row of muted text and small buttons, lines below it for a confirmation
 * or an error.
 */
export const boardStripStyles = css`
  :host {
    display: block;
    font: 13px / 1.45 var(--phl-font);
    border-bottom: 1px solid var(--phl-border);
    background: var(--phl-bg);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 8px;
    padding: 5px 12px;
    min-width: 0;
  }
  .muted {
    color: var(--phl-text-muted);
  }
  .saved {
    flex: none;
    color: var(--phl-text-muted);
    font-size: 12px;
    white-space: nowrap;
  }
  button {
    flex: none;
    font: inherit;
    border-radius: var(--phl-radius);
    border: 1px solid var(--phl-border);
    background: var(--phl-surface);
    color: var(--phl-text);
    padding: 3px 10px;
    cursor: pointer;
  }
  button:disabled {
    cursor: default;
    opacity: 0.45;
  }
  button:focus-visible {
    outline: 2px solid var(--phl-focus);
    outline-offset: 1px;
  }
  button.danger {
    border-color: var(--phl-danger);
    color: var(--phl-danger);
  }
  .line {
    padding: 4px 12px;
    border-top: 1px solid var(--phl-border);
  }
  .error {
    background: var(--phl-danger-bg);
    color: var(--phl-text);
  }
  .confirm {
    display: flex;
    align-items: center;
    gap: 8px;
    background: var(--phl-danger-bg);
  }
  .confirm span {
    flex: 1 1 auto;
  }
`;
