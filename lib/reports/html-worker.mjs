// Worker thread entry: the templates are TypeScript/TSX, compiled on load by tsx (a runtime dependency) in this thread.
import { register } from 'tsx/esm/api';

register();
await import('./html-worker.ts');
