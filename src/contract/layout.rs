//! Where each [`Field`] is written in the wasm boundary's input buffer: one slot per field, at
//! a fixed offset, so that the JS half writes by name (`INPUT_SLOTS.room`) and the Rust half
//! reads by variant, and a wrong order cannot exist.
//!
//! The buffer starts with a header of two `f64` cells per field (so JavaScript writes them
//! through one `Float64Array`): cell `2i` is the byte length of field `i` ([`ABSENT`] when the
//! caller gave none, [`OVERSIZE`] when it was over the limit and not copied), cell `2i + 1`
//! its number (the seconds of a duration given as a number; NaN otherwise). The slots follow,
//! each one byte longer than its field's limit: that last byte is never written, so an
//! oversize field can be stood in for by the (zeroed) slot, which the core then refuses with
//! its own error, in its own order.

use super::Field;

/// The length cell of a field the caller did not give.
pub const ABSENT: f64 = -1.0;

/// The length cell of a field over its limit, not copied.
pub const OVERSIZE: f64 = -2.0;

/// Cells (of 8 bytes) in the header: a length and a number per field.
pub const HEADER_CELLS: usize = 2 * Field::ALL.len();

/// The header's size in bytes.
pub const HEADER_BYTES: usize = 8 * HEADER_CELLS;

/// The size of `field`'s slot: its limit, and one byte more for the oversize stand-in.
pub const fn capacity(field: Field) -> usize {
    field.max_bytes() + 1
}

/// Where `field`'s slot starts, from the start of the buffer (the header comes first).
pub const fn offset(field: Field) -> usize {
    let mut at = HEADER_BYTES;
    let mut i = 0;
    while i < field as usize {
        // `i` < `field as usize` < ALL.len(): in bounds, checked at compile time.
        #[allow(clippy::indexing_slicing)]
        let before = Field::ALL[i];
        at += capacity(before);
        i += 1;
    }
    at
}

/// The whole buffer: the header and every slot.
pub const INPUT_BYTES: usize = offset(Field::Duration) + capacity(Field::Duration);

const _: () = assert!(Field::Duration as usize + 1 == Field::ALL.len());

/// Every field's slot as `(offset, capacity)`, in slot order: [`offset`] and [`capacity`]
/// worked out once, at compile time.
pub const SLOTS: [(usize, usize); Field::ALL.len()] = slots();

const fn slots() -> [(usize, usize); Field::ALL.len()] {
    let mut out = [(0, 0); Field::ALL.len()];
    let mut i = 0;
    while i < Field::ALL.len() {
        // `i` < ALL.len() == out.len(): in bounds, checked at compile time.
        #[allow(clippy::indexing_slicing)]
        {
            out[i] = (offset(Field::ALL[i]), capacity(Field::ALL[i]));
        }
        i += 1;
    }
    out
}
