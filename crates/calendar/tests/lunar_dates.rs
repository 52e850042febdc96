//! Known Vietnamese lunar dates: Tết 1990–2050, Giỗ Tổ, leap months, years where Vietnam and
//! China differ.
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too

use chrono::NaiveDate;
use minhbach_calendar::{
    can_chi_year, from_lunar, leap_month, lunar_new_year, month_length, to_lunar, CalendarError,
    LunarDate,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Tết (1 tháng Giêng) in Vietnam, 1990–2050, as (year, month, day). Published dates (they
/// agree with the Chinese New Year except 2007 and 2030, where Vietnam is one day earlier).
#[rustfmt::skip]
const TET: [(i32, u32, u32); 61] = [
    (1990, 1, 27), (1991, 2, 15), (1992, 2, 4), (1993, 1, 23), (1994, 2, 10),
    (1995, 1, 31), (1996, 2, 19), (1997, 2, 7), (1998, 1, 28), (1999, 2, 16),
    (2000, 2, 5), (2001, 1, 24), (2002, 2, 12), (2003, 2, 1), (2004, 1, 22),
    (2005, 2, 9), (2006, 1, 29), (2007, 2, 17), (2008, 2, 7), (2009, 1, 26),
    (2010, 2, 14), (2011, 2, 3), (2012, 1, 23), (2013, 2, 10), (2014, 1, 31),
    (2015, 2, 19), (2016, 2, 8), (2017, 1, 28), (2018, 2, 16), (2019, 2, 5),
    (2020, 1, 25), (2021, 2, 12), (2022, 2, 1), (2023, 1, 22), (2024, 2, 10),
    (2025, 1, 29), (2026, 2, 17), (2027, 2, 6), (2028, 1, 26), (2029, 2, 13),
    (2030, 2, 2), (2031, 1, 23), (2032, 2, 11), (2033, 1, 31), (2034, 2, 19),
    (2035, 2, 8), (2036, 1, 28), (2037, 2, 15), (2038, 2, 4), (2039, 1, 24),
    (2040, 2, 12), (2041, 2, 1), (2042, 1, 22), (2043, 2, 10), (2044, 1, 30),
    (2045, 2, 17), (2046, 2, 6), (2047, 1, 26), (2048, 2, 14), (2049, 2, 2),
    (2050, 1, 23),
];

#[test]
fn tet_1990_to_2050() {
    for (y, m, day) in TET {
        let tet = d(y, m, day);
        assert_eq!(lunar_new_year(y).unwrap(), tet, "Tết {y}");
        assert_eq!(
            to_lunar(tet).unwrap(),
            LunarDate::new(y, 1, 1, false),
            "{tet}"
        );
        // The day before is the last day of tháng Chạp of the previous year.
        let eve = to_lunar(tet.pred_opt().unwrap()).unwrap();
        assert_eq!((eve.year, eve.month, eve.leap), (y - 1, 12, false), "{tet}");
        assert!(eve.day == 29 || eve.day == 30);
    }
}

#[test]
fn years_where_vietnam_and_china_differ() {
    // Vietnam (UTC+7): 21/01/1985; China (UTC+8): 20/02/1985.
    assert_eq!(lunar_new_year(1985).unwrap(), d(1985, 1, 21));
    assert_eq!(
        to_lunar(d(1985, 2, 20)).unwrap(),
        LunarDate::new(1985, 2, 1, false)
    );
    // 2007: Vietnam 17/02, China 18/02.
    assert_eq!(lunar_new_year(2007).unwrap(), d(2007, 2, 17));
    assert_eq!(
        to_lunar(d(2007, 2, 18)).unwrap(),
        LunarDate::new(2007, 1, 2, false)
    );
    // 2030: Vietnam 02/02, China 03/02.
    assert_eq!(lunar_new_year(2030).unwrap(), d(2030, 2, 2));
    // 1968: Vietnam 29/01, China 30/01 (the Tết offensive began on the Vietnamese date).
    assert_eq!(lunar_new_year(1968).unwrap(), d(1968, 1, 29));
}

#[test]
fn gio_to_hung_vuong() {
    let cases = [
        (2019, d(2019, 4, 14)),
        (2020, d(2020, 4, 2)),
        (2021, d(2021, 4, 21)),
        (2022, d(2022, 4, 10)),
        (2023, d(2023, 4, 29)),
        (2024, d(2024, 4, 18)),
        (2025, d(2025, 4, 7)),
        (2026, d(2026, 4, 26)),
    ];
    for (y, date) in cases {
        assert_eq!(
            from_lunar(LunarDate::new(y, 3, 10, false)).unwrap(),
            date,
            "{y}"
        );
        assert_eq!(to_lunar(date).unwrap(), LunarDate::new(y, 3, 10, false));
    }
}

#[test]
fn leap_months() {
    let cases = [
        (2012, Some(4)),
        (2014, Some(9)),
        (2017, Some(6)),
        (2020, Some(4)),
        (2021, None),
        (2023, Some(2)),
        (2024, None),
        (2025, Some(6)),
        (2028, Some(5)),
        (2031, Some(3)),
        (2033, Some(11)),
    ];
    for (y, leap) in cases {
        assert_eq!(leap_month(y).unwrap(), leap, "{y}");
    }
    // 1 tháng 4 nhuận Canh Tý = 23/05/2020; 1 tháng 2 nhuận Quý Mão = 22/03/2023;
    // 1 tháng 6 nhuận Ất Tỵ = 25/07/2025.
    assert_eq!(
        from_lunar(LunarDate::new(2020, 4, 1, true)).unwrap(),
        d(2020, 5, 23)
    );
    assert_eq!(
        from_lunar(LunarDate::new(2023, 2, 1, true)).unwrap(),
        d(2023, 3, 22)
    );
    assert_eq!(
        from_lunar(LunarDate::new(2025, 6, 1, true)).unwrap(),
        d(2025, 7, 25)
    );
    assert_eq!(
        to_lunar(d(2025, 7, 25)).unwrap(),
        LunarDate::new(2025, 6, 1, true)
    );
    // A leap flag on a month that is not leap is an error naming the date.
    let e = from_lunar(LunarDate::new(2024, 4, 1, true)).unwrap_err();
    assert!(matches!(e, CalendarError::InvalidLunarDate { .. }));
    assert!(e.to_string().contains("01/04 nhuận/2024"), "{e}");
}

#[test]
fn every_year_has_twelve_or_thirteen_months() {
    for y in 1900..=2100 {
        let tet = lunar_new_year(y).unwrap();
        let next = if y < 2100 {
            lunar_new_year(y + 1).unwrap()
        } else {
            continue;
        };
        let days = (next - tet).num_days();
        match leap_month(y).unwrap() {
            Some(_) => assert!((383..=385).contains(&days), "{y}: {days}"),
            None => assert!((353..=355).contains(&days), "{y}: {days}"),
        }
    }
}

#[test]
fn invalid_and_out_of_range() {
    for bad in [
        LunarDate::new(2021, 0, 1, false),
        LunarDate::new(2021, 13, 1, false),
        LunarDate::new(2021, 1, 0, false),
        LunarDate::new(2021, 1, 31, false),
    ] {
        assert!(
            matches!(from_lunar(bad), Err(CalendarError::InvalidLunarDate { .. })),
            "{bad}"
        );
    }
    // 29-day month: tháng Chạp Tân Sửu (Tết 2022 on 01/02/2022 after 29 Chạp).
    assert_eq!(month_length(2021, 12, false).unwrap(), 29);
    assert!(from_lunar(LunarDate::new(2021, 12, 30, false)).is_err());
    assert!(to_lunar(d(1899, 12, 31)).is_err());
    assert!(to_lunar(d(2101, 1, 1)).is_err());
    assert!(to_lunar(d(1900, 1, 1)).is_ok());
    assert!(to_lunar(d(2100, 12, 31)).is_ok());
    assert!(matches!(
        from_lunar(LunarDate::new(2500, 1, 1, false)),
        Err(CalendarError::LunarOutOfRange { .. })
    ));
    assert!(leap_month(1800).is_err());
}

#[test]
fn can_chi() {
    assert_eq!(can_chi_year(2021), "Tân Sửu");
    assert_eq!(can_chi_year(2020), "Canh Tý");
    assert_eq!(can_chi_year(2025), "Ất Tỵ");
    assert_eq!(can_chi_year(2026), "Bính Ngọ");
    assert_eq!(can_chi_year(2023), "Quý Mão");
    assert_eq!(can_chi_year(1945), "Ất Dậu");
    assert_eq!(can_chi_year(1984), "Giáp Tý");
    assert_eq!(LunarDate::new(2019, 1, 1, false).year_name(), "Kỷ Hợi");
}

#[test]
fn full_range_round_trip() {
    // Every solar day 1900–2100 converts to a lunar date that converts back.
    let mut day = d(1900, 1, 1);
    let last = d(2100, 12, 31);
    let mut prev: Option<LunarDate> = None;
    while day <= last {
        let l = to_lunar(day).unwrap();
        assert_eq!(from_lunar(l).unwrap(), day, "{day} -> {l}");
        if let Some(p) = prev {
            // Consecutive days: next day in the same month, or day 1 of the next month.
            assert!(
                l.day == p.day + 1 || (l.day == 1 && (p.day == 29 || p.day == 30)),
                "{day}"
            );
        }
        prev = Some(l);
        day = day.succ_opt().unwrap();
    }
}

#[test]
fn serde_round_trip() {
    let l = LunarDate::new(2020, 4, 1, true);
    let json = serde_json::to_string(&l).unwrap();
    assert_eq!(json, r#"{"year":2020,"month":4,"day":1,"leap":true}"#);
    assert_eq!(serde_json::from_str::<LunarDate>(&json).unwrap(), l);
}
