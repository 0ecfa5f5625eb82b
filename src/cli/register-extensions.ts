// CLI extensions register themselves here by import (e.g. the heap inspector's
// `import '../heap/cli-extension';`), so main.ts stays unchanged when one is added.
export {};
