//! Serde support for types that travel as one string (periods, document numbers, closed sets).

/// Implements `Serialize` through `Display` and `Deserialize` through `FromStr`
/// (`Err = ModelError`). Integers are accepted too and read through their decimal text, so
/// `online_level = 3` in TOML or a `3` cell in CSV works like `"3"`.
macro_rules! serde_via_str {
    ($t:ty, $expecting:literal) => {
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct StrVisitor;
                impl serde::de::Visitor<'_> for StrVisitor {
                    type Value = $t;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$t, E> {
                        v.parse::<$t>().map_err(E::custom)
                    }
                    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<$t, E> {
                        self.visit_str(&v.to_string())
                    }
                    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<$t, E> {
                        self.visit_str(&v.to_string())
                    }
                }
                d.deserialize_any(StrVisitor)
            }
        }
    };
}

pub(crate) use serde_via_str;
