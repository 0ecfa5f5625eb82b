import DOMPurify from 'dompurify';
import { marked } from 'marked';

/**
 * A lesson's Markdown as HTML that is safe to insert: rendered by marked, then sanitised by
 * DOMPurify, so no script, event handler, iframe or javascript: link from a lesson file ever runs.
 */
export function renderLessonMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { async: false, gfm: true });
  return DOMPurify.sanitize(html, { FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select'] });
}

/** One line of lesson text (an exercise's question, hint or explanation), inline Markdown only. */
export function renderInlineMarkdown(markdown: string): string {
  const html = marked.parseInline(markdown, { async: false, gfm: true });
  return DOMPurify.sanitize(html, { ALLOWED_TAGS: ['code', 'em', 'strong', 'a', 'br'], ALLOWED_ATTR: ['href'] });
}
