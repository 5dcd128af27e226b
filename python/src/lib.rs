//! The Rust half of the Python package `isometrik_token` (imported as
//! `isometrik_token._native`): the only code that knows Python. It reads Python arguments
//! (types checked, the clock read here), calls the isometrik-token core, and turns the core's
//! errors into `IsometrikTokenError` with the same codes as the npm package. Every rule about
//! tokens is the core's.

mod args;
mod errors;
mod functions;
mod json;
mod signer;
mod verifier;

use std::sync::atomic::AtomicBool;

use pyo3::prelude::*;
use pyo3::types::PyTuple;

/// Whether signing and verifying release the GIL (see `_set_release_gil`).
pub(crate) static RELEASE_GIL: AtomicBool = AtomicBool::new(true);

/// For measurements only: whether the core runs with the GIL released.
#[pyfunction]
fn _set_release_gil(on: bool) {
    RELEASE_GIL.store(on, std::sync::atomic::Ordering::Relaxed);
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<signer::TokenSigner>()?;
    m.add_class::<verifier::TokenVerifier>()?;
    m.add_function(wrap_pyfunction!(functions::create_token, m)?)?;
    m.add_function(wrap_pyfunction!(functions::verify_token, m)?)?;
    m.add_function(wrap_pyfunction!(functions::decode_token, m)?)?;
    m.add_function(wrap_pyfunction!(functions::decode_token_header, m)?)?;
    m.add_function(wrap_pyfunction!(functions::parse_duration, m)?)?;
    m.add_function(wrap_pyfunction!(_set_release_gil, m)?)?;
    m.add(
        "ERROR_CODES",
        PyTuple::new(m.py(), isometrik_token::contract::ERROR_CODES)?,
    )?;
    m.add(
        "PERMISSIONS",
        PyTuple::new(m.py(), isometrik_token::contract::PERMISSION_NAMES)?,
    )?;
    m.add("MAX_TOKEN_LEN", isometrik_token::contract::MAX_TOKEN_LEN)?;
    // For IsometrikClient.verify (Python), which refuses `api_key` as verify_token does.
    m.add(
        "_API_KEY_WITH_KEYS",
        isometrik_token::contract::option_message(
            "api_key",
            isometrik_token::contract::API_KEY_WITH_KEYS,
        ),
    )?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
