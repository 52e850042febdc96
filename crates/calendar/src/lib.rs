//! # minhbach-calendar
//!
//! The Vietnamese working-day calendar: lunar dates (UTC+7), Labour Code 2019 public holidays,
//! the government's yearly civil-service schedules, and due-date arithmetic for
//! administrative-procedure dossiers.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]
