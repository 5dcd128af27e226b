//! The size limits of tokens and secrets: the bottom layer (no imports), so that the error
//! type can say them in its messages and the JWS layer enforce them without one depending on
//! the other. Re-exported by [`crate::contract`].

/// The largest token (in bytes) that decode and verify accept: 16 KiB. Tokens with a few KB
/// of metadata fit; anything larger is refused before any decoding work.
pub const MAX_TOKEN_LEN: usize = 16 * 1024;

/// The smallest secret accepted without `allow_weak_secret`: 32 bytes (RFC 7518 §3.2).
pub const MIN_SECRET_LEN: usize = 32;

/// The longest secret accepted, in bytes. An HMAC key longer than SHA-256's 64-byte block is
/// hashed first, so a longer secret adds nothing; the bound keeps a runaway value (a whole file
/// passed by mistake) out of memory, and lets bindings refuse it before copying it.
pub const MAX_SECRET_LEN: usize = 4096;
