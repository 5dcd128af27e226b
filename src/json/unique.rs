//! Duplicate member names, found in time linear in the names' total length.

use std::borrow::Cow;

/// Whether `names` holds some name twice. Up to [`PAIRWISE_MAX`] names are compared pairwise
/// (a bounded number of comparisons per name, and no set-up). More are
/// sorted by an MSD radix sort over 8-byte digits (each level an LSD byte-wise counting sort of
/// the names' next 8 bytes plus how many remain), and only names that agree on a whole digit go
/// on to the next: the work is linear in the names' total length, with no worst case to craft.
/// Comparing each name with every earlier one was quadratic (a header of many short names
/// made verification slow); a comparison sort is n log n and measurably slower than this on the same input
/// (tests/linear.rs, bench/RESULTS.md), and a hash table needs an unpredictable seed, which wasm
/// does not have.
pub(super) fn has_duplicate(names: &[Cow<'_, str>]) -> bool {
    if names.len() <= PAIRWISE_MAX {
        return names
            .iter()
            .enumerate()
            .any(|(i, a)| names.iter().skip(i + 1).any(|b| a == b));
    }
    let mut tmp = Vec::new();
    let mut work: Vec<(Vec<Digit>, usize)> = Vec::new();
    let all = (0..names.len()).map(|index| Digit {
        key: 0,
        rem: 0,
        index,
    });
    work.push((all.collect(), 0));
    while let Some((mut group, offset)) = work.pop() {
        if group.len() <= 8 {
            if pairwise_duplicate(names, group.iter().map(|d| (d.index, offset))) {
                return true;
            }
            continue;
        }
        for d in &mut group {
            let name = names.get(d.index).map_or(&[][..], |n| n.as_bytes());
            let rest = name.get(offset..).unwrap_or_default();
            let mut digit = [0u8; 8];
            let len = rest.len().min(8);
            if let (Some(to), Some(from)) = (digit.get_mut(..len), rest.get(..len)) {
                to.copy_from_slice(from);
            }
            d.key = u64::from_be_bytes(digit);
            // At most 8 bytes (9 = more follow): a name and the same name padded with NUL
            // bytes differ here.
            d.rem = u8::try_from(rest.len().min(9)).unwrap_or(9);
        }
        radix_sort(&mut group, &mut tmp);
        let mut start = 0;
        while let Some(first) = group.get(start).copied() {
            let run = group
                .get(start..)
                .unwrap_or_default()
                .iter()
                .take_while(|d| d.key == first.key && d.rem == first.rem)
                .count();
            if run > 1 {
                if first.rem <= 8 {
                    return true; // equal digits and nothing after them: equal names
                }
                let same = group.get(start..start + run).unwrap_or_default().to_vec();
                work.push((same, offset + 8));
            }
            start += run;
        }
    }
    false
}

/// Objects of up to this many names are checked pairwise: a radix pass has a fixed cost (256
/// counters) that only pays for more names, and a token's objects are small.
const PAIRWISE_MAX: usize = 32;

/// One name's next digit during [`has_duplicate`].
#[derive(Debug, Clone, Copy, Default)]
struct Digit {
    /// The next 8 bytes of the name, big-endian, zero-padded.
    key: u64,
    /// How many bytes of the name remain from this digit on, capped at 9.
    rem: u8,
    /// Which name.
    index: usize,
}

/// Whether two of the names (given as index and the offset from which they are known to
/// agree; at most 8, more are ignored) are equal.
fn pairwise_duplicate(names: &[Cow<'_, str>], group: impl Iterator<Item = (usize, usize)>) -> bool {
    let mut rests: [&[u8]; 8] = [&[]; 8];
    let mut n = 0;
    for ((i, offset), slot) in group.zip(rests.iter_mut()) {
        let name = names.get(i).map_or(&[][..], |n| n.as_bytes());
        *slot = name.get(offset..).unwrap_or_default();
        n += 1;
    }
    let rests = rests.get(..n).unwrap_or_default();
    rests
        .iter()
        .enumerate()
        .any(|(i, a)| rests.iter().skip(i + 1).any(|b| a == b))
}

/// Sorts by (`key`, `rem`) with 9 stable counting passes of one byte each, least significant
/// first, skipping a pass when every entry has the same byte there (short names leave most of
/// `key` zero).
fn radix_sort(entries: &mut Vec<Digit>, tmp: &mut Vec<Digit>) {
    fn byte(d: &Digit, pass: usize) -> usize {
        if pass == 0 {
            usize::from(d.rem)
        } else {
            usize::from(d.key.to_le_bytes().get(pass - 1).copied().unwrap_or(0))
        }
    }
    // Bytes that are the same in every entry need no pass (short names leave most of `key`
    // zero); found with two folds rather than by counting, which is slow exactly there (every
    // increment hits the same counter and waits for the previous one).
    let (mut or, mut and) = (0u64, u64::MAX);
    let (mut rem_or, mut rem_and) = (0u8, u8::MAX);
    for d in entries.iter() {
        or |= d.key;
        and &= d.key;
        rem_or |= d.rem;
        rem_and &= d.rem;
    }
    let varies = |pass: usize| {
        if pass == 0 {
            rem_or != rem_and
        } else {
            ((or ^ and) >> (8 * (pass - 1))) & 0xFF != 0
        }
    };
    for pass in (0..9).filter(|&p| varies(p)) {
        let mut histogram = [0usize; 256];
        for d in entries.iter() {
            if let Some(c) = histogram.get_mut(byte(d, pass)) {
                *c += 1;
            }
        }
        let mut next = [0usize; 256];
        let mut sum = 0;
        for (n, c) in next.iter_mut().zip(histogram) {
            *n = sum;
            sum += c;
        }
        tmp.clear();
        tmp.resize(entries.len(), Digit::default());
        for d in entries.iter() {
            if let Some(n) = next.get_mut(byte(d, pass)) {
                if let Some(slot) = tmp.get_mut(*n) {
                    *slot = *d;
                }
                *n += 1;
            }
        }
        core::mem::swap(entries, tmp);
    }
}
