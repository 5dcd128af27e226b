// IsometrikClient: the shape of the original `@isometrik/client` server API
// (`new IsometrikClient({ apiKey, apiSecret })`, `await client.tokens.create({...})`) as a thin,
// promise-returning layer over ONE TokenSigner. All checking and signing happens in the signer
// (src/wasm.rs); this file only resolves the key and secret and turns throws into rejections.
import { TokenSigner } from './token.js';
import { keyEntries, TokenVerifier } from './verifier.js';
import { IsometrikTokenError, invalid } from './errors.js';
import { optionsObject } from './options.js';

const ENV_NAMES = { apiKey: 'ISOMETRIK_API_KEY', apiSecret: 'ISOMETRIK_API_SECRET' };

const DENIED = Symbol('denied');

/**
 * Reads an environment variable where the runtime has one: Deno (`Deno.env.get`, which throws
 * without `--allow-env`), then Node and Bun (`process.env`). Browsers and Workers have neither.
 * Never throws: a variable we may not read is `DENIED`, one that is not there `undefined`.
 */
function readEnv(name) {
  const deno = globalThis.Deno;
  if (deno?.env && typeof deno.env.get === 'function') {
    try {
      return deno.env.get(name);
    } catch {
      return DENIED;
    }
  }
  try {
    const env = globalThis.process?.env;
    return env ? env[name] : undefined;
  } catch {
    return DENIED;
  }
}

/** An explicit option (anything but undefined/null) wins; otherwise the environment variable. */
function resolve(options, field) {
  const given = options[field];
  if (given !== undefined && given !== null) return given;
  const variable = ENV_NAMES[field];
  const fromEnv = readEnv(variable);
  if (typeof fromEnv === 'string') return fromEnv;
  // The message names the option and the variable, never a value.
  const hint =
    fromEnv === DENIED
      ? ` (it could not be read: in Deno, run with --allow-env=${ENV_NAMES.apiKey},${ENV_NAMES.apiSecret})`
      : '';
  throw invalid(field, `is required: pass { ${field} } to new IsometrikClient() or set ${variable}${hint}`);
}

function closedError() {
  return invalid('client', 'has been closed (IsometrikClient.close())');
}

/**
 * `new IsometrikClient({ apiKey?, apiSecret?, allowWeakSecret?, maxExpiresIn?, dangerouslyAllowBrowser? })`.
 * A missing `apiKey`/`apiSecret` is read from ISOMETRIK_API_KEY / ISOMETRIK_API_SECRET. The
 * key state is derived once, here; bad options throw here (at startup), not on each request.
 */
export class IsometrikClient {
  #signer;
  #verifier;
  #apiKey;

  constructor(options = {}) {
    optionsObject(options); // a revoked Proxy, on which even Array.isArray throws, is refused
    let signerOptions;
    try {
      // One read of every option, into a plain object that the rest of this constructor uses:
      // a getter or a Proxy runs here, inside the try, and only once. The other signer options
      // pass through untouched (and are checked by the signer).
      const apiKey = resolve(options, 'apiKey');
      const apiSecret = resolve(options, 'apiSecret');
      signerOptions = { ...options, apiKey, apiSecret };
    } catch (err) {
      if (err instanceof IsometrikTokenError) throw err;
      throw invalid('options', 'could not be read');
    }
    this.#signer = new TokenSigner(signerOptions);
    this.#apiKey = this.#signer.apiKey;
    // `keys` (secret rotation): tokens.verify also accepts the keys given there, each token
    // checked with the secret of its `iss`; the client's own key is always among them.
    const { keys } = /** @type {{ keys?: unknown }} */ (signerOptions);
    if (keys !== undefined) {
      let all;
      try {
        all = new Map(keyEntries(keys));
      } catch (err) {
        this.#signer.free();
        throw err;
      }
      all.set(signerOptions.apiKey, signerOptions.apiSecret);
      try {
        // The client's own key and secret are in `all`; the verifier takes no apiKey/apiSecret.
        const { apiKey: _key, apiSecret: _secret, ...verifierOptions } = signerOptions;
        this.#verifier = new TokenVerifier({ ...verifierOptions, keys: all });
      } catch (err) {
        this.#signer.free();
        throw err;
      }
    }

    const signer = () => {
      if (!this.#signer) throw closedError();
      return this.#signer;
    };
    /** Token operations; each returns a promise and never throws synchronously. */
    const tokens = Object.freeze({
      /** Creates a token: resolves to the compact JWT, rejects with IsometrikTokenError. */
      create: async (tokenOptions) => signer().create(tokenOptions),
      /**
       * Verifies a token: iss must be this client's API key unless `apiKey` is given, or, with
       * `keys`, any of those keys (the secret chosen by iss).
       */
      verify: async (token, verifyOptions) => {
        const s = signer();
        return this.#verifier ? this.#verifier.verify(token, verifyOptions) : s.verify(token, verifyOptions);
      },
    });
    Object.defineProperty(this, 'tokens', { value: tokens, enumerable: true });
  }

  /** The API key this client writes as `iss`. */
  get apiKey() {
    return this.#apiKey;
  }

  /** Frees the key state now. Later calls reject with ERR_INVALID_OPTIONS (field `client`). Idempotent. */
  close() {
    const signer = this.#signer;
    const verifier = this.#verifier;
    this.#signer = undefined;
    this.#verifier = undefined;
    signer?.free();
    verifier?.free();
  }
}

if (typeof Symbol.dispose === 'symbol') {
  IsometrikClient.prototype[Symbol.dispose] = IsometrikClient.prototype.close;
}
