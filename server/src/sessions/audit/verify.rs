//! Checking a trail against its seals: the first entry that does not match, and why.
//! Used by `sightline audit verify` (on an export or on the database) and the report.

use super::chain::{self, Entry, Head};
use super::key::AuditKey;

/// What is wrong at the first entry that does not match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Its content does not match its seal.
    Edited,
    /// No entry has this place: it was deleted.
    Missing,
    /// It stands where entry `found_at` belongs (entries swapped or moved).
    OutOfPlace { found_at: i64 },
    /// Its seal is that of the entry at place `sealed_as`, after that place's predecessor.
    SealedAs { sealed_as: i64 },
    /// It has no seal though entries before it have one.
    Unsealed,
    /// No seal matches: the trail was sealed with another key.
    WrongKey,
    /// The trail ends before its head's place: the entries from this one on were deleted.
    Cut { head: i64 },
    /// The trail goes on after its head's place.
    AfterHead { head: i64 },
    /// The session has entries and no head.
    HeadMissing,
    /// The head's seal does not match the trail's end.
    HeadEdited,
    /// Every entry predates the chain: nothing can be vouched for.
    NothingSealed,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Edited => write!(f, "edited: its content does not match its seal"),
            Problem::Missing => write!(f, "missing: it was deleted from the trail"),
            Problem::OutOfPlace { found_at } => write!(f, "out of order: it stands where entry {found_at} belongs"),
            Problem::SealedAs { sealed_as } => write!(f, "out of order (swapped or moved): it was sealed as entry {sealed_as}"),
            Problem::Unsealed => write!(f, "not sealed, though the entries before it are"),
            Problem::WrongKey => write!(f, "wrong key: no seal matches the key (sealed with another key, or the key changed)"),
            Problem::Cut { head } => write!(f, "missing: the trail ends before it, its head is at entry {head} (the last entries were deleted)"),
            Problem::AfterHead { head } => write!(f, "after the end: the trail's head is at entry {head}"),
            Problem::HeadMissing => write!(f, "the trail's head (its end, sealed) is missing"),
            Problem::HeadEdited => write!(f, "the trail's head does not match its end (edited, or the last entries were replaced)"),
            Problem::NothingSealed => write!(f, "no entry is sealed: the trail predates the chain"),
        }
    }
}

/// The first entry that does not match: its place and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    pub seq: i64,
    pub problem: Problem,
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "entry {}: {}", self.seq, self.problem)
    }
}

/// A trail that matches: how many entries its seals vouch for, and how many before them
/// were written before the trail was chained (they are not vouched for).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verified {
    pub sealed: usize,
    pub unsealed: usize,
}

impl std::fmt::Display for Verified {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "OK: {} entries verified", self.sealed)?;
        if self.unsealed > 0 {
            write!(f, " ({} earlier entries predate the chain and are not vouched for)", self.unsealed)?;
        }
        Ok(())
    }
}

/// Checks `entries` (in the order given) and `head` of session `session_id` with `key`.
pub fn verify(key: &AuditKey, session_id: &str, entries: &[Entry], head: Option<&Head>) -> Result<Verified, Mismatch> {
    places(entries)?;
    let unsealed = entries.iter().take_while(|entry| entry.seal.is_none()).count();
    let previous = |index: usize| index.checked_sub(1).and_then(|before| entries[before].seal.as_deref());
    let matches: Vec<bool> = entries
        .iter()
        .enumerate()
        .map(|(index, entry)| entry.seal.as_deref() == Some(chain::seal(key, session_id, previous(index), entry).as_str()))
        .collect();
    let head_matches = head.is_some_and(|head| {
        let last = usize::try_from(head.seq).ok().and_then(|seq| seq.checked_sub(1)).and_then(|index| entries.get(index));
        head.seal.as_deref() == Some(chain::head_seal(key, session_id, head.seq, last.and_then(|entry| entry.seal.as_deref())).as_str())
    });
    if let Some(first) = entries.get(unsealed) {
        if !matches.iter().any(|matched| *matched) && !head_matches {
            return Err(Mismatch { seq: first.seq, problem: Problem::WrongKey });
        }
    }
    for (index, entry) in entries.iter().enumerate().skip(unsealed) {
        if entry.seal.is_none() {
            return Err(Mismatch { seq: entry.seq, problem: Problem::Unsealed });
        }
        if !matches[index] {
            let problem = sealed_as(key, session_id, entries, entry).map_or(Problem::Edited, |sealed_as| Problem::SealedAs { sealed_as });
            return Err(Mismatch { seq: entry.seq, problem });
        }
    }
    let last = entries.last().map_or(0, |entry| entry.seq);
    match head {
        None if entries.is_empty() => {}
        None => return Err(Mismatch { seq: last, problem: Problem::HeadMissing }),
        Some(head) if head.seq > last => return Err(Mismatch { seq: last + 1, problem: Problem::Cut { head: head.seq } }),
        Some(head) if head.seq < last => return Err(Mismatch { seq: head.seq + 1, problem: Problem::AfterHead { head: head.seq } }),
        Some(_) if unsealed == entries.len() => return Err(Mismatch { seq: 1, problem: Problem::NothingSealed }),
        Some(head) if !head_matches => return Err(Mismatch { seq: head.seq, problem: Problem::HeadEdited }),
        Some(_) => {}
    }
    Ok(Verified { sealed: entries.len() - unsealed, unsealed })
}

/// Entries must stand at places 1, 2, 3… in order.
fn places(entries: &[Entry]) -> Result<(), Mismatch> {
    for (index, entry) in entries.iter().enumerate() {
        let expected = index as i64 + 1;
        if entry.seq == expected {
            continue;
        }
        let later = entries[index + 1..].iter().any(|other| other.seq == expected);
        return Err(if later || entry.seq < expected {
            Mismatch { seq: entry.seq, problem: Problem::OutOfPlace { found_at: expected } }
        } else {
            Mismatch { seq: expected, problem: Problem::Missing }
        });
    }
    Ok(())
}

/// The place `entry`'s seal was made for, when it is another than where it stands: the
/// seal matches the entry moved right after another entry of the trail (or to the start),
/// that entry standing where it was sealed or, swapped with this one, one place later.
fn sealed_as(key: &AuditKey, session_id: &str, entries: &[Entry], entry: &Entry) -> Option<i64> {
    let after = entries.iter().flat_map(|before| [(before.seal.as_deref(), before.seq + 1), (before.seal.as_deref(), before.seq)]);
    let starts = std::iter::once((None, 1)).chain(after);
    starts.filter(|(_, seq)| *seq != entry.seq).find_map(|(previous, seq)| {
        let moved = Entry { seq, ..entry.clone() };
        (entry.seal.as_deref() == Some(chain::seal(key, session_id, previous, &moved).as_str())).then_some(seq)
    })
}
