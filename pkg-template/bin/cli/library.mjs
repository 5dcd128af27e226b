// The package's library, loaded once through its self-reference (so the CLI and the library
// are always the same version), and the contract facts the CLI takes from it instead of
// writing them again. The CLI ships in bin/, beside dist/ but not beside src/contract.js, so
// it reads them from the package's public exports.
let lib;

/** Imports the library (once). A failure is the caller's to report. */
export async function loadLibrary() {
  lib ??= await import('isometrik-token');
  return lib;
}

/** The permission names as in a token (the library's PERMISSIONS). */
export const permissionNames = () => lib.PERMISSIONS;

/**
 * The largest NumericDate the library accepts, once the package exports it (MAX_NUMERIC_DATE);
 * until then the largest second a JavaScript Date can show, so a date from an unverified token
 * can always be printed.
 */
export const maxNumericDate = () => lib.MAX_NUMERIC_DATE ?? 8_640_000_000_000;
