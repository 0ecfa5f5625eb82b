// CLI extensions register themselves here by import, so main.ts stays
// unchanged when one is added.
import './heap-extension'; // --heap-json OUT.json, --heap text
