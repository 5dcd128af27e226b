//! Eight input bytes at a time: exact tests on a `u64` read (little-endian) from 8 bytes, for
//! the scans that skip ahead while no byte of interest is in sight (the JSON reader's string
//! runs, the token's dots).

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Whether some byte of `word` is below `n` (for `n` ≤ 0x80). Exact, no false positives:
/// `(x - n·0x01…01) & !x & 0x80…80` is non-zero only if some byte is below `n` (a borrow only
/// starts at a byte below `n`, and bytes from 0x80 up have their top bit cleared by `!x`).
pub(crate) fn has_byte_below(word: u64, n: u8) -> bool {
    word.wrapping_sub(ONES * u64::from(n)) & !word & HIGH != 0
}

/// Whether some byte of `word` equals `c`: a zero byte of `word ^ c·0x01…01`.
pub(crate) fn has_byte(word: u64, c: u8) -> bool {
    has_byte_below(word ^ (ONES * u64::from(c)), 1)
}
