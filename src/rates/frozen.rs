//! The reference data frozen to bytes, and thawed again: how the embedded data reaches a run
//! without its TOML being parsed at start.
//!
//! `build.rs` loads `rates/` with the strict loader (so bad data fails the build with the
//! messages of `rates validate`) and freezes the checked [`Rates`] with [`freeze`]; the
//! binary thaws them with [`thaw`]. The bytes are written and read by the same build, so the
//! form is private to it: no version, no compatibility. Amounts keep their exact decimal
//! (`Decimal`'s own 16 bytes), dates are days from the common era; nothing is parsed. Every
//! text goes, one after another, into one string apart from the other bytes: the binary
//! embeds it with `include_str!`, so the compiler checks it is UTF-8 and a run does not
//! (checking each text as it was thawed cost 40 % of thawing); among the values, a text is
//! only its length.
//!
//! Every type is written field by field in declaration order. The impls destructure each
//! struct whole, so a field added to a type of the data is a compile error here until it is
//! frozen too; enums without data go by their position in `strum::EnumIter`.

use super::{
    Allocation, AmountBasis, ChargesBasis, Check, Condition, Credit, EarlyLeave, Grid, Information,
    Lower, Origin, Param, Period, PetBasis, PetScale, PetTier, Rates, Recovery, Region, RoundAt,
    Rounding, RuleSet, SalaryBasis, Severity, Source, Split, TypeAllocation, Version, Versioned,
};
use crate::lang::Text;
use crate::model::{Component, Grade, LeaveReason, PostType, YearBand};
use crate::money::RoundingMode;
use crate::post::Field;
use crate::schedule::Proration;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use strum::IntoEnumIterator;

/// The checked data frozen, for [`thaw`]: every text, one after another, and the other
/// values as bytes.
pub fn freeze(rates: &Rates) -> (String, Vec<u8>) {
    let mut out = Freezer::default();
    rates.put(&mut out);
    (out.text, out.data)
}

/// The data [`freeze`] wrote; `None` when the texts and bytes are not that (either is cut
/// short, or holds more): never the case for those the build embeds.
pub fn thaw(text: &str, data: &[u8]) -> Option<Rates> {
    let mut input = Thawer { text, data };
    let rates = Rates::take(&mut input)?;
    (input.data.is_empty() && input.text.is_empty()).then_some(rates)
}

/// What values are written to: their texts, one after another, and their other bytes.
#[derive(Default)]
struct Freezer {
    text: String,
    data: Vec<u8>,
}

/// What values are read from: what is left of the texts and of the other bytes.
struct Thawer<'a> {
    text: &'a str,
    data: &'a [u8],
}

/// A value written to bytes and read back.
trait Frozen: Sized {
    /// Appends the value.
    fn put(&self, out: &mut Freezer);
    /// Reads a value from the front of `input`, advancing it.
    fn take(input: &mut Thawer<'_>) -> Option<Self>;
}

/// The first `N` bytes of `input`, advancing it.
fn array<const N: usize>(input: &mut Thawer<'_>) -> Option<[u8; N]> {
    let (head, rest) = input.data.split_at_checked(N)?;
    input.data = rest;
    head.try_into().ok()
}

impl Frozen for u8 {
    fn put(&self, out: &mut Freezer) {
        out.data.push(*self);
    }
    fn take(input: &mut Thawer<'_>) -> Option<Self> {
        array::<1>(input).map(|[b]| b)
    }
}

impl Frozen for bool {
    fn put(&self, out: &mut Freezer) {
        u8::from(*self).put(out);
    }
    fn take(input: &mut Thawer<'_>) -> Option<Self> {
        match u8::take(input)? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
}

impl Frozen for u32 {
    fn put(&self, out: &mut Freezer) {
        out.data.extend_from_slice(&self.to_le_bytes());
    }
    fn take(input: &mut Thawer<'_>) -> Option<Self> {
        array(input).map(u32::from_le_bytes)
    }
}

impl Frozen for i32 {
    fn put(&self, out: &mut Freezer) {
        out.data.extend_from_slice(&self.to_le_bytes());
    }
    fn take(input: &mut Thawer<'_>) -> Option<Self> {
        array(input).map(i32::from_le_bytes)
    }
}

impl Frozen for usize {
    fn put(&self, out: &mut Freezer) {
        out.data.extend_from_slice(&(*self as u64).to_le_bytes());
    }
    fn take(input: &mut Thawer<'_>) -> Option<Self> {
        usize::try_from(u64::from_le_bytes(array(input)?)).ok()
    }
}

/// A text: its length among the values, itself among the texts.
impl Frozen for String {
    fn put(&self, out: &mut Freezer) {
        self.len().put(out);
        out.text.push_str(self);
    }
    fn take(input: &mut Thawer<'_>) -> Option<Self> {
        let len = usize::take(input)?;
        let text = input.text.get(..len)?;
        input.text = input.text.get(len..)?;
        Some(text.to_string())
    }
}

/// An amount as `Decimal`'s own 16 bytes: exact, and nothing to parse.
impl Frozen for Decimal {
    fn put(&self, out: &mut Freezer) {
        out.data.extend_from_slice(&self.serialize());
    }
    fn take(input: &mut Thawer<'_>) -> Option<Self> {
        array(input).map(Decimal::deserialize)
    }
}

/// A date as its number of days from the common era.
impl Frozen for NaiveDate {
    fn put(&self, out: &mut Freezer) {
        self.num_days_from_ce().put(out);
    }
    fn take(input: &mut Thawer<'_>) -> Option<Self> {
        NaiveDate::from_num_days_from_ce_opt(i32::take(input)?)
    }
}

impl<T: Frozen> Frozen for Option<T> {
    fn put(&self, out: &mut Freezer) {
        self.is_some().put(out);
        if let Some(value) = self {
            value.put(out);
        }
    }
    fn take(input: &mut Thawer<'_>) -> Option<Self> {
        if bool::take(input)? {
            T::take(input).map(Some)
        } else {
            Some(None)
        }
    }
}

impl<T: Frozen> Frozen for Vec<T> {
    fn put(&self, out: &mut Freezer) {
        self.len().put(out);
        for item in self {
            item.put(out);
        }
    }
    fn take(input: &mut Thawer<'_>) -> Option<Self> {
        let len = usize::take(input)?;
        // Never more room than the bytes left could fill (one byte an item at least).
        let mut items = Vec::with_capacity(len.min(input.data.len()));
        for _ in 0..len {
            items.push(T::take(input)?);
        }
        Some(items)
    }
}

impl<A: Frozen, B: Frozen> Frozen for (A, B) {
    fn put(&self, out: &mut Freezer) {
        self.0.put(out);
        self.1.put(out);
    }
    fn take(input: &mut Thawer<'_>) -> Option<Self> {
        Some((A::take(input)?, B::take(input)?))
    }
}

impl<K: Frozen + Ord, V: Frozen> Frozen for BTreeMap<K, V> {
    fn put(&self, out: &mut Freezer) {
        self.len().put(out);
        for (key, value) in self {
            key.put(out);
            value.put(out);
        }
    }
    fn take(input: &mut Thawer<'_>) -> Option<Self> {
        let len = usize::take(input)?;
        let mut map = BTreeMap::new();
        for _ in 0..len {
            let (key, value) = <(K, V)>::take(input)?;
            map.insert(key, value);
        }
        Some(map)
    }
}

/// The region index, its keys sorted: the same data gives the same bytes.
impl Frozen for super::RegionIndex {
    fn put(&self, out: &mut Freezer) {
        let sorted: BTreeMap<&String, &usize> = self.iter().collect();
        sorted.len().put(out);
        for (key, value) in sorted {
            key.put(out);
            value.put(out);
        }
    }
    fn take(input: &mut Thawer<'_>) -> Option<Self> {
        let len = usize::take(input)?;
        let mut map = Self::with_capacity_and_hasher(len.min(input.data.len()), Default::default());
        for _ in 0..len {
            let (key, value) = <(String, usize)>::take(input)?;
            map.insert(key, value);
        }
        Some(map)
    }
}

/// Enums without data, by their position among `strum::EnumIter`'s variants.
macro_rules! by_position {
    ($($t:ty),+ $(,)?) => {$(
        impl Frozen for $t {
            fn put(&self, out: &mut Freezer) {
                let position = <$t>::iter().position(|v| v == *self).unwrap_or(usize::MAX);
                u8::try_from(position).unwrap_or(u8::MAX).put(out);
            }
            fn take(input: &mut Thawer<'_>) -> Option<Self> {
                <$t>::iter().nth(usize::from(u8::take(input)?))
            }
        }
    )+};
}

by_position!(
    Param,
    RoundAt,
    Recovery,
    Severity,
    Credit,
    Split,
    Component,
    Grade,
    LeaveReason,
    PostType,
    YearBand,
    RoundingMode,
    Proration,
    Field,
);

/// Structs, field by field: `put` destructures the whole struct, `take` builds it whole, so
/// neither compiles while a field is missing.
macro_rules! fields {
    ($($t:ident { $($field:ident),+ $(,)? })+) => {$(
        impl Frozen for $t {
            fn put(&self, out: &mut Freezer) {
                let $t { $($field),+ } = self;
                $($field.put(out);)+
            }
            fn take(input: &mut Thawer<'_>) -> Option<Self> {
                Some($t { $($field: Frozen::take(input)?),+ })
            }
        }
    )+};
}

fields! {
    Text { en, fr }
    Source { id, title, reference, url, date, file }
    Origin { file, rel, line }
    Grid { annual }
    PetTier { label, lower, up_to, min_sites, amount }
    PetScale { min_distance_km, derogation, tiers }
    Rounding { mode, at }
    Period { from, note }
    Information { about, quote, source }
    EarlyLeave { reasons, recovery, quote, source }
    TypeAllocation { total, split, note, posts, within }
    Allocation { promotion, source, by_type, file, rel }
    Condition {
        id, post_types, text, source, check, only_with_derogation, unless, replaces, promotions
    }
    Region { id, name, short, aliases, overseas, groups }
    RuleSet {
        id, region, post_types, campaign, title, source, start_months, default_start,
        default_start_note, period, durations, default_months, other_durations, proration,
        credit, published_credit, share, funded, grade, years, salary, iespe, pet, charges,
        rounding, assumptions, early_leave, conditions, information, origin
    }
    Rates {
        origin, sources, regions, grid, iespe, pet, charges, rule_sets, allocations,
        conditions, files, unread, region_index
    }
}

impl<T: Frozen> Frozen for Version<T> {
    fn put(&self, out: &mut Freezer) {
        let Version {
            from,
            until,
            sources,
            note,
            value,
            origin,
        } = self;
        from.put(out);
        until.put(out);
        sources.put(out);
        note.put(out);
        value.put(out);
        origin.put(out);
    }
    fn take(input: &mut Thawer<'_>) -> Option<Self> {
        Some(Version {
            from: Frozen::take(input)?,
            until: Frozen::take(input)?,
            sources: Frozen::take(input)?,
            note: Frozen::take(input)?,
            value: Frozen::take(input)?,
            origin: Frozen::take(input)?,
        })
    }
}

impl<T: Frozen> Frozen for Versioned<T> {
    fn put(&self, out: &mut Freezer) {
        let Versioned {
            param,
            unit,
            versions,
        } = self;
        param.put(out);
        unit.put(out);
        versions.put(out);
    }
    fn take(input: &mut Thawer<'_>) -> Option<Self> {
        Some(Versioned {
            param: Frozen::take(input)?,
            unit: Frozen::take(input)?,
            versions: Frozen::take(input)?,
        })
    }
}

/// Enums with data: a tag, then the variant's values.
macro_rules! tagged {
    ($t:ident { $($tag:literal => $variant:ident $(($($value:ident),+))?),+ $(,)? }) => {
        impl Frozen for $t {
            fn put(&self, out: &mut Freezer) {
                match self {
                    $($t::$variant $(($($value),+))? => {
                        u8::put(&$tag, out);
                        $($($value.put(out);)+)?
                    })+
                }
            }
            fn take(input: &mut Thawer<'_>) -> Option<Self> {
                match u8::take(input)? {
                    $($tag => Some($t::$variant $(($({
                        let $value = Frozen::take(input)?;
                        $value
                    }),+))?),)+
                    _ => None,
                }
            }
        }
    };
}

tagged!(Lower { 0 => From(x), 1 => Above(x) });
tagged!(SalaryBasis { 0 => Grid, 1 => Published(x) });
tagged!(AmountBasis { 0 => National, 1 => Published(x) });
tagged!(PetBasis { 0 => Fixed(x), 1 => Pattern });
tagged!(ChargesBasis { 0 => Reference, 1 => Rate(x), 2 => None });
tagged!(Check {
    0 => AtLeast(field, x),
    1 => Equals(field, x),
    2 => NotAmong(field, x),
    3 => OneOf(field, x),
    4 => Overseas(field, x),
});
