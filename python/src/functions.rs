//! The module-level functions: one-shot `create_token` / `verify_token` (the key states are
//! derived for the call and wiped after it), `decode_token` / `decode_token_header` (which
//! verify nothing), and `parse_duration`.

use std::borrow::Cow;

use isometrik_token::dangerous::decode_json;
use isometrik_token::{verify, Error, Hs256Key};
use pyo3::prelude::*;

use crate::args::{self, DurationKind, Secret, TokenText};
use crate::errors::{invalid, CoreResult};
use crate::json::json_to_py;
use crate::signer::{self, TokenArgs, VerifyArgs};
use crate::verifier;

/// Creates a signed token in one call (a `TokenSigner` is faster for many tokens).
#[pyfunction]
#[pyo3(signature = (*, api_key, api_secret, room_id, participant_name, permissions=None, expires_in=None, name=None, metadata=None, current_date=None, allow_weak_secret=None, max_expires_in=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn create_token(
    py: Python<'_>,
    api_key: &Bound<'_, PyAny>,
    api_secret: &Bound<'_, PyAny>,
    room_id: &Bound<'_, PyAny>,
    participant_name: &Bound<'_, PyAny>,
    permissions: Option<&Bound<'_, PyAny>>,
    expires_in: Option<&Bound<'_, PyAny>>,
    name: Option<&Bound<'_, PyAny>>,
    metadata: Option<&Bound<'_, PyAny>>,
    current_date: Option<&Bound<'_, PyAny>>,
    allow_weak_secret: Option<&Bound<'_, PyAny>>,
    max_expires_in: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let signer = signer::new_signer(py, api_key, api_secret, allow_weak_secret, max_expires_in)?;
    signer::create(
        py,
        &signer,
        TokenArgs {
            room_id,
            participant_name,
            permissions,
            expires_in,
            name,
            metadata,
            current_date,
        },
    )
}

/// An optional argument that is given (`None` counts as not given).
fn given<'a, 'py>(value: Option<&'a Bound<'py, PyAny>>) -> Option<&'a Bound<'py, PyAny>> {
    value.filter(|v| !v.is_none())
}

/// Verifies a token and returns its claims: with one secret (`iss` is checked only if
/// `api_key` is given), or with `keys`, a mapping of API key to secret (the secret chosen by
/// the token's `iss`, as `TokenVerifier` does). Exactly one of `api_secret` and `keys`.
#[pyfunction]
#[pyo3(signature = (token, api_secret=None, *, keys=None, api_key=None, room_id=None, clock_tolerance=None, current_date=None, allow_weak_secret=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn verify_token<'py>(
    py: Python<'py>,
    token: &Bound<'py, PyAny>,
    api_secret: Option<&Bound<'py, PyAny>>,
    keys: Option<&Bound<'py, PyAny>>,
    api_key: Option<&Bound<'py, PyAny>>,
    room_id: Option<&Bound<'py, PyAny>>,
    clock_tolerance: Option<&Bound<'py, PyAny>>,
    current_date: Option<&Bound<'py, PyAny>>,
    allow_weak_secret: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let allow_weak = args::flag(py, allow_weak_secret, "allow_weak_secret")?;
    let checks = VerifyArgs {
        room_id,
        api_key,
        clock_tolerance,
        current_date,
    };
    match (given(api_secret), given(keys)) {
        (Some(api_secret), None) => {
            let key = {
                let secret = Secret::new(py, api_secret)?;
                Hs256Key::new(secret.as_bytes(), allow_weak).py(py)?
            };
            signer::verify(py, None, token, checks, |token, options| {
                verify(&key, token, options)
            })
        }
        (None, Some(keys)) => {
            if given(api_key).is_some() {
                return Err(invalid(
                    py,
                    "api_key",
                    isometrik_token::contract::API_KEY_WITH_KEYS,
                ));
            }
            let verifier = verifier::new_verifier(py, keys, allow_weak)?;
            verifier::verify(py, &verifier, token, checks)
        }
        (Some(_), Some(_)) => Err(invalid(
            py,
            "keys",
            "give either `keys` or `api_secret`, not both",
        )),
        (None, None) => Err(invalid(
            py,
            "api_secret",
            "is required (or give `keys`: API key to secret)",
        )),
    }
}

/// The header's and the payload's JSON texts, checked as strictly as `verify` reads them.
fn decoded(py: Python<'_>, token: &Bound<'_, PyAny>) -> PyResult<(Cow<'static, str>, String)> {
    let token = TokenText::new(py, token)?;
    decode_json(token.as_str(py)?).py(py)
}

/// Decodes a token's payload. VERIFIES NOTHING: no signature, no expiry, no algorithm.
#[pyfunction]
pub(crate) fn decode_token<'py>(
    py: Python<'py>,
    token: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let (_, payload) = decoded(py, token)?;
    json_to_py(py, &payload)
}

/// Decodes a token's protected header. VERIFIES NOTHING (see `decode_token`).
#[pyfunction]
pub(crate) fn decode_token_header<'py>(
    py: Python<'py>,
    token: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let (header, _) = decoded(py, token)?;
    json_to_py(py, &header)
}

/// A duration (`"1h"`, `"90 seconds"`, seconds, or a `timedelta`) in whole seconds.
#[pyfunction]
pub(crate) fn parse_duration(py: Python<'_>, duration: &Bound<'_, PyAny>) -> PyResult<i64> {
    match args::duration(py, Some(duration), "duration", DurationKind::Lifetime)? {
        Some(seconds) => Ok(seconds),
        None => Err(Error::InvalidOptions {
            field: "duration".into(),
            reason: "is required",
        })
        .py(py),
    }
}
