// The hand-written declarations against the code they describe, for `tsc -p tsconfig.json`
// (make js-lint): pkg/index.d.ts (pkg-template/index.d.ts as assembled, next to the generated
// contract.d.ts) and the staged sources of the full build (target/pkg-build/pkg/full, checked
// with checkJs). Run `bash scripts/build-pkg` first.
import type * as declared from '../../pkg/index.js';
import * as decode from '../../target/pkg-build/pkg/full/api-decode.js';
import * as full from '../../target/pkg-build/pkg/full/api.js';

type Declared = typeof declared;
/** Fails to compile, naming the offenders, unless `T` is empty. */
type None<T extends never> = T;

// `[Symbol.dispose]` is attached outside the class bodies, and only where the runtime has the
// symbol (`if (typeof Symbol.dispose === 'symbol') Class.prototype[Symbol.dispose] = ...`), so
// tsc cannot see it: declared here, per class, exactly as the code adds it. The refresh handle
// gets it the same way (`handle[Symbol.dispose] = stop`): it is compared without it.
declare module '../../target/pkg-build/pkg/full/token.js' {
  interface TokenSigner {
    [Symbol.dispose](): void;
  }
}
declare module '../../target/pkg-build/pkg/full/verifier.js' {
  interface TokenVerifier {
    [Symbol.dispose](): void;
  }
}
// IsometrikClient's `tokens` is defined with Object.defineProperty (read-only) in the
// constructor, which tsc does not follow either: its type is taken as declared.
declare module '../../target/pkg-build/pkg/full/client.js' {
  interface IsometrikClient {
    readonly tokens: declared.IsometrikTokens;
    [Symbol.dispose](): void;
  }
}
type Expected = Omit<Declared, 'scheduleTokenRefresh'> & {
  scheduleTokenRefresh: (
    ...args: Parameters<Declared['scheduleTokenRefresh']>
  ) => Omit<ReturnType<Declared['scheduleTokenRefresh']>, typeof Symbol.dispose>;
};

// The full build (node, workerd, edge-light, web): every declared export exists, and each one's
// type (function signatures, class constructors and instances) is assignable to its declaration.
export const fullImplementsDeclarations: Expected = full;
// ...and it exports nothing that index.d.ts does not declare.
export type FullUndeclared = None<Exclude<keyof typeof full, keyof Declared>>;

// The decode-only build (`browser`, `isometrik-token/decode`) has the same names under the same
// declarations; its classes refuse in their constructors, so for them only the names are checked.
type Refusing = 'TokenSigner' | 'TokenVerifier' | 'IsometrikClient';
export const decodeImplementsDeclarations: Omit<Expected, Refusing> = decode;
export type DecodeMissing = None<Exclude<keyof Declared, keyof typeof decode>>;
export type DecodeUndeclared = None<Exclude<keyof typeof decode, keyof Declared>>;
