//! The shared words of the protocol: enums the server, the SDK and the console agree on,
//! each serialised as its one wire name.
//!
//! Every enum here is declared with [`vocabulary!`]: a variant and its wire name are written
//! once, and the enum gets `ALL` (declaration order), `as_str`, `Display`, serde as the
//! wire name, and `FromStr` that refuses unknown names with [`UnknownWord`].

mod barcode_format;
mod colour;
mod capture_kind;
mod end_reason;
mod feature;
mod network_type;
mod phone_state;
mod role;
mod video_state;

pub use barcode_format::BarcodeFormat;
pub use colour::Colour;
pub use capture_kind::CaptureKind;
pub use end_reason::EndReason;
pub use feature::Feature;
pub use network_type::NetworkType;
pub use phone_state::PhoneState;
pub use role::Role;
pub use video_state::VideoState;

/// A name that is not a word of the vocabulary it was read as.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} {word:?}")]
pub struct UnknownWord {
    /// What the word was read as, e.g. `role`.
    pub kind: &'static str,
    pub word: String,
}

/// Declares a vocabulary enum (see the module's documentation).
///
/// An optional `unknown` variant catches, when deserialising, the names a newer peer may
/// send that this build does not know; it is never in `ALL` and `FromStr` never returns it.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        pub enum $name:ident as $kind:literal {
            $( $(#[$variant_meta:meta])* $variant:ident = $text:literal, )+
        }
        $( unknown $(#[$unknown_meta:meta])* $unknown:ident = $unknown_text:literal; )?
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $( $(#[$variant_meta])* #[serde(rename = $text)] $variant, )+
            $( $(#[$unknown_meta])* #[serde(rename = $unknown_text, other)] $unknown, )?
        }

        impl $name {
            /// Every word, in declaration order.
            pub const ALL: [$name; [$($text),+].len()] = [$($name::$variant),+];

            /// The wire name.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $text, )+
                    $( $name::$unknown => $unknown_text, )?
                }
            }
        }

        /// In the OpenAPI description: a string that is one of the words (never `unknown`,
        /// which only a reader uses for words it does not know).
        #[cfg(feature = "utoipa")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .description(Some(concat!("A ", $kind, ": one of the listed words.")))
                    .enum_values(Some($name::ALL.iter().map(|word| word.as_str())))
                    .into()
            }
        }

        #[cfg(feature = "utoipa")]
        impl utoipa::ToSchema for $name {}

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::vocabulary::UnknownWord;

            /// Parses a wire name exactly, as stored or sent.
            fn from_str(word: &str) -> Result<Self, Self::Err> {
                $name::ALL
                    .into_iter()
                    .find(|known| known.as_str() == word)
                    .ok_or_else(|| $crate::vocabulary::UnknownWord { kind: $kind, word: word.to_owned() })
            }
        }
    };
}
pub(crate) use vocabulary;

#[cfg(test)]
mod tests {
    use super::*;

    /// Each word's serde form, `as_str` and `FromStr` agree, and names are unique.
    fn agrees<T>(all: &[T])
    where
        T: Copy + PartialEq + std::fmt::Debug + std::fmt::Display + serde::Serialize + std::str::FromStr<Err = UnknownWord>,
        T: for<'de> serde::Deserialize<'de>,
    {
        for word in all {
            let name = word.to_string();
            assert_eq!(serde_json::to_string(word).expect("serialise"), format!("{name:?}"));
            assert_eq!(serde_json::from_str::<T>(&format!("{name:?}")).expect("deserialise"), *word);
            assert_eq!(name.parse::<T>(), Ok(*word));
            assert_eq!(all.iter().filter(|other| other.to_string() == name).count(), 1, "{name} twice");
        }
        let unknown = "no such word".parse::<T>().expect_err("unknown");
        assert_eq!(unknown.word, "no such word");
    }

    #[test]
    fn every_word_serialises_parses_and_displays_as_its_one_name() {
        agrees(&BarcodeFormat::ALL);
        agrees(&Colour::ALL);
        agrees(&CaptureKind::ALL);
        agrees(&EndReason::ALL);
        agrees(&Feature::ALL);
        agrees(&NetworkType::ALL);
        agrees(&PhoneState::ALL);
        agrees(&Role::ALL);
        agrees(&VideoState::ALL);
    }
}
