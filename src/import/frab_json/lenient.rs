//! Lenient pieces for reading outside JSON with serde, without a `serde_json::Value` tree:
//! a field read as text whatever it holds ([`Text`]), object keys matched against a list
//! without copying them ([`KeyIn`]), map keys borrowed from the file where they have no
//! escapes ([`Name`]), and values skipped unread ([`skip`], within `serde_json`'s depth limit).
//!
//! None of them ever fails on a value of an unexpected type — only the JSON syntax can fail —
//! so a file is refused for being malformed, never for a quirk in a field hallway reads.

use std::borrow::Cow;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// A field as text: strings as they are (borrowed from the file when they have no escapes),
/// numbers as written (`serde_json` style: `7`, `-3`, `1.5`); anything else, and text that is
/// only blanks, is absent.
#[derive(Debug, Default, Clone)]
pub struct Text<'de>(pub Option<Cow<'de, str>>);

impl<'de> Text<'de> {
    pub fn as_deref(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

impl<'de> serde::Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TextVisitor)
    }
}

struct TextVisitor;

fn non_blank(text: Cow<'_, str>) -> Text<'_> {
    Text(Some(text).filter(|t| !t.trim().is_empty()))
}

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Text<'de>, E> {
        Ok(non_blank(Cow::Borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Text<'de>, E> {
        Ok(non_blank(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<Text<'de>, E> {
        Ok(non_blank(Cow::Owned(v)))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Text<'de>, E> {
        Ok(Text(Some(Cow::Owned(v.to_string()))))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Text<'de>, E> {
        Ok(Text(Some(Cow::Owned(v.to_string()))))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Text<'de>, E> {
        Ok(Text(
            serde_json::Number::from_f64(v).map(|n| Cow::Owned(n.to_string())),
        ))
    }

    fn visit_bool<E>(self, _: bool) -> Result<Text<'de>, E> {
        Ok(Text(None))
    }

    fn visit_unit<E>(self) -> Result<Text<'de>, E> {
        Ok(Text(None))
    }

    fn visit_none<E>(self) -> Result<Text<'de>, E> {
        Ok(Text(None))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Text<'de>, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Text<'de>, A::Error> {
        skip_seq(seq)?;
        Ok(Text(None))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Text<'de>, A::Error> {
        skip_map(map)?;
        Ok(Text(None))
    }
}

/// A value of any kind, read and dropped. Unlike serde's `IgnoredAny` (which `serde_json`
/// skips without counting depth), it goes through `deserialize_any`, so `serde_json`'s
/// recursion limit still applies: a value nested deeper than 128 levels is a located error, as
/// it was when the document was read into a `serde_json::Value`, and never a stack overflow.
struct Skip;

impl<'de> serde::Deserialize<'de> for Skip {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(SkipVisitor)
    }
}

struct SkipVisitor;

impl<'de> Visitor<'de> for SkipVisitor {
    type Value = Skip;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_str<E>(self, _: &str) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_unit<E>(self) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Skip, A::Error> {
        skip_seq(seq).map(|()| Skip)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Skip, A::Error> {
        skip_map(map).map(|()| Skip)
    }
}

/// Reads the rest of a list unread.
///
/// # Errors
/// The JSON is malformed.
pub fn skip_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<Skip>()?.is_some() {}
    Ok(())
}

/// Reads the rest of an object unread.
///
/// # Errors
/// The JSON is malformed.
pub fn skip_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, Skip>()?.is_some() {}
    Ok(())
}

/// Skips a value of any kind.
///
/// # Errors
/// The JSON is malformed.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<Skip>().map(|_| ())
}

/// An object key looked up in a list of the keys a reader wants: its position there, or
/// `None` for a key to skip. The key is compared where it lies; nothing is copied.
pub struct KeyIn(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for KeyIn {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<usize>, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for KeyIn {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E>(self, v: &str) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|k| *k == v))
    }
}

/// A map key kept as text (a room's name), borrowed from the file when it has no escapes.
pub struct Name<'de>(pub Cow<'de, str>);

impl<'de> serde::Deserialize<'de> for Name<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(NameVisitor)
    }
}

struct NameVisitor;

impl<'de> Visitor<'de> for NameVisitor {
    type Value = Name<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Name<'de>, E> {
        Ok(Name(Cow::Borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Name<'de>, E> {
        Ok(Name(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<Name<'de>, E> {
        Ok(Name(Cow::Owned(v)))
    }
}

/// The `visit_*` methods of a visitor for the kinds of value it does not read, each answering
/// `$none`: a reader given a number where it wants an object reads nothing there rather than
/// failing. The base kinds are booleans, numbers and null; `str`, `seq` and `map` add those.
macro_rules! other_kinds {
    ($de:lifetime, $ty:ty, $none:expr $(, $extra:ident)*) => {
        fn visit_bool<E>(self, _: bool) -> Result<$ty, E> {
            Ok($none)
        }
        fn visit_i64<E>(self, _: i64) -> Result<$ty, E> {
            Ok($none)
        }
        fn visit_u64<E>(self, _: u64) -> Result<$ty, E> {
            Ok($none)
        }
        fn visit_f64<E>(self, _: f64) -> Result<$ty, E> {
            Ok($none)
        }
        fn visit_unit<E>(self) -> Result<$ty, E> {
            Ok($none)
        }
        $( other_kinds!(@$extra $de, $ty, $none); )*
    };
    (@str $de:lifetime, $ty:ty, $none:expr) => {
        fn visit_str<E>(self, _: &str) -> Result<$ty, E> {
            Ok($none)
        }
    };
    (@seq $de:lifetime, $ty:ty, $none:expr) => {
        fn visit_seq<A: serde::de::SeqAccess<$de>>(self, seq: A) -> Result<$ty, A::Error> {
            $crate::import::frab_json::lenient::skip_seq(seq)?;
            Ok($none)
        }
    };
    (@map $de:lifetime, $ty:ty, $none:expr) => {
        fn visit_map<A: serde::de::MapAccess<$de>>(self, map: A) -> Result<$ty, A::Error> {
            $crate::import::frab_json::lenient::skip_map(map)?;
            Ok($none)
        }
    };
}
pub(crate) use other_kinds;
