//! `TokenVerifier`: secret rotation. One verifier holds a key state per API key (the core's
//! `Verifier`) and checks each token with the secret of its `iss`; an unknown or missing `iss`
//! is `ERR_ISSUER_MISMATCH`, decided by the core without computing any MAC. Keys can be added
//! and removed while other threads verify: the core verifier sits behind a `RwLock`, taken
//! only with the GIL released and never held while waiting for the GIL.

use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use isometrik_token::Verifier;
use pyo3::prelude::*;
use pyo3::types::PyList;

use crate::args::{self, Secret};
use crate::errors::CoreResult;
use crate::signer::{self, detach, VerifyArgs};

/// Why `api_key` may not be given with several keys: the key is the token's own `iss`.
pub(crate) const API_KEY_WITH_KEYS: &str = "is chosen by the token's iss with `keys`; leave it out";

/// Adds one key: `api_key` a `str`, the secret as `TokenSigner` reads it (borrowed `bytes`,
/// or a `str` encoded into a buffer that is wiped once the key state is derived).
fn add(
    py: Python<'_>,
    verifier: &RwLock<Verifier>,
    api_key: &Bound<'_, PyAny>,
    secret: &Bound<'_, PyAny>,
    secret_field: &str,
    allow_weak: bool,
) -> PyResult<bool> {
    let api_key = args::text(py, api_key, "api_key")?;
    let secret = Secret::named(py, secret, secret_field)?;
    let bytes = secret.as_bytes();
    detach(py, || write(verifier).add(&api_key, bytes, allow_weak)).py(py)
}

/// A core verifier over `keys` (a mapping of API key to secret), each key checked by the same
/// rules as a `TokenSigner`'s.
pub(crate) fn new_verifier(
    py: Python<'_>,
    keys: &Bound<'_, PyAny>,
    allow_weak: bool,
) -> PyResult<RwLock<Verifier>> {
    let verifier = RwLock::new(Verifier::new());
    for item in
        args::mapping_items(py, keys, "keys", "must be a mapping of API key to secret")?.iter()
    {
        let (api_key, secret) = args::pair(py, &item, "keys")?;
        add(py, &verifier, &api_key, &secret, "api_secret", allow_weak)?;
    }
    Ok(verifier)
}

/// Verifies with the key of the token's `iss`.
pub(crate) fn verify<'py>(
    py: Python<'py>,
    verifier: &RwLock<Verifier>,
    token: &Bound<'py, PyAny>,
    a: VerifyArgs<'_, 'py>,
) -> PyResult<Bound<'py, PyAny>> {
    signer::verify(py, None, token, a, |token, options| {
        read(verifier).verify(token, options)
    })
}

// A panic cannot leave the map half-changed (an insert or a removal is one step), so a
// poisoned lock still guards a consistent verifier.
fn read(lock: &RwLock<Verifier>) -> RwLockReadGuard<'_, Verifier> {
    lock.read().unwrap_or_else(PoisonError::into_inner)
}

fn write(lock: &RwLock<Verifier>) -> RwLockWriteGuard<'_, Verifier> {
    lock.write().unwrap_or_else(PoisonError::into_inner)
}

/// Verifies tokens signed with any of several API keys (secret rotation): the secret is chosen
/// by the token's `iss` (exact match), and exactly one MAC is computed. Keys can be added and
/// removed while it serves; safe to share between threads.
#[pyclass(frozen, module = "isometrik_token", name = "TokenVerifier")]
pub struct TokenVerifier {
    inner: RwLock<Verifier>,
    allow_weak: bool,
}

#[pymethods]
impl TokenVerifier {
    #[new]
    #[pyo3(signature = (keys, *, allow_weak_secret=None))]
    fn new(
        py: Python<'_>,
        keys: &Bound<'_, PyAny>,
        allow_weak_secret: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let allow_weak = args::flag(py, allow_weak_secret, "allow_weak_secret")?;
        Ok(TokenVerifier {
            inner: new_verifier(py, keys, allow_weak)?,
            allow_weak,
        })
    }

    /// Adds a key, or replaces its secret (rotation without a restart).
    fn add_key(
        &self,
        py: Python<'_>,
        api_key: &Bound<'_, PyAny>,
        secret: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        add(py, &self.inner, api_key, secret, "secret", self.allow_weak).map(|_| ())
    }

    /// Removes a key (its key state is overwritten); whether it was there.
    fn remove_key(&self, py: Python<'_>, api_key: &Bound<'_, PyAny>) -> PyResult<bool> {
        let api_key = args::text(py, api_key, "api_key")?;
        Ok(detach(py, || write(&self.inner).remove(&api_key)))
    }

    /// The API keys accepted, sorted.
    #[getter]
    fn api_keys(&self, py: Python<'_>) -> Vec<String> {
        detach(py, || {
            read(&self.inner).api_keys().map(str::to_owned).collect()
        })
    }

    /// Verifies a token with the secret of its `iss` and returns its claims.
    #[pyo3(signature = (token, room_id=None, *, clock_tolerance=None, current_date=None))]
    fn verify<'py>(
        &self,
        py: Python<'py>,
        token: &Bound<'py, PyAny>,
        room_id: Option<&Bound<'py, PyAny>>,
        clock_tolerance: Option<&Bound<'py, PyAny>>,
        current_date: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        verify(
            py,
            &self.inner,
            token,
            VerifyArgs {
                room_id,
                api_key: None,
                clock_tolerance,
                current_date,
            },
        )
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        // API keys are public (every token's `iss`); no secret is kept at all.
        let keys = PyList::new(py, self.api_keys(py))?;
        Ok(format!("TokenVerifier(api_keys={})", keys.repr()?))
    }
}
