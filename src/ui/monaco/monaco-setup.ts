/**
 * Monaco, bundled locally and loaded on demand (this module is only reached
 * through a dynamic import, so it lands in its own chunk and the first screen
 * never waits for it). Only the editor worker is needed: Python gets
 * Monarch highlighting, which runs on the main thread.
 */
import * as monaco from 'monaco-editor/editor/editor.api';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
// A curated set of editor features instead of editor.main (which pulls in every language and service).
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/cursorUndo/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/indentation/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/wordOperations/register';
// Ctrl+M: Tab moves focus out of the editor instead of indenting (keyboard users).
import 'monaco-editor/features/toggleTabFocusMode/register';
import 'monaco-editor/languages/definitions/python/register';

self.MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

export { monaco };
export type Monaco = typeof monaco;
