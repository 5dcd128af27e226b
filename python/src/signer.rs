//! `TokenSigner`: one API key and the HMAC key state derived once from its secret (no copy of
//! the secret is kept). Immutable after construction, so one signer can be shared by any
//! number of threads; the signing and verifying themselves run with the GIL released.

use isometrik_token::contract::DEFAULT_MAX_EXPIRES_IN;
use isometrik_token::Expiry;
use isometrik_token::{Signer, SignerOptions, TokenOptions, Verified, VerifyOptions};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;

use crate::args::{self, DurationKind, Secret, TokenText};
use crate::errors::CoreResult;
use crate::json::json_to_py;

/// Builds the core signer: the secret is borrowed (`bytes`) or encoded once and wiped (`str`).
pub(crate) fn new_signer(
    py: Python<'_>,
    api_key: &Bound<'_, PyAny>,
    api_secret: &Bound<'_, PyAny>,
    allow_weak_secret: Option<&Bound<'_, PyAny>>,
    max_expires_in: Option<&Bound<'_, PyAny>>,
) -> PyResult<Signer> {
    let api_key = args::text(py, api_key, "api_key")?;
    let max = args::duration(py, max_expires_in, "max_expires_in", DurationKind::Lifetime)?;
    let options = SignerOptions {
        allow_weak_secret: args::flag(py, allow_weak_secret, "allow_weak_secret")?,
        max_expires_in: max.unwrap_or(DEFAULT_MAX_EXPIRES_IN),
    };
    let secret = Secret::new(py, api_secret)?;
    Signer::with_options(&api_key, secret.as_bytes(), options).py(py)
}

/// The Python arguments of one token (`TokenSigner.create`, `create_token`).
pub(crate) struct TokenArgs<'a, 'py> {
    pub room_id: &'a Bound<'py, PyAny>,
    pub participant_name: &'a Bound<'py, PyAny>,
    pub permissions: Option<&'a Bound<'py, PyAny>>,
    pub expires_in: Option<&'a Bound<'py, PyAny>>,
    pub name: Option<&'a Bound<'py, PyAny>>,
    pub metadata: Option<&'a Bound<'py, PyAny>>,
    pub current_date: Option<&'a Bound<'py, PyAny>>,
}

/// Creates a token: arguments read with the GIL, the core's checks and HMAC without it.
pub(crate) fn create(py: Python<'_>, signer: &Signer, a: TokenArgs<'_, '_>) -> PyResult<String> {
    let room = args::text(py, a.room_id, "room_id")?;
    let identity = args::text(py, a.participant_name, "participant_name")?;
    let permissions = args::permissions(py, a.permissions)?;
    let ttl = args::expires_in(py, a.expires_in)?;
    let name = args::optional_text(py, a.name, "name")?;
    let metadata = args::optional_text(py, a.metadata, "metadata")?;
    let now = args::now(py, a.current_date)?;
    let options = TokenOptions {
        room: &room,
        identity: &identity,
        permissions,
        expires_in: Expiry::Seconds(ttl),
        name: name.as_deref(),
        metadata: metadata.as_deref(),
        now,
    };
    detach(py, || signer.create(&options)).py(py)
}

/// The Python arguments of one verification.
pub(crate) struct VerifyArgs<'a, 'py> {
    pub room_id: Option<&'a Bound<'py, PyAny>>,
    pub api_key: Option<&'a Bound<'py, PyAny>>,
    pub clock_tolerance: Option<&'a Bound<'py, PyAny>>,
    pub current_date: Option<&'a Bound<'py, PyAny>>,
}

/// Verifies a token: reads the arguments with the GIL, then runs `check` (the core's
/// verification with the caller's key or keys) without it. `default_api_key` is the expected
/// `iss` unless `api_key` is given. Returns the payload as a `dict`.
pub(crate) fn verify<'py>(
    py: Python<'py>,
    default_api_key: Option<&str>,
    token: &Bound<'py, PyAny>,
    a: VerifyArgs<'_, 'py>,
    check: impl FnOnce(&str, &VerifyOptions<'_>) -> isometrik_token::Result<Verified> + Send,
) -> PyResult<Bound<'py, PyAny>> {
    let token = TokenText::new(py, token)?;
    let token = token.as_str(py)?;
    let api_key: Option<PyBackedStr> = args::optional_text(py, a.api_key, "api_key")?;
    let room: Option<PyBackedStr> = args::optional_text(py, a.room_id, "room_id")?;
    let options = VerifyOptions {
        now: args::now(py, a.current_date)?,
        leeway: args::clock_tolerance(py, a.clock_tolerance)?,
        api_key: api_key.as_deref().or(default_api_key),
        room: room.as_deref(),
    };
    let payload = detach(py, || check(token, &options)).py(py)?;
    json_to_py(py, &payload.payload_json)
}

/// Runs the core with the GIL released (other Python threads run meanwhile).
pub(crate) fn detach<T: Send>(py: Python<'_>, f: impl FnOnce() -> T + Send) -> T {
    if crate::RELEASE_GIL.load(std::sync::atomic::Ordering::Relaxed) {
        py.detach(f)
    } else {
        f()
    }
}

/// A reusable signer for one API key: the HMAC key state is derived once, so each token costs
/// one hash. Safe to share between threads.
///
/// Subclassable: `IsometrikClient(keys=...)` makes its `tokens` a subclass that signs as this
/// class does and verifies with several keys (`isometrik_token/_client.py`).
#[pyclass(frozen, subclass, module = "isometrik_token", name = "TokenSigner")]
pub struct TokenSigner {
    inner: Signer,
}

#[pymethods]
impl TokenSigner {
    #[new]
    #[pyo3(signature = (api_key, api_secret, *, allow_weak_secret=None, max_expires_in=None))]
    fn new(
        py: Python<'_>,
        api_key: &Bound<'_, PyAny>,
        api_secret: &Bound<'_, PyAny>,
        allow_weak_secret: Option<&Bound<'_, PyAny>>,
        max_expires_in: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        new_signer(py, api_key, api_secret, allow_weak_secret, max_expires_in)
            .map(|inner| TokenSigner { inner })
    }

    /// The API key this signer writes as `iss`.
    #[getter]
    fn api_key(&self) -> &str {
        self.inner.api_key()
    }

    /// Creates a signed token.
    #[pyo3(signature = (room_id, participant_name, permissions=None, expires_in=None, name=None, metadata=None, *, current_date=None))]
    #[allow(clippy::too_many_arguments)]
    fn create(
        &self,
        py: Python<'_>,
        room_id: &Bound<'_, PyAny>,
        participant_name: &Bound<'_, PyAny>,
        permissions: Option<&Bound<'_, PyAny>>,
        expires_in: Option<&Bound<'_, PyAny>>,
        name: Option<&Bound<'_, PyAny>>,
        metadata: Option<&Bound<'_, PyAny>>,
        current_date: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        create(
            py,
            &self.inner,
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

    /// Verifies a token (`iss` must be this signer's API key unless `api_key` is given) and
    /// returns its claims.
    #[pyo3(signature = (token, room_id=None, *, api_key=None, clock_tolerance=None, current_date=None))]
    fn verify<'py>(
        &self,
        py: Python<'py>,
        token: &Bound<'py, PyAny>,
        room_id: Option<&Bound<'py, PyAny>>,
        api_key: Option<&Bound<'py, PyAny>>,
        clock_tolerance: Option<&Bound<'py, PyAny>>,
        current_date: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let key = self.inner.key();
        verify(
            py,
            Some(self.inner.api_key()),
            token,
            VerifyArgs {
                room_id,
                api_key,
                clock_tolerance,
                current_date,
            },
            |token, options| isometrik_token::verify(key, token, options),
        )
    }

    fn __repr__(&self) -> String {
        // The API key is public (it is every token's `iss`); the secret is not kept at all.
        format!("TokenSigner(api_key={:?})", self.inner.api_key())
    }
}
