//! The national allocation notes (`allocations/*.toml`): posts per region and post type for a
//! promotion, with how much of the regional split is known.

use super::loader::Loader;
use crate::model::PostType;
use crate::rates::{raw, Allocation, Split, TypeAllocation};
use crate::text;
use std::collections::BTreeMap;
use toml::Spanned;

/// Reads an allocation note, its sources and each post type's allocation.
pub(super) fn read(loader: &mut Loader<'_>) -> Option<Allocation> {
    let raw = loader.parse::<raw::AllocationFile>()?;
    loader.add_sources(raw.sources);
    loader.use_source(raw.source.get_ref(), raw.source.span(), "source");
    let mut by_type = BTreeMap::new();
    for (post_type, entry) in [
        (PostType::InterHospital, raw.inter_hospital),
        (PostType::Ambulatory, raw.ambulatory),
        (PostType::Overseas, raw.overseas),
    ] {
        let Some(entry) = entry else { continue };
        by_type.insert(post_type, type_allocation(loader, post_type, entry));
    }
    Some(Allocation {
        promotion: raw.promotion.into_inner(),
        source: raw.source.into_inner(),
        by_type,
        file: loader.file.shown.clone(),
        rel: loader.file.rel.clone(),
    })
}

/// One post type's allocation: its regions (checked once every file is read), its figures
/// against its split, and the posts counted within another region's.
fn type_allocation(
    loader: &mut Loader<'_>,
    post_type: PostType,
    entry: Spanned<raw::TypeAllocationRaw>,
) -> TypeAllocation {
    let span = entry.span();
    let entry = entry.into_inner();
    let key = post_type.id();
    for region in entry.posts.keys().chain(entry.within.keys()) {
        loader.use_region(region, span.clone(), &format!("{key}.posts"));
    }
    // Added up in 64 bits: no count of posts can wrap around.
    let sum: u64 = entry.posts.values().map(|n| u64::from(*n)).sum();
    match entry.split {
        Split::Complete if sum != u64::from(entry.total) => loader.error(
            Some(span.clone()),
            key,
            text!(lang =>
                "split is \"complete\" but the regions add up to {sum}, not the total {}",
                "split vaut \"complete\" mais les régions totalisent {sum}, pas le total {}",
                entry.total
            ),
        ),
        Split::Partial if sum > u64::from(entry.total) => loader.error(
            Some(span.clone()),
            key,
            text!(lang =>
                "the known regions add up to {sum}, more than the total {}",
                "les régions connues totalisent {sum}, plus que le total {}",
                entry.total
            ),
        ),
        Split::Unknown if !entry.posts.is_empty() => loader.error(
            Some(span.clone()),
            key,
            text!(lang =>
                "split is \"unknown\" but regions are given: say \"partial\"",
                "split vaut \"unknown\" mais des régions sont données : écrivez \"partial\""
            ),
        ),
        _ => {}
    }
    let mut within = BTreeMap::new();
    for (region, w) in entry.within {
        match entry.posts.get(&w.of) {
            Some(parent) if *parent >= w.posts => {}
            Some(parent) => loader.error(
                Some(span.clone()),
                &format!("{key}.within.{region}"),
                text!(lang =>
                    "{} posts within {}'s {parent}",
                    "{} postes parmi les {parent} de {}",
                    w.posts,
                    w.of
                ),
            ),
            None => loader.error(
                Some(span.clone()),
                &format!("{key}.within.{region}"),
                text!(lang =>
                    "'{}' has no posts in this note",
                    "« {} » n'a pas de postes dans cette note",
                    w.of
                ),
            ),
        }
        within.insert(region, (w.of, w.posts));
    }
    TypeAllocation {
        total: entry.total,
        split: entry.split,
        note: entry.note,
        posts: entry.posts,
        within,
    }
}
