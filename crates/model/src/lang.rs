//! The two languages of user-facing text, and the texts that have a wording in each.
//!
//! The libraries say why they refuse a value with a typed reason (an enum such as
//! [`DateReason`](crate::DateReason), or the engine's `RowReason`) rather than a sentence. A
//! reason's English wording is its `Display` — what embedders log, unchanged from the
//! sentences the libraries always wrote — and its Vietnamese wording sits next to it, in the
//! crate that detects it, as the [`Bilingual`] implementation. Both are exhaustive matches, so
//! a new reason cannot miss its Vietnamese wording. [`Lang`] is the one language selector of
//! the workspace: the CLI chooses it from `--lang` and the locale, and renders every message
//! with [`Bilingual::in_lang`].
//!
//! ```
//! use minhbach_model::{parse_date, Bilingual, Lang};
//! let e = parse_date("31/02/2021").unwrap_err();
//! assert_eq!(e.to_string(), "invalid date-time \"31/02/2021\": no such day in that month");
//! assert_eq!(
//!     e.in_lang(Lang::Vi).to_string(),
//!     "ngày giờ không hợp lệ \"31/02/2021\": tháng đó không có ngày này"
//! );
//! assert_eq!(e.in_lang(Lang::En).to_string(), e.to_string());
//! ```

use std::fmt;

/// The language of a user-facing text (messages, errors, reasons).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English: the `Display` of every error and reason.
    #[default]
    En,
    /// Vietnamese, as officials write it, with diacritics.
    Vi,
}

impl Lang {
    /// The language of a locale tag or a `--lang` value (`vi`, `vi_VN.UTF-8`, `en_US`):
    /// Vietnamese when it starts with `vi` (any case), English otherwise.
    ///
    /// ```
    /// use minhbach_model::Lang;
    /// assert_eq!(Lang::from_locale("vi_VN.UTF-8"), Lang::Vi);
    /// assert_eq!(Lang::from_locale("VI"), Lang::Vi);
    /// assert_eq!(Lang::from_locale("en_US.UTF-8"), Lang::En);
    /// assert_eq!(Lang::from_locale("C"), Lang::En);
    /// ```
    pub fn from_locale(tag: &str) -> Lang {
        if tag.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("vi")) {
            Lang::Vi
        } else {
            Lang::En
        }
    }
}

impl Lang {
    /// The one of two values that belongs to this language: `lang.pick("file", "tệp")`.
    ///
    /// ```
    /// use minhbach_model::Lang;
    /// assert_eq!(Lang::Vi.pick("file", "tệp"), "tệp");
    /// assert_eq!(Lang::En.pick("file", "tệp"), "file");
    /// ```
    pub fn pick<T>(self, en: T, vi: T) -> T {
        match self {
            Lang::En => en,
            Lang::Vi => vi,
        }
    }
}

/// Writes one of two wordings with `write!`: `say!(f, lang => "day {d}", "ngày {d}")`.
///
/// The two format strings sit side by side, so a reason's match has one arm per variant with
/// both wordings in it, instead of two matches of the same shape (one in `Display`, one in
/// [`Bilingual::fmt_vi`]). Pair it with [`bilingual_via_fmt_in!`](crate::bilingual_via_fmt_in).
///
/// The `=>` keeps rustfmt from spreading a call over five lines (it leaves macro calls it
/// cannot read as function calls as written): each call stays on one line, `say!(f, lang =>
/// "…", "…")`, so a long match reads as the table it is.
#[macro_export]
macro_rules! say {
    ($f:expr, $lang:expr => $en:literal, $vi:literal $(,)?) => {
        match $lang {
            $crate::Lang::En => ::std::write!($f, $en),
            $crate::Lang::Vi => ::std::write!($f, $vi),
        }
    };
}

/// Implements `Display` (English) and [`Bilingual`] (Vietnamese) for types that have an
/// inherent `fn fmt_in(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result`: the
/// one match that words every variant in both languages (usually with [`say!`](crate::say)).
///
/// ```
/// use minhbach_model::{bilingual_via_fmt_in, say, Bilingual, Lang};
/// use std::fmt;
///
/// /// Why a count was refused.
/// #[non_exhaustive]
/// #[derive(Debug)]
/// pub enum CountReason {
///     /// Below zero.
///     Negative(i64),
/// }
///
/// impl CountReason {
///     fn fmt_in(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
///         match self {
///             CountReason::Negative(n) => say!(f, lang => "{n} is negative", "{n} là số âm"),
///         }
///     }
/// }
/// bilingual_via_fmt_in!(CountReason);
///
/// let r = CountReason::Negative(-2);
/// assert_eq!(r.to_string(), "-2 is negative");
/// assert_eq!(r.in_lang(Lang::Vi).to_string(), "-2 là số âm");
/// ```
#[macro_export]
macro_rules! bilingual_via_fmt_in {
    ($($ty:ty),+ $(,)?) => {$(
        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                self.fmt_in($crate::Lang::En, f)
            }
        }
        impl $crate::Bilingual for $ty {
            fn fmt_vi(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                self.fmt_in($crate::Lang::Vi, f)
            }
        }
    )+};
}

/// A text with two wordings: English (its `Display`) and Vietnamese ([`Bilingual::fmt_vi`]).
///
/// Implemented by the libraries' error enums and typed reasons. Values the text names (a file,
/// a line, a cell as found) are written as they are in both languages.
pub trait Bilingual: fmt::Display {
    /// Writes the Vietnamese wording.
    fn fmt_vi(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;

    /// The wording in `lang`, for `format!` or `to_string()`.
    fn in_lang(&self, lang: Lang) -> InLang<'_, Self> {
        InLang { text: self, lang }
    }
}

/// A [`Bilingual`] text in one language ([`Bilingual::in_lang`]); displays that wording.
#[derive(Debug, Clone, Copy)]
pub struct InLang<'a, T: ?Sized> {
    text: &'a T,
    lang: Lang,
}

impl<T: Bilingual + ?Sized> fmt::Display for InLang<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.lang {
            Lang::En => fmt::Display::fmt(self.text, f),
            Lang::Vi => self.text.fmt_vi(f),
        }
    }
}

impl<T: Bilingual + ?Sized> Bilingual for &T {
    fn fmt_vi(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt_vi(f)
    }
}

impl<T: Bilingual + ?Sized> Bilingual for Box<T> {
    fn fmt_vi(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt_vi(f)
    }
}

/// Checks, for tests of the reason enums of every crate, that each value's Vietnamese wording
/// is non-empty and differs from its English one; returns the values that fail, worded.
#[doc(hidden)]
pub fn untranslated<T: Bilingual>(values: &[T]) -> Vec<String> {
    values
        .iter()
        .filter_map(|v| {
            let (en, vi) = (v.to_string(), v.in_lang(Lang::Vi).to_string());
            (vi.trim().is_empty() || vi == en).then(|| format!("{en:?} → {vi:?}"))
        })
        .collect()
}
