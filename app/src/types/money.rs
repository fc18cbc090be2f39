//! Money is integer cents plus an ISO currency code; this formats it for people.

use serde::{Deserialize, Serialize};

/// An amount with its currency and how people read it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(async_graphql::SimpleObject, utoipa::ToSchema))]
pub struct Money {
    pub cents: i64,
    pub currency: String,
    pub display: String,
}

impl Money {
    pub fn new(cents: i64, currency: &str) -> Money {
        Money {
            cents,
            currency: currency.to_owned(),
            display: format_cents(cents, currency),
        }
    }
}

/// `12345` → `"12,345"`.
pub fn group_digits(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        grouped.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    grouped
}

/// `format_cents(439100, "USD")` → `"$4,391.00"`; other currencies print their code: `"1,234.50 EUR"`.
pub fn format_cents(cents: i64, currency: &str) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let amount = format!("{}.{:02}", group_digits((abs / 100) as i64), abs % 100);
    match currency {
        "USD" => format!("{sign}${amount}"),
        other => format!("{sign}{amount} {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::format_cents;

    #[test]
    fn formats_with_grouping_and_sign() {
        assert_eq!(format_cents(0, "USD"), "$0.00");
        assert_eq!(format_cents(5, "USD"), "$0.05");
        assert_eq!(format_cents(439_100, "USD"), "$4,391.00");
        assert_eq!(format_cents(123_456_789, "USD"), "$1,234,567.89");
        assert_eq!(format_cents(-39_900, "USD"), "-$399.00");
        assert_eq!(format_cents(123_450, "EUR"), "1,234.50 EUR");
        assert_eq!(super::group_digits(-1_234_567), "-1,234,567");
        assert_eq!(super::group_digits(999), "999");
    }
}
