//! The flags of a post's inputs, built from [`Field`]: one flag per field of the groups a
//! command takes, with the field's key as its id, its help and its placeholder. Their values
//! are kept as typed, and read once, at the edge, into a typed [`RowInput`] by the field's own
//! parser; a value that cannot be read is an error naming the flag, in the user's language.

use asp_funding::lang::Lang;
use asp_funding::post::{Field, Group, InputError, InputErrorKind, RowInput};
use asp_funding::tr;
use clap::{Arg, ArgAction, ArgMatches, Args, Command, FromArgMatches};

/// Whether a field's flag takes values that may start with `-` (a number, to be refused by
/// its parser with the reason rather than taken for a flag).
fn numeric(field: Field) -> bool {
    matches!(
        field,
        Field::Campaign
            | Field::Months
            | Field::Years
            | Field::HalfDays
            | Field::Sites
            | Field::DistanceKm
            | Field::Share
            | Field::Charges
            | Field::PetAmount
            | Field::Notified
            | Field::Year
    )
}

/// The flag of a field.
fn arg(field: Field) -> Arg {
    let spec = field.spec();
    let mut arg = Arg::new(spec.key)
        .long(field.long())
        .help(spec.help[0])
        .value_name(spec.placeholder[0]);
    if let Some(letter) = spec.short {
        arg = arg.short(letter);
    }
    if let Some(heading) = spec.group.heading(Lang::En) {
        arg = arg.help_heading(heading);
    }
    // A length given both ways, or a reason for leaving without the day left, is for the
    // engine to judge, as it judges a batch row's cells: one rule for both.
    if spec.switch {
        arg.action(ArgAction::SetTrue)
    } else {
        arg.action(ArgAction::Set)
            .allow_hyphen_values(numeric(field))
    }
}

/// The values typed for `fields`, as typed (`yes` for a switch).
fn typed(matches: &ArgMatches, fields: impl Iterator<Item = Field>) -> Vec<(Field, String)> {
    fields
        .filter_map(|field| {
            let id = field.key();
            if field.spec().switch {
                matches.get_flag(id).then(|| (field, "yes".to_string()))
            } else {
                matches
                    .get_one::<String>(id)
                    .map(|value| (field, value.clone()))
            }
        })
        .collect()
}

/// Reads the values typed into a row: an empty value or one its field cannot read is an
/// error naming the flag, in `lang`.
pub fn read(values: &[(Field, String)], lang: Lang) -> anyhow::Result<RowInput> {
    let mut row = RowInput::default();
    for (field, value) in values {
        let failed = |kind: InputErrorKind| {
            anyhow::anyhow!(tr!(
                lang,
                "{}: {}",
                "{} : {}",
                field.flag(),
                kind.render(lang)
            ))
        };
        // An empty flag is a mistake (an unset variable in a script), not a request for the
        // default (an empty cell of a batch is).
        if value.trim().is_empty() {
            return Err(failed(InputErrorKind::Empty));
        }
        field
            .read(value, &mut row)
            .map_err(|InputError { kind, .. }| failed(kind))?;
    }
    Ok(row)
}

/// Declares a set of flags made from the fields of some groups.
macro_rules! field_args {
    ($(#[$meta:meta])* $name:ident, $($group:pat_param)|+) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default)]
        pub struct $name {
            /// The values typed, by field, as typed.
            pub values: Vec<(Field, String)>,
        }

        impl $name {
            /// The fields it has flags for.
            pub fn fields() -> impl Iterator<Item = Field> {
                Field::all().filter(|f| matches!(f.spec().group, $($group)|+))
            }

            /// The values typed, read into a row (an error names the flag).
            pub fn input(&self, lang: Lang) -> anyhow::Result<RowInput> {
                read(&self.values, lang)
            }
        }

        impl FromArgMatches for $name {
            fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
                Ok($name {
                    values: typed(matches, Self::fields()),
                })
            }

            fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
                *self = Self::from_arg_matches(matches)?;
                Ok(())
            }
        }

        impl Args for $name {
            fn augment_args(command: Command) -> Command {
                Self::fields().fold(command, |command, field| command.arg(arg(field)))
            }

            fn augment_args_for_update(command: Command) -> Command {
                Self::augment_args(command)
            }
        }
    };
}

field_args!(
    /// What describes one post, shared by every command that computes one: a flag per input.
    PostArgs,
    Group::Post | Group::Pattern | Group::WhatIf
);

field_args!(
    /// The working pattern that sets the PET.
    PatternArgs,
    Group::Pattern
);

field_args!(
    /// The credit notified, for `check`.
    CheckFlags,
    Group::Check
);
