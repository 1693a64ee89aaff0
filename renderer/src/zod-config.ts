import { z } from 'zod';

// The page runs under a CSP without 'unsafe-eval', so zod's compiled parsers would be refused and
// reported as violations. Schemas read this flag when they are built, so main.tsx imports this
// module before anything that defines a schema.
z.config({ jitless: true });
