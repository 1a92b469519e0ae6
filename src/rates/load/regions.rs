//! `regions.toml`: the regions, with the names users type for them and the regions a
//! grouping holds.

use super::loader::Loader;
use crate::model::fold_name;
use crate::rates::{raw, Region};
use crate::text;

/// Reads `regions.toml`: its sources and its regions, each id in the id form (the regions a
/// grouping names are checked once every file is read).
pub(super) fn read(loader: &mut Loader<'_>, regions: &mut Vec<Region>) {
    let Some(parsed) = loader.parse::<raw::RegionsFile>() else {
        return;
    };
    loader.add_sources(parsed.sources);
    for region in parsed.regions {
        let span = region.id.span();
        let id = region.id.into_inner();
        if fold_name(&id) != id {
            loader.error(Some(span.clone()), "regions.id", text!(lang =>
                "'{id}' is not in the id form '{}' (lower case, no accents, words joined by hyphens)",
                "« {id} » n'a pas la forme d'un id, « {} » (minuscules, sans accents, mots joints par des traits d'union)",
                fold_name(&id)
            ));
        }
        for member in &region.groups {
            loader.use_region(member, span.clone(), &format!("regions.{id}.groups"));
        }
        regions.push(Region {
            id,
            name: region.name,
            short: region.short,
            aliases: region.aliases,
            overseas: region.overseas,
            groups: region.groups,
        });
    }
}
