// pkg/server.d.ts (pkg-template/server.d.ts) against the code it describes, for
// `tsc -p tsconfig.json` (make js-lint): the staged server modules, put together as each
// generated server entry puts them together (dist/server-*.js: tokenServer over a full build).
// Run `bash scripts/build-pkg` first.
import type * as declared from '../../pkg/server.js';
import * as full from '../../target/pkg-build/pkg/full/api.js';
import * as server from '../../target/pkg-build/pkg/full/server.js';

/** Fails to compile, naming the offenders, unless `T` is empty. */
type None<T extends never> = T;

const entry = { ...server.tokenServer(full), TokenRefusal: server.TokenRefusal, refuse: server.refuse };
// Every declared export exists, each assignable to its declaration...
export const serverImplementsDeclarations: typeof declared = entry;
// ...and the entry exports nothing that server.d.ts does not declare.
export type ServerUndeclared = None<Exclude<keyof typeof entry, keyof typeof declared>>;
